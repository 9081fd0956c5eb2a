package ui

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
)

// A duration is picked, not typed: staff do not know that "1m" is Go for a minute.
// The picker is a Select of a few sensible values, "Default (30 s)" where the field
// may be left unset, and "Custom…", which shows an entry beside it for any other
// value in the config file's words ("90s", "2m30s"), or plain ones ("2 min", "2분").
//
// Use:
//
//	p := newDurationPicker(intervalPresets, func() { form.changed("interval") })
//	p.setDefault(30*time.Second, "")    // offer "Default (30 s)"; omit for a required value
//	p.set(cfg.Interval)                 // show a value (unset = the Default choice)
//	d := p.value()                      // config.Duration: unset, valid, or as typed (invalid)
//
// set never calls changed; the user's choices do.

// Presets offered by the pickers of each kind of duration.
var (
	intervalPresets   = []time.Duration{30 * time.Second, time.Minute, 5 * time.Minute, 15 * time.Minute}
	timeoutPresets    = []time.Duration{5 * time.Second, 10 * time.Second, 30 * time.Second, time.Minute}
	retryPresets      = []time.Duration{time.Second, 5 * time.Second, 10 * time.Second, 30 * time.Second}
	latencyPresets    = []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 5 * time.Second}
	feedWindowPresets = []time.Duration{time.Hour, 6 * time.Hour, 24 * time.Hour, 72 * time.Hour}
	reminderPresets   = []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, 4 * time.Hour}
)

// durationPicker is a Select of preset durations, a Default choice and Custom….
type durationPicker struct {
	widget.BaseWidget

	sel     *selectField
	custom  *field
	presets []time.Duration

	hasDefault  bool
	def         time.Duration
	defaultText string // the Default choice's label

	changed  func() // after a change by the user
	loading  bool   // set is showing a value: not the user's change
	disabled bool
	box      *fyne.Container
}

// newDurationPicker offers presets (and Custom…); changed follows the user's changes.
func newDurationPicker(presets []time.Duration, changed func()) *durationPicker {
	p := &durationPicker{presets: presets, changed: changed}
	p.sel = newSelectField(nil, func(string) { p.selected() })
	p.custom = newField(i18n.T("like 90s, 2m30s or 1h"))
	p.custom.OnChanged = func(string) { p.typed() }
	p.box = container.New(&pickerLayout{p: p}, p.sel, p.custom)
	p.custom.Hide()
	p.loading = true
	p.sel.SetOptions(p.options())
	p.sel.SetSelectedIndex(0)
	p.loading = false
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer draws the Select and, for Custom…, the entry beside it.
func (p *durationPicker) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(p.box)
}

// setDefault offers "Default (<d>)", or label instead when it is not "" (like "Set by
// your organisation (5 min)"), as the choice that leaves the value unset.
func (p *durationPicker) setDefault(d time.Duration, label string) {
	cur := p.value()
	p.hasDefault, p.def, p.defaultText = true, d, label
	if label == "" {
		p.defaultText = i18n.F("Default (%s)", humanDuration(d))
	}
	p.reset(cur)
}

// noDefault makes the value required: no Default choice.
func (p *durationPicker) noDefault() {
	cur := p.value()
	p.hasDefault = false
	p.reset(cur)
}

func (p *durationPicker) reset(cur config.Duration) {
	p.loading = true
	p.sel.SetOptions(p.options())
	p.loading = false
	p.set(cur)
}

func (p *durationPicker) customLabel() string { return i18n.T("Custom…") }

func (p *durationPicker) options() []string {
	var out []string
	if p.hasDefault {
		out = append(out, p.defaultText)
	}
	for _, d := range p.presets {
		out = append(out, humanDuration(d))
	}
	return append(out, p.customLabel())
}

// set shows d: unset is the Default choice (or the first preset when there is
// none), a preset its label, anything else (an invalid value too) Custom… with the
// value as written.
func (p *durationPicker) set(d config.Duration) {
	p.loading = true
	defer func() { p.loading = false }()
	switch {
	case !d.Set && p.hasDefault:
		p.sel.SetSelectedIndex(0)
		p.showCustom(false)
		return
	case !d.Set:
		d = config.D(p.presets[0])
	}
	if d.Valid {
		for _, pr := range p.presets {
			if pr == d.Duration {
				p.sel.SetSelected(humanDuration(pr))
				p.showCustom(false)
				return
			}
		}
	}
	p.sel.SetSelected(p.customLabel())
	p.custom.SetText(durText(d))
	p.showCustom(true)
}

// value is the duration chosen: unset for Default, or as typed in Custom… (invalid
// when it is not a duration, for the validator to name).
func (p *durationPicker) value() config.Duration {
	sel := p.sel.Selected
	if p.hasDefault && sel == p.defaultText {
		return config.Duration{}
	}
	for _, pr := range p.presets {
		if sel == humanDuration(pr) {
			return config.D(pr)
		}
	}
	text := strings.TrimSpace(p.custom.Text)
	if text == "" {
		if p.hasDefault {
			return config.Duration{}
		}
		return config.Duration{Set: true, Raw: `""`}
	}
	return parseDurationText(text)
}

// selected follows a choice in the Select: Custom… shows the entry, filled with the
// value chosen before so that it can be adjusted, and gives it the focus.
func (p *durationPicker) selected() {
	if p.loading {
		return
	}
	if p.sel.Selected == p.customLabel() {
		if strings.TrimSpace(p.custom.Text) == "" {
			d := p.def
			if !p.hasDefault {
				d = p.presets[0]
			}
			p.loading = true
			p.custom.SetText(config.Format(d))
			p.loading = false
		}
		p.showCustom(true)
		if c := fyne.CurrentApp(); c != nil {
			if cv := c.Driver().CanvasForObject(p); cv != nil {
				cv.Focus(p.custom)
			}
		}
	} else {
		p.showCustom(false)
	}
	p.userChanged()
}

// typed follows typing in the entry: text typed there is a custom value, whatever
// the Select showed (the entry is only visible with Custom…, but code and tests
// may type into it directly).
func (p *durationPicker) typed() {
	if p.loading {
		return
	}
	if p.sel.Selected != p.customLabel() {
		p.loading = true
		p.sel.SetSelected(p.customLabel())
		p.loading = false
		p.showCustom(true)
	}
	p.userChanged()
}

func (p *durationPicker) userChanged() {
	if !p.loading && p.changed != nil {
		p.changed()
	}
}

func (p *durationPicker) showCustom(on bool) {
	if on && !p.custom.Visible() {
		p.custom.Show()
	} else if !on && p.custom.Visible() {
		p.custom.Hide()
	}
	p.box.Refresh()
}

// Disable greys the picker out (a value the user may not change).
func (p *durationPicker) Disable() {
	p.disabled = true
	p.sel.Disable()
	p.custom.Disable()
}

// Enable lets the user change the value again.
func (p *durationPicker) Enable() {
	p.disabled = false
	p.sel.Enable()
	p.custom.Enable()
}

// Disabled reports whether the picker is greyed out.
func (p *durationPicker) Disabled() bool { return p.disabled }

// setOnFocus lets a scrolling form follow the focus into either part.
func (p *durationPicker) setOnFocus(f func()) {
	p.sel.setOnFocus(f)
	p.custom.setOnFocus(f)
}

// setKeys makes Enter and Escape in either part do what they do in the form.
func (p *durationPicker) setKeys(submit, escape func()) {
	p.sel.setKeys(submit, escape)
	p.custom.onEscape = escape
	p.custom.OnSubmitted = func(string) {
		if submit != nil {
			submit()
		}
	}
}

// pickerLayout gives the Select the width of its longest choice and the entry the
// rest, so that the Select does not change size with the choice.
type pickerLayout struct{ p *durationPicker }

func (l *pickerLayout) selectWidth() float32 {
	th := l.p.sel.Theme()
	w := float32(0)
	for _, o := range l.p.sel.Options {
		w = max(w, fyne.MeasureText(o, th.Size(theme.SizeNameText), fyne.TextStyle{}).Width)
	}
	pad := th.Size(theme.SizeNameInnerPadding)
	// At least pickerMinWidth, so that pickers one above the other line up.
	return max(w+pad*4+th.Size(theme.SizeNameInlineIcon), pickerMinWidth)
}

// pickerMinWidth is the least width of a picker's Select.
const pickerMinWidth = 170

func (l *pickerLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	sw := min(l.selectWidth(), size.Width)
	l.p.sel.Move(fyne.NewPos(0, 0))
	l.p.sel.Resize(fyne.NewSize(sw, size.Height))
	gap := theme.Padding()
	l.p.custom.Move(fyne.NewPos(sw+gap, 0))
	l.p.custom.Resize(fyne.NewSize(max(size.Width-sw-gap, 0), size.Height))
}

func (l *pickerLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := l.p.sel.MinSize()
	s.Width = max(s.Width, l.selectWidth())
	if l.p.custom.Visible() {
		c := l.p.custom.MinSize()
		s.Width += theme.Padding() + max(c.Width, 120)
		s.Height = max(s.Height, c.Height)
	}
	return s
}

// humanDuration writes a duration the way people read it: "30 s", "1 min", "6 h",
// "3 days", "500 ms", "90 s"; a mixed one ("1m30.5s") as the config file writes it.
func humanDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return config.Format(d)
	case d%(24*time.Hour) == 0:
		n := int(d / (24 * time.Hour))
		return i18n.N("%d days", n, n)
	case d%time.Hour == 0:
		return i18n.F("%d h", int(d/time.Hour))
	case d%time.Minute == 0:
		return i18n.F("%d min", int(d/time.Minute))
	case d%time.Second == 0:
		return i18n.F("%d s", int(d/time.Second))
	case d%time.Millisecond == 0 && d < time.Second:
		return i18n.F("%d ms", int(d/time.Millisecond))
	}
	return config.Format(d)
}

// durationToken is one number and its unit in what the user typed: "2 min", "30s",
// "1.5h", "2분".
var durationToken = regexp.MustCompile(`^(\d+(?:\.\d+)?)\s*([a-zµ]+|[가-힣]+)\s*`)

// durationUnits map the units people type to Go's; days become hours.
var durationUnits = map[string]string{ // i18n:ignore units typed by the user, not shown
	"ms": "ms", "millisecond": "ms", "milliseconds": "ms", "밀리초": "ms", // i18n:ignore Go units
	"s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s", "초": "s",
	"m": "m", "min": "m", "mins": "m", "minute": "m", "minutes": "m", "분": "m",
	"h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "시간": "h",
	"d": "d", "day": "d", "days": "d", "일": "d",
}

// parseDurationText reads a duration as the config file writes it ("90s", "2m30s")
// or as people type it ("2 min", "1 day", "5분"). What it cannot read is kept as
// typed, invalid, for the validator to report under the field.
func parseDurationText(text string) config.Duration {
	text = strings.TrimSpace(text)
	if text == "" {
		return config.Duration{}
	}
	if d, err := time.ParseDuration(text); err == nil {
		return config.D(d)
	}
	rest := strings.ToLower(text)
	var total time.Duration
	for rest != "" {
		m := durationToken.FindStringSubmatch(rest)
		if m == nil {
			return config.Duration{Set: true, Raw: strconv.Quote(text)}
		}
		unit, ok := durationUnits[m[2]]
		if !ok {
			return config.Duration{Set: true, Raw: strconv.Quote(text)}
		}
		num, _ := strconv.ParseFloat(m[1], 64)
		if unit == "d" {
			num, unit = num*24, "h"
		}
		d, err := time.ParseDuration(strconv.FormatFloat(num, 'f', -1, 64) + unit)
		if err != nil {
			return config.Duration{Set: true, Raw: strconv.Quote(text)}
		}
		total += d
		rest = rest[len(m[0]):]
	}
	return config.D(total)
}
