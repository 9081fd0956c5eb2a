package ui

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// uiQueue stands in for fyne.Do: work from goroutines runs on the test goroutine
// when waitFor pumps it, as it would on the UI goroutine.
type uiQueue struct {
	mu  sync.Mutex
	fns []func()
}

func (q *uiQueue) do(f func()) {
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
}

func (q *uiQueue) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		q.mu.Lock()
		fns := q.fns
		q.fns = nil
		q.mu.Unlock()
		for _, f := range fns {
			f()
		}
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

type harness struct {
	t     *testing.T
	s     *Settings
	w     fyne.Window
	q     *uiQueue
	files config.Files
	saved []*config.Loaded
}

func newHarness(t *testing.T, machine, user string, deps Deps) *harness {
	t.Helper()
	test.NewTempApp(t)
	dir := t.TempDir()
	files := config.Files{Machine: filepath.Join(dir, "machine.toml"), User: filepath.Join(dir, "user", "config.toml")}
	if machine != "" {
		os.WriteFile(files.Machine, []byte(machine), 0o600)
	}
	if user != "" {
		os.MkdirAll(filepath.Dir(files.User), 0o700)
		os.WriteFile(files.User, []byte(user), 0o600)
	}
	h := &harness{t: t, q: &uiQueue{}, files: files}
	deps.Files = files
	deps.Saved = func(l *config.Loaded) { h.saved = append(h.saved, l) }
	h.s = NewSettings(fyne.CurrentApp(), deps)
	h.s.do = h.q.do
	h.w = h.s.Window()
	h.w.Resize(fyne.NewSize(820, 580))
	t.Cleanup(func() { h.s.stopPolling(); h.s.closeEditor() })
	return h
}

// userFile reads the saved user file strictly.
func (h *harness) userFile() *config.Config {
	h.t.Helper()
	c, err := config.LoadFile(h.files.User)
	if err != nil {
		h.t.Fatalf("user file: %v", err)
	}
	return c
}

func (h *harness) selectService(name string) {
	h.t.Helper()
	for i, svc := range h.s.list.items {
		if svc.Name == name {
			h.s.list.list.Select(i)
			return
		}
	}
	h.t.Fatalf("no %q in the list", name)
}

// dialogButton finds a button in the dialog on top of the window.
func (h *harness) dialogButton(text string) *widget.Button {
	h.t.Helper()
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		h.t.Fatalf("no dialog shown (looking for %q)", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
		if b, ok := o.(*keyButton); ok && b.Text == text {
			return &b.Button
		}
	}
	h.t.Fatalf("the dialog has no %q button", text)
	return nil
}

// dialogKeyButton is the button with that text in the dialog shown by askDialog.
func (h *harness) dialogKeyButton(text string) *keyButton {
	h.t.Helper()
	if top := h.w.Canvas().Overlays().Top(); top != nil {
		for _, o := range test.LaidOutObjects(top) {
			if b, ok := o.(*keyButton); ok && b.Text == text {
				return b
			}
		}
	}
	h.t.Fatalf("no dialog with a %q button", text)
	return nil
}

func (h *harness) dialogText() string {
	var b strings.Builder
	if top := h.w.Canvas().Overlays().Top(); top != nil {
		for _, o := range test.LaidOutObjects(top) {
			if l, ok := o.(*widget.Label); ok {
				b.WriteString(l.Text + "\n")
			}
		}
	}
	return b.String()
}

const oneService = `
[[services]]
name = "Intranet"
kind = "http"
target = "https://intranet.example.com"
group = "Web"
`

const managedService = `
[[services]]
name = "VPN"
kind = "tcp"
target = "vpn.example.com:443"
`

func TestFirstRunShowsWelcome(t *testing.T) {
	h := newHarness(t, "", "", Deps{})
	if got := h.s.svcArea.Objects[0]; got != h.s.welcome.content {
		t.Fatal("first run does not show the welcome")
	}
	test.Tap(h.s.welcome.suggest[0])
	if h.s.editor == nil || h.s.editor.name.Text != "Company website" || h.s.editor.target.Text != "https://www.example.com" {
		t.Fatal("a suggestion does not fill the editor")
	}
	if _, err := os.Stat(h.files.User); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a suggestion saved something: %v", err)
	}
	test.Tap(h.s.editor.cancelBtn)
	if h.s.svcArea.Objects[0] != h.s.welcome.content {
		t.Fatal("Cancel does not go back to the welcome")
	}
	test.Tap(h.s.welcome.add)
	if h.s.editor == nil || h.s.editor.name.Text != "" {
		t.Fatal("Add a service does not open an empty editor")
	}
}

func TestAddServiceThroughForm(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	if h.s.svcArea.Objects[0] != h.s.list.content {
		t.Fatal("the list is not shown")
	}
	test.Tap(h.s.list.add)
	e := h.s.editor
	test.Type(e.name, "Mail")
	e.kind.SetSelected(kindLabel("tcp"))
	test.Type(e.target, "mail.example.com:993")
	test.Type(e.interval, "30s")
	test.Type(e.typed("max_latency"), "2s")
	e.group.SetText("Mail")
	test.Type(e.fall, "Use webmail")
	test.Tap(e.critical)
	if e.save_.Disabled() {
		t.Fatalf("Save disabled for a valid service: %v", e.errs)
	}
	test.Tap(e.save_)
	if h.s.editor != nil {
		t.Fatal("the editor stays open after saving")
	}
	got, ok := h.userFile().Service("Mail")
	if !ok {
		t.Fatal("the new service is not in the saved file")
	}
	if got.Kind != "tcp" || got.Target != "mail.example.com:993" || got.Interval.Duration != 30*time.Second ||
		got.MaxLatency.Duration != 2*time.Second || got.Group != "Mail" || got.Fallback != "Use webmail" || !got.Critical {
		t.Errorf("saved %+v", got)
	}
	if _, ok := h.userFile().Service("Intranet"); !ok {
		t.Error("the other service was lost")
	}
	if len(h.saved) != 1 || len(h.saved[0].Merged.Services) != 2 {
		t.Errorf("Saved called %d times", len(h.saved))
	}
	if len(h.s.list.items) != 2 {
		t.Errorf("the list shows %d services", len(h.s.list.items))
	}
}

func TestEnterSavesEscapeCancels(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	test.Tap(h.s.list.add)
	test.Type(h.s.editor.name, "Wiki")
	test.Type(h.s.editor.target, "https://wiki.example.com")
	h.s.editor.target.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if _, ok := h.userFile().Service("Wiki"); !ok || h.s.editor != nil {
		t.Fatal("Enter did not save")
	}
	test.Tap(h.s.list.add)
	test.Type(h.s.editor.name, "Draft")
	h.s.editor.name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.s.editor != nil {
		t.Fatal("Escape did not cancel")
	}
	// Escape in the group field (pick one or type a new one) cancels too.
	test.Tap(h.s.list.add)
	test.Type(h.s.editor.group, "Team")
	h.s.editor.group.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.s.editor != nil {
		t.Fatal("Escape in the group field did not cancel")
	}
	// Escape with no field focused goes through the window.
	test.Tap(h.s.list.add)
	h.w.Canvas().Unfocus()
	h.w.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.s.editor != nil {
		t.Fatal("Escape on the window did not cancel")
	}
	if _, ok := h.userFile().Service("Draft"); ok {
		t.Fatal("a cancelled service was saved")
	}
}

func TestInvalidInputShowsErrorsAndSavesNothing(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	before, _ := os.ReadFile(h.files.User)
	test.Tap(h.s.list.add)
	e := h.s.editor
	test.Type(e.name, "Broken")
	test.Type(e.interval, "5")
	if !e.errLabel["interval"].Visible() || !strings.Contains(e.errLabel["interval"].Text, `"5" is not a duration`) {
		t.Errorf("interval error = %q (visible %v)", e.errLabel["interval"].Text, e.errLabel["interval"].Visible())
	}
	if !e.save_.Disabled() {
		t.Error("Save is enabled with errors")
	}
	// Enter shows every problem, including the untouched empty address, and saves nothing.
	e.name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.s.editor == nil {
		t.Fatal("the editor closed on an invalid service")
	}
	if l := e.errLabel["target"]; !l.Visible() || !strings.Contains(l.Text, "Address is missing") {
		t.Errorf("target error = %q (visible %v)", l.Text, l.Visible())
	}
	if !strings.Contains(e.summary.Text, "2 problems") {
		t.Errorf("summary = %q", e.summary.Text)
	}
	test.Tap(e.save_) // disabled: nothing happens
	after, _ := os.ReadFile(h.files.User)
	if string(before) != string(after) || len(h.saved) != 0 {
		t.Fatal("an invalid service changed the file")
	}
	// Fixing both makes it savable; a duplicate name is an error too.
	e.interval.SetText("5m")
	test.Type(e.target, "https://x.example.com")
	if e.save_.Disabled() {
		t.Fatalf("still invalid: %v", e.errs)
	}
	e.name.SetText("intranet")
	if !e.save_.Disabled() || !strings.Contains(e.errLabel["name"].Text, "already used") {
		t.Errorf("duplicate name not reported: %q", e.errLabel["name"].Text)
	}
}

func TestKindShowsItsOwnFields(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	test.Tap(h.s.list.add)
	e := h.s.editor
	shown := func(w fyne.CanvasObject) bool {
		for _, o := range e.form.Objects {
			if c, ok := o.(*fyne.Container); ok && c.Objects[0] == w {
				return true
			}
		}
		return false
	}
	e.kind.SetSelected(kindLabel("dns"))
	if !shown(e.widgets["record_type"]) || shown(e.widgets["expect_status"]) || e.target.PlaceHolder != config.TargetHint("dns") {
		t.Error("dns form shows the wrong fields")
	}
	e.kind.SetSelected(kindLabel("tls"))
	if !shown(e.widgets["cert_min_days"]) || shown(e.widgets["record_type"]) {
		t.Error("tls form shows the wrong fields")
	}
	test.Type(e.typed("cert_min_days"), "x")
	if !strings.Contains(e.errLabel["cert_min_days"].Text, "not a number") {
		t.Errorf("cert days error = %q", e.errLabel["cert_min_days"].Text)
	}
}

// httpCheck is a tiny real check for the tests.
func httpCheck(ctx context.Context, spec config.Spec) status.Result {
	ctx, cancel := context.WithTimeout(ctx, spec.Timeout)
	defer cancel()
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, spec.Target, nil)
	if err != nil {
		return status.Result{Status: status.Down, Reason: err.Error()}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		var op *net.OpError
		if errors.As(err, &op) {
			return status.Result{Status: status.Down, Reason: op.Op + ": " + op.Err.Error()}
		}
		return status.Result{Status: status.Down, Reason: err.Error()}
	}
	resp.Body.Close()
	if resp.StatusCode >= 400 {
		return status.Result{Status: status.Down, Reason: fmt.Sprintf("HTTP %d", resp.StatusCode), Latency: time.Since(start)}
	}
	return status.Result{Status: status.Up, Latency: time.Since(start)}
}

func TestTestButton(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()

	release := make(chan struct{})
	h := newHarness(t, "", oneService, Deps{Test: func(ctx context.Context, spec config.Spec) status.Result {
		<-release
		return httpCheck(ctx, spec)
	}})
	test.Tap(h.s.list.add)
	e := h.s.editor
	test.Type(e.target, srv.URL)
	test.Tap(e.test_)
	if !e.test_.Disabled() || e.test_.Text != "Testing…" || !e.progress.Visible() {
		t.Fatal("the Test button shows no progress")
	}
	test.Type(e.name, "Still typing") // the form stays responsive
	close(release)
	h.q.waitFor(t, "the test result", func() bool { return strings.HasPrefix(e.result.Text, "Up") })
	if e.test_.Disabled() || e.test_.Text != "Test" || e.progress.Visible() {
		t.Error("the Test button did not come back")
	}

	e.target.SetText("http://" + closed)
	test.Tap(e.test_)
	h.q.waitFor(t, "the failed result", func() bool { return strings.HasPrefix(e.result.Text, "Down") })
	if !strings.Contains(e.result.Text, "refused") {
		t.Errorf("result = %q, want the reason", e.result.Text)
	}
	if _, err := os.ReadFile(h.files.User); err != nil {
		t.Fatal(err)
	}
	if _, ok := h.userFile().Service("Still typing"); ok {
		t.Error("Test saved the service")
	}
}

func TestEditAndRemovePersist(t *testing.T) {
	h := newHarness(t, "", oneService+`
[[services]]
name = "Files"
kind = "tcp"
target = "files.example.com:445"
`, Deps{})
	h.selectService("Intranet")
	test.Tap(h.s.list.edit)
	e := h.s.editor
	if e.name.Text != "Intranet" || e.target.Text != "https://intranet.example.com" || e.group.Text != "Web" {
		t.Fatal("the editor does not show the service")
	}
	e.target.SetText("https://intranet.example.com/health")
	test.Tap(e.save_)
	got, _ := h.userFile().Service("Intranet")
	if got.Target != "https://intranet.example.com/health" {
		t.Fatalf("edit not saved: %+v", got)
	}
	if n := len(h.userFile().Services); n != 2 {
		t.Fatalf("%d services after an edit, want 2", n)
	}

	h.selectService("Files")
	test.Tap(h.s.list.remove)
	test.Tap(h.dialogButton("Keep"))
	if _, ok := h.userFile().Service("Files"); !ok {
		t.Fatal("removed without confirmation")
	}
	h.selectService("Files")
	test.Tap(h.s.list.remove)
	test.Tap(h.dialogButton("Remove"))
	if _, ok := h.userFile().Service("Files"); ok {
		t.Fatal("remove not saved")
	}
	if len(h.s.list.items) != 1 {
		t.Errorf("the list shows %d services", len(h.s.list.items))
	}

	h.selectService("Intranet")
	test.Tap(h.s.list.dup)
	if h.s.editor.name.Text != "Intranet (copy)" {
		t.Errorf("duplicate name = %q", h.s.editor.name.Text)
	}
	test.Tap(h.s.editor.save_)
	if n := len(h.userFile().Services); n != 2 {
		t.Fatalf("%d services after duplicate, want 2", n)
	}
}

func TestManagedServicesAreReadOnly(t *testing.T) {
	h := newHarness(t, managedService, oneService, Deps{})
	h.selectService("VPN")
	if h.s.list.edit.Disabled() || h.s.list.edit.Text != "View" || !h.s.list.remove.Disabled() {
		t.Errorf("a managed service: %q enabled %v, Remove enabled %v", h.s.list.edit.Text,
			!h.s.list.edit.Disabled(), !h.s.list.remove.Disabled())
	}
	if !strings.Contains(h.s.list.info.Text, "managed by your organisation") {
		t.Errorf("info = %q", h.s.list.info.Text)
	}
	h.s.list.removeSelected()
	if h.w.Canvas().Overlays().Top() != nil {
		t.Fatal("a managed service offered to be removed")
	}
	// View opens it read-only: the editor, greyed, with nothing to save.
	test.Tap(h.s.list.edit)
	if e := h.s.editor; e == nil || !e.readOnly || e.save_.Visible() || !e.name.Disabled() {
		t.Fatalf("a managed service did not open read-only: %+v", e)
	}
	h.s.editor.cancel()
	// Saving the user's services never writes the managed one into the user file.
	h.selectService("Intranet")
	test.Tap(h.s.list.edit)
	test.Tap(h.s.editor.save_)
	for _, svc := range h.userFile().Services {
		if svc.Name == "VPN" {
			t.Fatal("the managed service was written to the user file")
		}
	}
	// Its name is taken.
	test.Tap(h.s.list.add)
	test.Type(h.s.editor.name, "vpn")
	if !strings.Contains(h.s.editor.errLabel["name"].Text, "already used") {
		t.Errorf("name error = %q", h.s.editor.errLabel["name"].Text)
	}
}

func TestImport(t *testing.T) {
	h := newHarness(t, managedService, oneService, Deps{})
	before, _ := os.ReadFile(h.files.User)
	h.s.importData("bad.toml", []byte("[[services]]\nname = \"X\"\nkind = \"http\"\ntarget = \"not a url\"\ninterval = \"5\"\n"))
	if !strings.Contains(h.dialogText(), "nothing was changed") {
		t.Errorf("no error dialog: %q", h.dialogText())
	}
	after, _ := os.ReadFile(h.files.User)
	if string(before) != string(after) {
		t.Fatal("a bad import changed the config")
	}
	test.Tap(h.dialogButton("OK"))

	good := []byte(`
[[services]]
name = "Intranet"
kind = "http"
target = "https://other.example.com"

[[services]]
name = "Wiki"
kind = "http"
target = "https://wiki.example.com"

[[services]]
name = "VPN"
kind = "ping"
target = "vpn.example.com"
`)
	h.s.importData("good.toml", good)
	test.Tap(h.dialogButton("Add new services"))
	c := h.userFile()
	if len(c.Services) != 2 || c.Services[0].Target != "https://intranet.example.com" || c.Services[1].Name != "Wiki" {
		t.Fatalf("merge gave %+v", c.Services)
	}
	test.Tap(h.dialogButton("OK")) // "skipped" note

	h.s.importData("good.toml", good)
	test.Tap(h.dialogButton("Replace"))
	c = h.userFile()
	if len(c.Services) != 2 || c.Services[0].Target != "https://other.example.com" {
		t.Fatalf("replace gave %+v", c.Services)
	}
}

func TestExport(t *testing.T) {
	h := newHarness(t, managedService, oneService, Deps{})
	var b strings.Builder
	if err := h.s.export(&b); err != nil {
		t.Fatal(err)
	}
	c, err := config.Parse([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Services) != 1 || c.Services[0].Name != "Intranet" {
		t.Fatalf("exported %+v; want the user's services only", c.Services)
	}
}

func TestPreferences(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	p := h.s.prefs
	if !p.saveBtn.Disabled() {
		t.Error("Save enabled with nothing changed")
	}
	test.Type(p.interval.custom, "5")
	if !p.errLabel["interval"].Visible() || !p.saveBtn.Disabled() {
		t.Fatalf("bad default interval not reported: %q", p.errLabel["interval"].Text)
	}
	p.interval.custom.SetText("2m")
	test.Type(p.quiet, "22:00-07:00")
	p.targets.SetText("1.1.1.1:443\nnot-an-address")
	if !strings.Contains(p.errLabel["targets"].Text, "Line 2") {
		t.Errorf("targets error = %q", p.errLabel["targets"].Text)
	}
	p.targets.SetText("10.0.0.1:53")
	test.Tap(p.onRecovery)
	if p.saveBtn.Disabled() {
		t.Fatalf("Save disabled: %v", p.errs)
	}
	test.Tap(p.saveBtn)
	c := h.userFile()
	if c.Defaults.Interval.Duration != 2*time.Minute || c.Notifications.QuietHours != "22:00-07:00" ||
		len(c.Connectivity.Targets) != 1 || config.On(c.Notifications.OnRecovery, true) || c.Notifications.Enabled != nil {
		t.Errorf("saved %+v", c)
	}
	if len(c.Services) != 1 {
		t.Error("saving preferences lost the services")
	}
	// A default that breaks a service is refused.
	p.timeout.custom.SetText("3m")
	if !p.saveBtn.Disabled() {
		t.Error("a timeout above the interval was accepted")
	}
}

type fakeAutostart struct{ on bool }

func (f *fakeAutostart) Enabled() (bool, error) { return f.on, nil }
func (f *fakeAutostart) Enable() error          { f.on = true; return nil }
func (f *fakeAutostart) Disable() error         { f.on = false; return nil }

func TestAutostartCheckbox(t *testing.T) {
	a := &fakeAutostart{}
	h := newHarness(t, "", oneService, Deps{Autostart: a})
	test.Tap(h.s.prefs.autostart)
	if !a.on {
		t.Fatal("the checkbox did not enable autostart")
	}
	test.Tap(h.s.prefs.autostart)
	if a.on {
		t.Fatal("the checkbox did not disable autostart")
	}
}

type fakeEngine struct {
	mu   sync.Mutex
	snap status.Snapshot
}

func (f *fakeEngine) Snapshot() status.Snapshot {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.snap
}

func TestLiveStatusAndHide(t *testing.T) {
	eng := &fakeEngine{snap: status.Snapshot{Services: []status.ServiceState{
		{Name: "Intranet", Status: status.Down, Last: status.Result{Status: status.Down, Reason: "HTTP 503"}}}}}
	h := newHarness(t, "", oneService, Deps{Engine: eng})
	h.s.Show()
	h.q.waitFor(t, "the status", func() bool { return h.s.states["Intranet"].Status == status.Down })
	h.selectService("Intranet")
	if !strings.Contains(h.s.list.info.Text, "Down: HTTP 503") {
		t.Errorf("info = %q", h.s.list.info.Text)
	}
	h.s.hide()
	if h.s.stopPoll != nil {
		t.Error("polling goes on while hidden")
	}
}

func TestReloadFromDisk(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	os.WriteFile(h.files.User, []byte(oneService+"\n[[services]]\nname = \"New\"\nkind = \"ping\"\ntarget = \"new.example.com\"\n"), 0o600)
	if err := h.s.ReloadFromDisk(); err != nil {
		t.Fatal(err)
	}
	if len(h.s.list.items) != 2 {
		t.Fatalf("%d services after reload", len(h.s.list.items))
	}
	os.WriteFile(h.files.User, []byte("[[services]]\nname = \n"), 0o600)
	if err := h.s.ReloadFromDisk(); err == nil {
		t.Fatal("no error for a broken file")
	}
	if len(h.s.list.items) != 2 || !h.s.bannerBx.Visible() {
		t.Fatal("a broken file replaced the shown config or was not reported")
	}
}

// Closing a window tells the windows process, which quits when the last one is gone.
func TestClosingTellsOnHide(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	hidden := 0
	h.s.SetOnHide(func() { hidden++ })
	h.s.Show()
	h.s.hide() // what the close button does (the test driver does not intercept Close)
	ab := NewAbout(h.s.app, AboutInfo{Diagnostics: func() string { return "" }})
	ab.SetOnHide(func() { hidden++ })
	ab.Show()
	ab.hide()
	nt := NewNoTray(h.s.app, func() {})
	nt.SetOnHide(func() { hidden++ })
	nt.Show()
	nt.hide()
	if hidden != 3 {
		t.Fatalf("onHide called %d times for three closed windows, want 3", hidden)
	}
}

// The details view is one click, or Enter, from a selected service.
func TestDetailsFromTheList(t *testing.T) {
	var opened []string
	h := newHarness(t, "", oneService, Deps{Details: func(name string) { opened = append(opened, name) }})
	h.s.Show()
	h.selectService("Intranet")
	test.Tap(h.s.list.details)
	h.s.typedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(opened) != 2 || opened[0] != "Intranet" || opened[1] != "Intranet" {
		t.Fatalf("details opened for %v, want Intranet twice (button, Enter)", opened)
	}
}
