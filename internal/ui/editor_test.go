package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/uptray/uptray/internal/catalog"
	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
)

const lockedService = `
[[services]]
name = "Payroll"
kind = "http"
target = "https://payroll.example.com"
interval = "5m"
max_latency = "2s"
group = "HR"
fallback = "Call the payroll desk on 4321 and ask them to enter the hours by hand; they keep a paper form for days like this."
critical = true
`

// A service of the organisation's opens read-only: every field shown, with its
// value, and greyed; the fallback whole; the note; no Save, and Close closes.
func TestLockedServiceOpensReadOnly(t *testing.T) {
	h := newHarness(t, lockedService, oneService, Deps{Test: httpCheck})
	svc, ok := h.s.loaded.Merged.Service("Payroll")
	if !ok || !svc.Managed {
		t.Fatalf("Payroll not managed: %+v", svc)
	}
	h.s.openService(svc)
	e := h.s.editor
	if e.title.Text != "“Payroll” (set by your organisation)" {
		t.Errorf("title = %q", e.title.Text)
	}
	if !e.readOnly || !e.lockNote.Visible() || e.save_.Visible() || e.cancelBtn.Text != "Close" {
		t.Fatal("not read-only")
	}
	if !strings.Contains(h.allText(), "Set by your organisation — read only") {
		t.Error("no line says the service is the organisation's")
	}
	if e.name.Text != "Payroll" || e.target.Text != "https://payroll.example.com" || e.intervalPick.sel.Selected != "5 min" ||
		e.options["max_latency"].dur.sel.Selected != "2 s" || e.group.Text != "HR" || !e.critical.Checked ||
		e.fall.Text != svc.Fallback {
		t.Errorf("values not shown: name %q target %q interval %q latency %q group %q fallback %q",
			e.name.Text, e.target.Text, e.intervalPick.sel.Selected, e.options["max_latency"].dur.sel.Selected, e.group.Text, e.fall.Text)
	}
	for key := range e.laidOut {
		if d, ok := e.widgets[key].(fyne.Disableable); ok && !d.Disabled() {
			t.Errorf("%s can be changed", key)
		}
	}
	if !e.group.Disabled() || !e.fall.MultiLine || e.fall.Wrapping != fyne.TextWrapWord {
		t.Error("the fallback is not shown whole, or the group can be changed")
	}
	if e.summary.Text != "" {
		t.Errorf("summary = %q", e.summary.Text)
	}
	// Enter does not save it into the user's file; Escape closes.
	h.w.Canvas().Focus(e.cancelBtn)
	e.fieldForm.onSave()
	if _, ok := h.userFile().Service("Payroll"); ok {
		t.Fatal("a managed service was saved into the user's file")
	}
	h.s.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.s.editor != nil {
		t.Fatal("Escape left the read-only editor open")
	}
}

// Every control of the editor saves on Enter and cancels on Escape, not only the
// entries: a focused Select, check box or duration picker too.
func TestEditorKeysFromEveryControl(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	for _, tc := range []struct {
		name string
		key  func(e *editor) func(*fyne.KeyEvent)
	}{
		{"kind", func(e *editor) func(*fyne.KeyEvent) { return e.kind.TypedKey }},
		{"critical", func(e *editor) func(*fyne.KeyEvent) { return e.critical.TypedKey }},
		{"interval", func(e *editor) func(*fyne.KeyEvent) { return e.intervalPick.sel.TypedKey }},
		{"interval custom", func(e *editor) func(*fyne.KeyEvent) { return e.interval.TypedKey }},
	} {
		h.selectService("Intranet")
		h.s.list.editSelected()
		e := h.s.editor
		tc.key(e)(&fyne.KeyEvent{Name: fyne.KeyEscape})
		if h.s.editor != nil {
			t.Fatalf("%s: Escape did not cancel", tc.name)
		}
		h.selectService("Intranet")
		h.s.list.editSelected()
		e = h.s.editor
		e.intervalPick.sel.SetSelected("15 min")
		tc.key(e)(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if h.s.editor != nil {
			t.Fatalf("%s: Enter did not save", tc.name)
		}
		if got, _ := h.userFile().Service("Intranet"); got.Interval != config.D(15*time.Minute) {
			t.Fatalf("%s: saved interval %+v", tc.name, got.Interval)
		}
	}
}

// The interval is picked: the Default choice leaves it out of the file, a preset
// writes it, and Custom… takes what the user types.
func TestEditorDurationsArePicked(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	h.selectService("Intranet")
	h.s.list.editSelected()
	e := h.s.editor
	if e.intervalPick.sel.Selected != "Default (30 s)" || e.timeoutPick.sel.Selected != "Default (10 s)" {
		t.Errorf("defaults shown as %q, %q", e.intervalPick.sel.Selected, e.timeoutPick.sel.Selected)
	}
	e.intervalPick.sel.SetSelected("Custom…")
	if h.w.Canvas().Focused() != e.interval {
		t.Error("Custom… does not put the focus in its entry")
	}
	e.interval.SetText("")
	test.Type(e.interval, "2 min")
	e.timeoutPick.sel.SetSelected("5 s")
	test.Tap(e.save_)
	got, _ := h.userFile().Service("Intranet")
	if got.Interval != config.D(2*time.Minute) || got.Timeout != config.D(5*time.Second) {
		t.Fatalf("saved %+v / %+v", got.Interval, got.Timeout)
	}
	h.selectService("Intranet")
	h.s.list.editSelected()
	e = h.s.editor
	if e.intervalPick.sel.Selected != "Custom…" || e.interval.Text != "2m" || e.timeoutPick.sel.Selected != "5 s" {
		t.Errorf("reopened: %q %q %q", e.intervalPick.sel.Selected, e.interval.Text, e.timeoutPick.sel.Selected)
	}
	e.intervalPick.sel.SetSelected("Default (30 s)")
	test.Tap(e.save_)
	if got, _ := h.userFile().Service("Intranet"); got.Interval.Set {
		t.Errorf("Default wrote %+v", got.Interval)
	}
}

const sourceToTest = `
[[sources]]
name = "Ops Gatus"
kind = "gatus"
url = "https://gatus.example.com"
timeout = "3s"
`

// The monitoring-server editor's Test reads the server once with the form's values,
// off the UI goroutine, and says what it found, or why it could not.
func TestSourceEditorTest(t *testing.T) {
	var got config.Source
	answer := make(chan struct{})
	results, readErr := []status.Result{{Status: status.Up}, {Status: status.Down}, {Status: status.Up}}, error(nil)
	h := newHarness(t, "", sourceToTest, Deps{TestSource: func(ctx context.Context, src config.Source) ([]status.Result, error) {
		got = src
		if dl, ok := ctx.Deadline(); !ok || time.Until(dl) > 3*time.Second {
			return nil, errors.New("no deadline from the form's timeout")
		}
		<-answer
		return results, readErr
	}})
	h.s.tabs.SelectIndex(sourcesTab)
	h.selectSource("Ops Gatus")
	h.s.sources.editSelected()
	e := h.s.srcEdit
	tester := e.tester
	if tester == nil || tester.button.Disabled() {
		t.Fatal("no Test button")
	}
	e.url.SetText("https://gatus2.example.com")
	test.Tap(tester.button)
	if !tester.button.Disabled() || tester.button.Text != "Testing…" || !tester.progress.Visible() {
		t.Error("no sign of the test running")
	}
	answer <- struct{}{}
	h.q.waitFor(t, "the test's result", func() bool { return tester.cancel == nil })
	if got.URL != "https://gatus2.example.com" {
		t.Errorf("tested %q, not the form's address", got.URL)
	}
	if tester.result.Text != "3 checks found, 1 down" || !tester.mark.Visible() || tester.button.Disabled() {
		t.Errorf("result = %q (mark shown %v)", tester.result.Text, tester.mark.Visible())
	}
	test.Type(e.name, "x")
	if tester.result.Text != "Changed since the last test." {
		t.Errorf("after a change: %q", tester.result.Text)
	}

	results, readErr = nil, errors.New("HTTP 401 (want 200): check the token")
	test.Tap(tester.button)
	answer <- struct{}{}
	h.q.waitFor(t, "the test's error", func() bool { return tester.cancel == nil })
	if tester.result.Text != "Could not read the server: HTTP 401 (want 200): check the token" {
		t.Errorf("error result = %q", tester.result.Text)
	}

	// Closing the editor calls a test under way off; its answer is dropped.
	test.Tap(tester.button)
	test.Tap(e.cancelBtn)
	close(answer)
	h.q.waitFor(t, "the dropped answer", func() bool { return tester.cancel == nil })
	if h.s.srcEdit != nil {
		t.Error("the editor came back")
	}
}

// Without Deps.TestSource the editor offers no Test.
func TestSourceEditorWithoutTest(t *testing.T) {
	h := newHarness(t, "", sourceToTest, Deps{})
	h.s.tabs.SelectIndex(sourcesTab)
	h.selectSource("Ops Gatus")
	h.s.sources.editSelected()
	if h.s.srcEdit.tester != nil || strings.Contains(h.allText(), "Test reads the server") {
		t.Error("Test offered without a way to read servers")
	}
}

// In Korean the editors' words are Korean, and what users and vendors wrote is shown
// as written.
func TestEditorInKorean(t *testing.T) {
	i18n.SetLanguage("ko")
	defer i18n.SetLanguage("en")
	h := newHarness(t, lockedService, oneService, Deps{Test: httpCheck})
	svc, _ := h.s.loaded.Merged.Service("Payroll")
	h.s.openEditor(svc, svc.Name, "Payroll")
	text := h.allText()
	for _, want := range []string{"조직에서 설정함 — 읽기 전용", "닫기", svc.Fallback, "웹사이트 또는 웹 주소 (http)", "5분"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in the Korean editor", want)
		}
	}
	for _, english := range []string{"Set by your organisation", "Website or web address", "Close"} {
		if strings.Contains(text, english) {
			t.Errorf("%q left in English", english)
		}
	}
	if kindOf(kindLabel("dns")) != "dns" {
		t.Error("a translated kind label does not map back to its kind")
	}
}

// The network settings wait under "Advanced: network" until asked for; what is typed
// there is saved, a problem the validator finds shows under its field, and a set one
// is shown from the start.
func TestEditorNetworkSettings(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	h.selectService("Intranet")
	h.s.list.editSelected()
	e := h.s.editor
	if e.laidOut["proxy"] || !e.laidOut["network"] {
		t.Fatal("the network settings are shown before they are asked for")
	}
	n := e.net
	n.toggle.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter on the focused button shows them
	if !e.laidOut["proxy"] || !e.laidOut["key_file"] || h.w.Canvas().Focused() != n.proxy {
		t.Fatal("Show did not lay out the network settings and focus the proxy")
	}
	test.Type(n.proxy, "ftp://proxy")
	if e.errLabel["proxy"].Text == "" || !e.save_.Disabled() {
		t.Errorf("a bad proxy is not reported: %q", e.errLabel["proxy"].Text)
	}
	n.proxy.SetText("http://proxy.example.com:3128")
	test.Tap(e.save_)
	if got, _ := h.userFile().Service("Intranet"); got.Proxy != "http://proxy.example.com:3128" {
		t.Fatalf("saved proxy %q", got.Proxy)
	}
	h.selectService("Intranet")
	h.s.list.editSelected()
	if e = h.s.editor; !e.net.open || e.net.proxy.Text != "http://proxy.example.com:3128" {
		t.Error("a set proxy is hidden when the editor opens")
	}
}

// The organisation's proxy password is not shown in its read-only source.
func TestReadOnlySourceHidesProxyPassword(t *testing.T) {
	h := newHarness(t, managedSource+`proxy = "http://ops:hunter2@proxy.example.com:3128"
`, oneService, Deps{})
	h.s.tabs.SelectIndex(sourcesTab)
	h.selectSource("Org Alerts")
	h.s.sources.editSelected()
	e := h.s.srcEdit
	if !e.net.open || strings.Contains(e.net.proxy.Text, "hunter2") || !strings.Contains(e.net.proxy.Text, "proxy.example.com") {
		t.Errorf("proxy shown as %q (open %v)", e.net.proxy.Text, e.net.open)
	}
	if e.kc != nil {
		t.Error("the organisation's source offers to move its secrets to the keychain")
	}
	if src, _ := e.source(); src.Proxy != "http://ops:hunter2@proxy.example.com:3128" {
		t.Errorf("the read-only form lost the proxy's password for Test: %q", src.Proxy)
	}
}

// The buttons of the editors and their dialogs answer the keyboard as people expect:
// Enter presses the focused one (Space too, as Fyne's do), Escape cancels.
func TestEditorButtonsTakeEnterAndEscape(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{Test: httpCheck})
	h.selectService("Intranet")
	h.s.list.editSelected()
	e := h.s.editor
	e.test_.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.s.editor != nil {
		t.Fatal("Escape on Test did not cancel")
	}
	h.s.list.editSelected()
	e = h.s.editor
	e.cancelBtn.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.s.editor != nil {
		t.Fatal("Enter on Cancel did not cancel")
	}
	h.s.list.editSelected()
	e = h.s.editor
	e.group.SetText("Office")
	e.save_.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got, _ := h.userFile().Service("Intranet"); h.s.editor != nil || got.Group != "Office" {
		t.Fatalf("Enter on Save did not save (group %q)", got.Group)
	}

	test.Tap(h.s.list.add)
	c := h.s.openCatalog(func(catalog.Entry) {})
	c.cancel.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.s.catalog != nil {
		t.Error("Escape on the catalog's Cancel left it open")
	}
}
