package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
)

// Every row says its state three ways: the colour, the shape of its mark (the tray's
// tick, "!", cross) and the word; the services in trouble come first.
func TestRowsShowShapeWordAndDownFirst(t *testing.T) {
	eng := &fakeEngine{snap: status.Snapshot{Services: []status.ServiceState{
		{Name: "Intranet", Status: status.Up, Last: status.Result{Latency: 12 * time.Millisecond}},
		{Name: "Mail", Status: status.Degraded, Last: status.Result{Reason: "slow"}},
		{Name: "Wiki", Status: status.Down, Last: status.Result{Reason: "HTTP 503"}},
	}}}
	h := newHarness(t, "", threeServices, Deps{Engine: eng})
	h.s.Show()
	h.q.waitFor(t, "the snapshot", func() bool { return len(h.s.states) == 3 })
	var order []string
	for _, svc := range h.s.list.items {
		order = append(order, svc.Name)
	}
	if strings.Join(order, ",") != "Wiki,Mail,Intranet" {
		t.Errorf("order %v, want the down one, the degraded one, then the rest", order)
	}
	for name, want := range map[string]struct{ icon, word string }{
		"Wiki": {"down-32.png", "Down: HTTP 503"}, "Mail": {"degraded-32.png", "Degraded: slow"}, "Intranet": {"up-32.png", "Up, 12 ms"},
	} {
		mark, cell := h.rowOf(name)
		if mark.Resource.Name() != want.icon || cell.Text != want.word {
			t.Errorf("%s: mark %s, words %q; want %s, %q", name, mark.Resource.Name(), cell.Text, want.icon, want.word)
		}
	}
	// The selection follows its service when the order changes.
	h.selectService("Intranet")
	eng.mu.Lock()
	eng.snap.Services[0].Status = status.Down
	eng.mu.Unlock()
	h.s.applySnapshot(eng.Snapshot())
	if svc, ok := h.s.list.current(); !ok || svc.Name != "Intranet" {
		t.Errorf("after the re-sort the selection is %q", svc.Name)
	}
}

// A search that finds nothing says so, instead of an empty table and "3 services".
func TestSearchWithNoMatch(t *testing.T) {
	h := newHarness(t, "", threeServices, Deps{})
	test.Type(h.s.list.filter, "zzz")
	if !h.s.list.noMatch.Visible() || h.s.list.noMatch.Text != "No service matches “zzz”." {
		t.Errorf("no-match note %v %q", h.s.list.noMatch.Visible(), h.s.list.noMatch.Text)
	}
	if h.s.list.info.Text != "None of the 3 services matches." {
		t.Errorf("info = %q", h.s.list.info.Text)
	}
	h.s.list.filter.SetText("wiki")
	if h.s.list.noMatch.Visible() || h.s.list.info.Text != "1 of 3 services match. Select one to edit it." {
		t.Errorf("one match: note shown %v, info %q", h.s.list.noMatch.Visible(), h.s.list.info.Text)
	}
}

// The remove question has no "?" watermark, marks Remove as destructive, puts the
// buttons in the platform's order, and Escape keeps the service.
func TestConfirmRemove(t *testing.T) {
	h := newHarness(t, "", threeServices, Deps{})
	h.selectService("Mail")
	test.Tap(h.s.list.remove)
	remove, keep := h.dialogKeyButton("Remove"), h.dialogKeyButton("Keep")
	if remove.Importance != widget.DangerImportance {
		t.Error("Remove is not marked as the destructive choice")
	}
	kx := fyne.CurrentApp().Driver().AbsolutePositionForObject(keep).X
	rx := fyne.CurrentApp().Driver().AbsolutePositionForObject(remove).X
	if dismissLast() != (kx > rx) {
		t.Errorf("Keep at x=%v, Remove at x=%v: not the platform's order", kx, rx)
	}
	// Escape on the focused button keeps the service.
	keep.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.w.Canvas().Overlays().Top() != nil || len(h.s.loaded.Merged.Services) != 3 {
		t.Fatal("Escape did not close the question, or removed the service")
	}
	// Escape with nothing focused (the window's keys) closes it too.
	test.Tap(h.s.list.remove)
	h.w.Canvas().Unfocus()
	h.s.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.w.Canvas().Overlays().Top() != nil || len(h.s.dialogs) != 0 {
		t.Fatal("Escape did not close the question")
	}
	test.Tap(h.s.list.remove)
	test.Tap(&h.dialogKeyButton("Remove").Button)
	if len(h.s.loaded.Merged.Services) != 2 {
		t.Fatal("Remove did not remove")
	}
}

// The organisation's values read "set by your organisation", not "(the default)".
func TestPreferencesSayWhatTheOrganisationSet(t *testing.T) {
	machine := "[defaults]\ninterval = \"5m\"\nfailure_threshold = 3\n"
	h := newHarness(t, machine, oneService, Deps{})
	p := h.s.prefs
	if got := p.interval.sel.Selected; got != "Set by your organisation (5 min)" {
		t.Errorf("interval shows %q", got)
	}
	if got := p.failures.PlaceHolder; got != "3 (set by your organisation)" {
		t.Errorf("failures placeholder %q", got)
	}
	if got := p.successes.PlaceHolder; got != "1 (the default)" && !strings.HasSuffix(got, "(the default)") {
		t.Errorf("successes placeholder %q", got)
	}
	h2 := newHarness(t, "[notifications]\nsound_critical = false\n", oneService, Deps{})
	if got := h2.s.prefs.soundCritical.Text; got != "Play a sound for critical services' Down notices (set by your organisation)" || h2.s.prefs.soundCritical.Checked {
		t.Errorf("the organisation's sound switch reads %q, ticked %v", got, h2.s.prefs.soundCritical.Checked)
	}
	if got := h2.s.prefs.enabled.Text; got != "Show notifications" {
		t.Errorf("a switch the organisation left alone reads %q", got)
	}
}

// Language and the critical sound are saved to the user's file.
func TestPreferencesLanguageAndSound(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	p := h.s.prefs
	if p.language.Selected != "System" || !p.soundCritical.Checked {
		t.Fatalf("language %q, sound %v at first", p.language.Selected, p.soundCritical.Checked)
	}
	p.language.SetSelected("한국어")
	test.Tap(p.soundCritical)
	test.Tap(p.saveBtn)
	c := h.userFile()
	if c.Interface.Language != "ko" || c.Notifications.SoundCritical == nil || *c.Notifications.SoundCritical {
		t.Errorf("saved language %q, sound %v", c.Interface.Language, c.Notifications.SoundCritical)
	}
}

// The first run turns starting at login on, with the box ticked; unticking it sticks.
func TestWelcomeOffersAutostart(t *testing.T) {
	a := &fakeAutostart{}
	h := newHarness(t, "", "", Deps{Autostart: a})
	if !a.on || h.s.welcome.autostart == nil || !h.s.welcome.autostart.Checked {
		t.Fatalf("first run: autostart %v, box %v", a.on, h.s.welcome.autostart)
	}
	test.Tap(h.s.welcome.autostart)
	if a.on {
		t.Fatal("unticking did not turn autostart off")
	}
	// The next start is not a first run any more.
	h2 := NewSettings(fyne.CurrentApp(), Deps{Files: h.files, Autostart: a})
	h2.Window()
	if a.on || h2.welcome.autostart.Checked {
		t.Error("a later start turned autostart back on")
	}
}

// The About window fits 480×360 with long paths and version, and says "(none)".
func TestAboutFits(t *testing.T) {
	a := test.NewTempApp(t)
	ab := NewAbout(a, AboutInfo{Version: "0.1.0 (commit 0123456789ab, built 2026-11-27T10:00:00Z)",
		UserFile: "/home/someone.with.a.long.name/.config/uptray/config.toml",
		LogFile:  "/home/someone.with.a.long.name/.cache/uptray/uptray.log", Diagnostics: func() string { return "" }})
	ab.Show()
	if min := ab.win.Content().MinSize(); min.Width > aboutSize.Width || min.Height > aboutSize.Height {
		t.Errorf("About needs %v, more than %v", min, aboutSize)
	}
	if s := ab.win.Canvas().Size(); s.Width > aboutSize.Width || s.Height > aboutSize.Height {
		t.Errorf("About window is %v", s)
	}
	test.Tap(&ab.copyBtn.Button) // the note after copying fits too
	if min := ab.win.Content().MinSize(); min.Width > aboutSize.Width || min.Height > aboutSize.Height {
		t.Errorf("with the note, About needs %v, more than %v", min, aboutSize)
	}
	var texts []string
	for _, o := range test.LaidOutObjects(ab.win.Content()) {
		if rt, ok := o.(*widget.RichText); ok {
			texts = append(texts, rt.String())
		}
	}
	if !strings.Contains(strings.Join(texts, "\n"), "(none)") {
		t.Errorf("no (none) for the absent machine file: %q", texts)
	}
}

// In Korean the windows speak Korean, Fyne's own buttons too.
func TestKoreanWindows(t *testing.T) {
	i18n.SetLanguage("ko")
	t.Cleanup(func() { i18n.SetLanguage("en") })
	h := newHarness(t, "", threeServices, Deps{})
	if got := h.s.tabs.Items[0].Text; got != "서비스" {
		t.Errorf("Services tab reads %q", got)
	}
	if got := h.s.list.info.Text; !strings.Contains(got, "서비스 3개") {
		t.Errorf("info = %q", got)
	}
	if got := i18n.StatusWord(status.Down); got != "장애" {
		t.Errorf("Down = %q", got)
	}
}

// The tabs take no focus: Ctrl+Tab (also from the search field) and Ctrl+Shift+Tab
// move between them.
func TestCtrlTabSwitchesTabs(t *testing.T) {
	h := newHarness(t, "", threeServices, Deps{})
	next := &desktop.CustomShortcut{KeyName: fyne.KeyTab, Modifier: fyne.KeyModifierControl}
	h.w.Canvas().Focus(h.s.list.filter)
	h.s.list.filter.TypedShortcut(next)
	if got := h.s.tabs.SelectedIndex(); got != sourcesTab {
		t.Fatalf("Ctrl+Tab in the search field: tab %d", got)
	}
	h.w.Canvas().(fyne.Shortcutable).TypedShortcut(next)
	h.w.Canvas().(fyne.Shortcutable).TypedShortcut(next)
	if got := h.s.tabs.SelectedIndex(); got != servicesTab {
		t.Fatalf("Ctrl+Tab does not go round: tab %d", got)
	}
	h.w.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyTab, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift})
	if got := h.s.tabs.SelectedIndex(); got != prefsTab {
		t.Fatalf("Ctrl+Shift+Tab: tab %d", got)
	}
}

// An error's title is a whole sentence, whether a caller passes one or an old-style verb.
func TestCouldNotTitles(t *testing.T) {
	for in, want := range map[string]string{
		"Could not save the preferences": "Could not save the preferences",
		"save the service":               "Could not save the service",
		"move it to the keychain":        "Could not move it to the keychain",
		"rename it":                      "Could not rename it",
	} {
		if got := couldNot(in); got != want {
			t.Errorf("couldNot(%q) = %q, want %q", in, got, want)
		}
	}
}

// After a change of language, the windows not shown are built anew in it, and the
// settings window when it is next opened.
func TestWindowsFollowANewLanguage(t *testing.T) {
	t.Cleanup(func() { i18n.SetLanguage("en") })
	h := newHarness(t, "", threeServices, Deps{})
	a := fyne.CurrentApp()
	ab := NewAbout(a, AboutInfo{Diagnostics: func() string { return "" }})
	ab.Show()
	ab.hide()
	h.s.Show()

	i18n.SetLanguage("ko")
	ab.Forget()
	h.s.ForgetOnHide()
	ab.Show()
	if got := ab.win.Title(); got != "Uptray 정보" {
		t.Errorf("About after the change: %q", got)
	}
	if got := h.s.win.Title(); got != "Uptray Settings" {
		t.Errorf("the settings window changed while shown: %q", got)
	}
	h.s.hide()
	if got := h.s.Window().Title(); got != "Uptray 설정" {
		t.Errorf("the settings window opened again: %q", got)
	}
}

// Import's Replace throws away the user's settings: it is marked as destructive, and
// Escape cancels the question.
func TestImportReplaceIsDestructive(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	h.s.importData("team.toml", []byte("[[services]]\nname = \"Wiki\"\nkind = \"http\"\ntarget = \"https://wiki.example.com\"\n"))
	if imp := h.dialogKeyButton("Replace").Importance; imp != widget.DangerImportance {
		t.Errorf("Replace has importance %v", imp)
	}
	if !strings.Contains(h.dialogText(), "team.toml holds 1 service.") {
		t.Errorf("the question says %q", h.dialogText())
	}
	h.dialogKeyButton("Cancel").TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.w.Canvas().Overlays().Top() != nil || len(h.s.loaded.Merged.Services) != 1 {
		t.Error("Escape did not cancel the import")
	}
}
