package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
)

func TestDurationPickerChoices(t *testing.T) {
	test.NewTempApp(t)
	changes := 0
	p := newDurationPicker(intervalPresets, func() { changes++ })
	p.setDefault(30*time.Second, "")
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(500, 100))

	want := []string{"Default (30 s)", "30 s", "1 min", "5 min", "15 min", "Custom…"}
	if got := p.sel.Options; len(got) != len(want) {
		t.Fatalf("options = %q, want %q", got, want)
	} else {
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("options = %q, want %q", got, want)
			}
		}
	}

	// Unset is the Default choice, and set never counts as the user's change.
	p.set(config.Duration{})
	if p.sel.Selected != "Default (30 s)" || p.custom.Visible() || p.value().Set {
		t.Errorf("unset: selected %q, custom shown %v, value %+v", p.sel.Selected, p.custom.Visible(), p.value())
	}
	p.set(config.D(5 * time.Minute))
	if p.sel.Selected != "5 min" || p.value() != config.D(5*time.Minute) {
		t.Errorf("5m: selected %q, value %+v", p.sel.Selected, p.value())
	}
	// A value off the list shows Custom… with the value as the config file writes it.
	p.set(config.D(90 * time.Second))
	if p.sel.Selected != "Custom…" || !p.custom.Visible() || p.custom.Text != "1m30s" {
		t.Errorf("90s: selected %q, custom %q shown %v", p.sel.Selected, p.custom.Text, p.custom.Visible())
	}
	// An invalid value from the file is kept as written, for the validator to name.
	p.set(config.Duration{Set: true, Raw: `"5"`})
	if v := p.value(); p.custom.Text != "5" || v.Valid || !v.Set {
		t.Errorf("invalid: custom %q, value %+v", p.custom.Text, v)
	}
	if changes != 0 {
		t.Errorf("set counted %d changes as the user's", changes)
	}

	// The user's choices.
	p.sel.SetSelected("1 min")
	if p.value() != config.D(time.Minute) || p.custom.Visible() || changes != 1 {
		t.Errorf("1 min: value %+v, custom shown %v, changes %d", p.value(), p.custom.Visible(), changes)
	}
	p.sel.SetSelected("Custom…")
	if !p.custom.Visible() || w.Canvas().Focused() != p.custom {
		t.Errorf("Custom… did not show and focus the entry (focused %v)", w.Canvas().Focused())
	}
	p.custom.SetText("")
	test.Type(p.custom, "2 min")
	if p.value() != config.D(2*time.Minute) {
		t.Errorf("typed 2 min: %+v", p.value())
	}
	p.sel.SetSelected("Default (30 s)")
	if p.value().Set {
		t.Errorf("Default: %+v", p.value())
	}
	// Typing in the entry makes the value custom, whatever the Select showed.
	p.custom.SetText("45s")
	if p.sel.Selected != "Custom…" || p.value() != config.D(45*time.Second) {
		t.Errorf("typed 45s: selected %q, value %+v", p.sel.Selected, p.value())
	}
}

func TestDurationPickerWithoutDefaultAndOrganisationLabel(t *testing.T) {
	test.NewTempApp(t)
	p := newDurationPicker(timeoutPresets, nil)
	if p.sel.Options[0] != "5 s" || p.sel.Selected != "5 s" {
		t.Errorf("without a default: options %q selected %q", p.sel.Options, p.sel.Selected)
	}
	p.set(config.Duration{}) // required: an unset value shows the first preset
	if p.value() != config.D(5*time.Second) {
		t.Errorf("unset without default = %+v", p.value())
	}
	p.setDefault(10*time.Second, "Set by your organisation (10 s)")
	p.set(config.Duration{})
	if p.sel.Selected != "Set by your organisation (10 s)" || p.value().Set {
		t.Errorf("organisation: selected %q, value %+v", p.sel.Selected, p.value())
	}
	p.Disable()
	if !p.sel.Disabled() || !p.custom.Disabled() {
		t.Error("Disable left a part enabled")
	}
}

func TestDurationPickerKeys(t *testing.T) {
	test.NewTempApp(t)
	saved, cancelled := 0, 0
	p := newDurationPicker(intervalPresets, nil)
	p.setKeys(func() { saved++ }, func() { cancelled++ })
	w := test.NewTempWindow(t, p)
	w.Canvas().Focus(p.sel)
	p.sel.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	p.sel.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	p.sel.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight}) // the Select's own keys still work
	if saved != 1 || cancelled != 1 || p.sel.Selected != "1 min" {
		t.Errorf("select keys: saved %d cancelled %d selected %q", saved, cancelled, p.sel.Selected)
	}
	p.sel.SetSelected("Custom…")
	p.custom.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	p.custom.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if saved != 2 || cancelled != 2 {
		t.Errorf("entry keys: saved %d cancelled %d", saved, cancelled)
	}
}

func TestDurationPickerKorean(t *testing.T) {
	test.NewTempApp(t)
	i18n.SetLanguage("ko")
	defer i18n.SetLanguage("en")
	p := newDurationPicker(intervalPresets, nil)
	p.setDefault(30*time.Second, "")
	if p.sel.Options[0] != "기본값 (30초)" || p.sel.Options[2] != "1분" || p.sel.Options[5] != "직접 입력…" {
		t.Errorf("Korean options = %q", p.sel.Options)
	}
	p.custom.SetText("2분 30초")
	if p.value() != config.D(150*time.Second) {
		t.Errorf("2분 30초 = %+v", p.value())
	}
}

func TestParseDurationText(t *testing.T) {
	for text, want := range map[string]time.Duration{
		"90s": 90 * time.Second, "2m30s": 150 * time.Second, "2 min": 2 * time.Minute,
		"1 hour": time.Hour, "1.5h": 90 * time.Minute, "2 days": 48 * time.Hour, "500ms": 500 * time.Millisecond,
		"5분": 5 * time.Minute, "1시간": time.Hour, " 30 S ": 30 * time.Second,
	} {
		if got := parseDurationText(text); !got.Valid || got.Duration != want {
			t.Errorf("%q = %+v, want %v", text, got, want)
		}
	}
	for _, text := range []string{"5", "abc", "5 parsecs", "1m x"} {
		if got := parseDurationText(text); got.Valid || !got.Set || got.Raw == "" {
			t.Errorf("%q = %+v, want invalid as typed", text, got)
		}
	}
	if got := parseDurationText("  "); got.Set {
		t.Errorf("blank = %+v", got)
	}
}

func TestHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Second: "30 s", time.Minute: "1 min", 6 * time.Hour: "6 h", 24 * time.Hour: "1 day",
		72 * time.Hour: "3 days", 500 * time.Millisecond: "500 ms", 90 * time.Second: "90 s", 1500 * time.Millisecond: "1.5s",
	} {
		if got := humanDuration(d); got != want {
			t.Errorf("%v = %q, want %q", d, got, want)
		}
	}
}
