package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
)

const vendorService = `
[[services]]
name = "Payments"
kind = "statuspage"
target = "https://status.payments.example"
components = ["api", "Webhooks", "Legacy billing"]
`

// fakePage stands in for Deps.Components: it answers each call with the next answer,
// and remembers what it was asked.
type fakePage struct {
	mu      sync.Mutex
	answers []func(ctx context.Context) ([]string, error)
	asked   []config.Service
	ctxs    []context.Context
}

func (f *fakePage) components(ctx context.Context, svc config.Service) ([]string, error) {
	f.mu.Lock()
	f.asked = append(f.asked, svc)
	f.ctxs = append(f.ctxs, ctx)
	answer := f.answers[0]
	if len(f.answers) > 1 {
		f.answers = f.answers[1:]
	}
	f.mu.Unlock()
	return answer(ctx)
}

func (f *fakePage) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.asked)
}

func listing(names ...string) func(context.Context) ([]string, error) {
	return func(context.Context) ([]string, error) { return names, nil }
}

var pageNames = []string{"API", "Dashboard", "Europe", "Europe/Amsterdam, Netherlands - (AMS)", "Payments/Webhooks"}

// openPicker opens Payments in the editor and its component picker, and waits for the
// page's names.
func openPicker(t *testing.T, h *harness) *componentPicker {
	t.Helper()
	h.selectService("Payments")
	h.s.list.editSelected()
	e := h.s.editor
	if e.pickBtn == nil || !e.pickBtn.Visible() || e.pickBtn.Disabled() {
		t.Fatal("no Choose from the page… to tap")
	}
	test.Tap(e.pickBtn)
	p := e.picker
	if p == nil || h.w.Canvas().Overlays().Top() == nil {
		t.Fatal("the picker is not shown")
	}
	return p
}

func (p *componentPicker) row(name string) (pickRow, int) {
	for id, i := range p.shown {
		if p.rows[i].name == name {
			return p.rows[i], id
		}
	}
	return pickRow{}, -1
}

func TestComponentPickerTicksAndWrites(t *testing.T) {
	page := &fakePage{answers: []func(context.Context) ([]string, error){listing(pageNames...)}}
	h := newHarness(t, "", vendorService, Deps{Components: page.components})
	p := openPicker(t, h)
	h.q.waitFor(t, "the page's names", func() bool { return p.stop == nil })

	asked := page.asked[0]
	if asked.Kind != "statuspage" || asked.Target != "https://status.payments.example" {
		t.Errorf("read %q %q", asked.Kind, asked.Target)
	}
	if _, ok := page.ctxs[0].Deadline(); !ok {
		t.Error("the page is read without a deadline")
	}
	// The names already in the field are ticked: "api" is API, "Webhooks" the one
	// child of that name; "Legacy billing", not on the page, stays, first and ticked.
	var got []string
	for _, r := range p.rows {
		mark := " "
		if r.ticked {
			mark = "x"
		}
		got = append(got, mark+r.name)
	}
	want := []string{"xLegacy billing", "xAPI", " Dashboard", " Europe", " Europe/Amsterdam, Netherlands - (AMS)", "xPayments/Webhooks"}
	if !slices.Equal(got, want) {
		t.Fatalf("rows %q, want %q", got, want)
	}
	if !strings.Contains(p.status.Text, "5 components on the page; 3 ticked") {
		t.Errorf("status %q", p.status.Text)
	}

	// Tapping a row ticks or unticks it; a name with a comma cannot be ticked.
	_, dash := p.row("Dashboard")
	p.list.Select(dash)
	_, legacy := p.row("Legacy billing")
	p.list.Select(legacy)
	_, ams := p.row("Europe/Amsterdam, Netherlands - (AMS)")
	p.list.Select(ams)
	if r, _ := p.row("Europe/Amsterdam, Netherlands - (AMS)"); r.ticked {
		t.Error("a name with a comma was ticked")
	}
	// From the keyboard: the filter narrows, Space (the list's) ticks.
	h.focusedType("euro")
	if len(p.shown) != 2 {
		t.Fatalf(`"euro" shows %d rows`, len(p.shown))
	}
	h.focusedKey(fyne.KeyDown)
	if h.w.Canvas().Focused() != p.list {
		t.Fatal("↓ in the filter does not move into the list")
	}
	h.focusedKey(fyne.KeySpace)
	if r, _ := p.row("Europe"); !r.ticked {
		t.Error("Space did not tick Europe")
	}
	if !strings.Contains(p.status.Text, "4 ticked") {
		t.Errorf("status %q", p.status.Text)
	}

	h.focusedKey(fyne.KeyReturn) // OK
	if h.w.Canvas().Overlays().Top() != nil || h.s.editor.picker != nil {
		t.Fatal("Enter did not close the picker")
	}
	e := h.s.editor
	if got := e.typed(componentsKey).Text; got != "API, Dashboard, Europe, Payments/Webhooks" {
		t.Fatalf("the field holds %q", got)
	}
	if !e.touched[componentsKey] || e.save_.Disabled() {
		t.Errorf("the change is not the user's, or Save is disabled: %v", e.errs)
	}
	test.Tap(e.save_)
	svc, _ := h.userFile().Service("Payments")
	if !slices.Equal(svc.Components, []string{"API", "Dashboard", "Europe", "Payments/Webhooks"}) {
		t.Errorf("saved %q", svc.Components)
	}
}

func TestComponentPickerCancelChangesNothing(t *testing.T) {
	page := &fakePage{answers: []func(context.Context) ([]string, error){listing(pageNames...)}}
	h := newHarness(t, "", vendorService, Deps{Components: page.components})
	p := openPicker(t, h)
	h.q.waitFor(t, "the page's names", func() bool { return p.stop == nil })
	_, dash := p.row("Dashboard")
	p.list.Select(dash)
	test.Tap(h.dialogButton("Cancel"))
	e := h.s.editor
	if got := e.typed(componentsKey).Text; got != "api, Webhooks, Legacy billing" || e.touched[componentsKey] {
		t.Fatalf("Cancel changed the field to %q", got)
	}
	if e.pickBtn.Disabled() {
		t.Error("Choose from the page… stays disabled after the picker closed")
	}
}

// An error reading the page is shown in words, with a way to try again; closing the
// picker while the page is read calls the reading off.
func TestComponentPickerError(t *testing.T) {
	page := &fakePage{answers: []func(context.Context) ([]string, error){
		func(context.Context) ([]string, error) { return nil, errors.New("HTTP 404 from status page") },
		listing("API"),
	}}
	h := newHarness(t, "", vendorService, Deps{Components: page.components})
	p := openPicker(t, h)
	h.q.waitFor(t, "the error", func() bool { return p.stop == nil })
	if p.status.Text != "Could not read the page's components: HTTP 404 from status page. Check the address, or type the names in the field yourself." ||
		p.status.Importance != widget.DangerImportance {
		t.Errorf("status %q (importance %v)", p.status.Text, p.status.Importance)
	}
	if !p.ok.Disabled() || !p.retry.Visible() || p.progress.Visible() {
		t.Error("after an error: OK enabled, no Try again, or still in progress")
	}
	// What was in the field is still there, ticked.
	if len(p.rows) != 3 || !p.rows[0].ticked {
		t.Errorf("rows after an error: %+v", p.rows)
	}
	test.Tap(p.retry)
	h.q.waitFor(t, "the second reading", func() bool { return p.stop == nil })
	if page.calls() != 2 || p.ok.Disabled() || p.retry.Visible() || !strings.Contains(p.status.Text, "1 component on the page") {
		t.Errorf("Try again: %d calls, status %q", page.calls(), p.status.Text)
	}
	test.Tap(h.dialogButton("Cancel"))

	// A page that does not answer: the picker shows its progress until closed, and
	// closing it cancels the reading.
	block := &fakePage{answers: []func(context.Context) ([]string, error){
		func(ctx context.Context) ([]string, error) { <-ctx.Done(); return nil, ctx.Err() },
	}}
	h.s.deps.Components = block.components
	test.Tap(h.s.editor.pickBtn)
	p = h.s.editor.picker
	if !p.progress.Visible() || !strings.HasPrefix(p.status.Text, "Reading the components of https://status.payments.example") {
		t.Errorf("while reading: progress %v, status %q", p.progress.Visible(), p.status.Text)
	}
	h.w.Canvas().Unfocus()
	h.w.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.w.Canvas().Overlays().Top() != nil || h.s.editor == nil {
		t.Fatal("Escape on the window closed the editor, or not the picker")
	}
	deadline := time.Now().Add(5 * time.Second)
	for block.calls() == 0 || block.ctxs[0].Err() == nil {
		if time.Now().After(deadline) {
			t.Fatal("closing the picker did not cancel the reading")
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.q.waitFor(t, "the cancelled answer", func() bool { return true })
	if p.status.Importance == widget.DangerImportance {
		t.Error("a reading called off is shown as an error")
	}
}

// The button is there only for the kinds that take components, and only when the
// window can read pages; it waits for an address.
func TestComponentPickerButton(t *testing.T) {
	page := &fakePage{answers: []func(context.Context) ([]string, error){listing("API")}}
	h := newHarness(t, "", oneService, Deps{Components: page.components})
	test.Tap(h.s.list.add)
	e := h.s.editor
	if e.laidOut[componentsKey] {
		t.Fatal("an http check shows components")
	}
	e.kind.SetSelected(kindLabel("statuspage"))
	if !e.laidOut[componentsKey] || e.pickBtn == nil {
		t.Fatal("a statuspage check has no components field with its button")
	}
	if !e.pickBtn.Disabled() {
		t.Error("Choose from the page… is enabled without an address")
	}
	test.Type(e.target, "https://status.example.com")
	if e.pickBtn.Disabled() {
		t.Errorf("Choose from the page… is disabled with an address: %v", e.errs)
	}
	for _, k := range config.Kinds() {
		_, takes := k.Field(componentsKey)
		e.kind.SetSelected(k.Label)
		if e.laidOut[componentsKey] != takes {
			t.Errorf("%s: components shown %v", k.Name, e.laidOut[componentsKey])
		}
	}
	test.Tap(e.cancelBtn)

	h2 := newHarness(t, "", vendorService, Deps{})
	h2.selectService("Payments")
	h2.s.list.editSelected()
	if h2.s.editor.pickBtn != nil {
		t.Error("without Deps.Components there is a button that cannot work")
	}
}
