package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/uptray/uptray/internal/config"
)

// windowSizes are the default settings size and a common laptop screen.
var windowSizes = []fyne.Size{fyne.NewSize(820, 580), fyne.NewSize(1280, 800)}

// pathTo lists the objects from root down to obj (root first), or nil when obj is
// not shown under root.
func pathTo(root, obj fyne.CanvasObject) []fyne.CanvasObject {
	if root == nil || !root.Visible() {
		return nil
	}
	if root == obj {
		return []fyne.CanvasObject{root}
	}
	var children []fyne.CanvasObject
	switch r := root.(type) {
	case *fyne.Container:
		children = r.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(r).Objects()
	}
	for _, c := range children {
		if p := pathTo(c, obj); p != nil {
			return append([]fyne.CanvasObject{root}, p...)
		}
	}
	return nil
}

// inView says why obj is not wholly visible in the window, or "": it must lie inside
// the canvas and inside every scroll around it.
func inView(w fyne.Window, obj fyne.CanvasObject) string {
	path := pathTo(w.Canvas().Content(), obj)
	if path == nil {
		return "not shown"
	}
	d := fyne.CurrentApp().Driver()
	pos, size := d.AbsolutePositionForObject(obj), obj.Size()
	if size.Width <= 0 || size.Height <= 0 {
		return "has no size"
	}
	within := func(p fyne.Position, s fyne.Size) bool {
		return pos.X >= p.X-0.5 && pos.Y >= p.Y-0.5 &&
			pos.X+size.Width <= p.X+s.Width+0.5 && pos.Y+size.Height <= p.Y+s.Height+0.5
	}
	if !within(fyne.Position{}, w.Canvas().Size()) {
		return fmt.Sprintf("at %v size %v, outside the window %v", pos, size, w.Canvas().Size())
	}
	for _, o := range path[:len(path)-1] {
		if sc, ok := o.(*container.Scroll); ok {
			if sp := d.AbsolutePositionForObject(sc); !within(sp, sc.Size()) {
				return fmt.Sprintf("at %v size %v, scrolled out of view (%v size %v)", pos, size, sp, sc.Size())
			}
		}
	}
	return ""
}

// tabThrough focuses first, then presses Tab until the focus comes back, and fails
// for every control that takes the focus out of view. It returns what took it.
func tabThrough(t *testing.T, w fyne.Window, what string, first fyne.Focusable) map[fyne.Focusable]bool {
	t.Helper()
	c := w.Canvas()
	c.Focus(first)
	seen := map[fyne.Focusable]bool{}
	for i := 0; i < 200; i++ {
		f := c.Focused()
		if f == nil {
			t.Fatalf("%s: nothing has the focus", what)
		}
		if seen[f] {
			return seen
		}
		seen[f] = true
		if why := inView(w, f.(fyne.CanvasObject)); why != "" {
			t.Errorf("%s: focused %T %s", what, f, why)
		}
		c.FocusNext()
	}
	t.Fatalf("%s: Tab never comes back to the start", what)
	return nil
}

// checkEveryField tabs through a form and fails for each of its fields that Tab
// does not reach.
func checkEveryField(t *testing.T, w fyne.Window, what string, f *fieldForm, first fyne.Focusable) map[fyne.Focusable]bool {
	t.Helper()
	seen := tabThrough(t, w, what, first)
	for key := range f.laidOut {
		w := f.widgets[key]
		if p, ok := w.(*durationPicker); ok {
			w = p.sel // Tab reaches the picker's Select, then its entry when shown
		}
		if fo, ok := w.(fyne.Focusable); ok && !seen[fo] {
			t.Errorf("%s: Tab never reaches %q", what, key)
		}
	}
	if len(f.laidOut) < 3 {
		t.Errorf("%s: only %d fields laid out", what, len(f.laidOut))
	}
	return seen
}

func TestEveryServiceFieldIsVisibleWhenFocused(t *testing.T) {
	for _, size := range windowSizes {
		h := newHarness(t, "", oneService, Deps{Test: httpCheck})
		h.w.Resize(size)
		for _, kind := range config.KindNames() {
			test.Tap(h.s.list.add)
			e := h.s.editor
			e.kind.SetSelected(kindLabel(kind))
			e.showAll = true // every problem shown: the longest form
			e.validate()
			checkEveryField(t, h.w, fmt.Sprintf("%v %s", size, kind), e.fieldForm, e.name)
			test.Tap(e.cancelBtn)
		}
	}
}

func TestEverySourceFieldIsVisibleWhenFocused(t *testing.T) {
	for _, size := range windowSizes {
		h := newHarness(t, "", oneService, Deps{})
		h.w.Resize(size)
		for _, kind := range config.SourceKinds {
			for _, auth := range []string{authNone, authToken, authBasic} {
				h.s.tabs.SelectIndex(sourcesTab)
				test.Tap(h.s.sources.add)
				e := h.s.srcEdit
				e.kind.SetSelected(sourceKindLabels.label(kind))
				e.auth.SetSelected(auth)
				test.Tap(e.rules.add)
				test.Tap(e.rules.add)
				e.showAll = true
				e.validate()
				what := fmt.Sprintf("%v %s %s", size, kind, auth)
				seen := checkEveryField(t, h.w, what, e.fieldForm, e.name)
				for i, row := range e.rules.rows {
					for _, f := range []fyne.Focusable{row.match, row.fallback, row.critical, row.remove} {
						if !seen[f] {
							t.Errorf("%s: Tab never reaches %T of rule %d", what, f, i+1)
						}
					}
				}
				if !seen[e.rules.add] {
					t.Errorf("%s: Tab never reaches Add a rule", what)
				}
				test.Tap(e.cancelBtn)
			}
		}
	}
}

func TestEveryPreferenceIsVisibleWhenFocused(t *testing.T) {
	for _, size := range windowSizes {
		h := newHarness(t, "", oneService, Deps{Autostart: &fakeAutostart{}})
		h.w.Resize(size)
		h.s.tabs.SelectIndex(prefsTab)
		p := h.s.prefs
		seen := tabThrough(t, h.w, fmt.Sprint(size, " preferences"), p.interval.sel)
		for _, f := range []fyne.Focusable{p.interval.sel, p.timeout.sel, p.failures, p.successes, p.retry.sel, p.targets,
			p.enabled, p.onDegraded, p.onRecovery, p.soundCritical, p.remind.sel, p.quiet, p.language, p.autostart} {
			if !seen[f] {
				t.Errorf("%v: Tab never reaches %T %p", size, f, f)
			}
		}
	}
}

// scrollFormToEnd turns the mouse wheel far down over the middle of a form.
func scrollFormToEnd(w fyne.Window, sc *container.Scroll) {
	d := fyne.CurrentApp().Driver()
	mid := d.AbsolutePositionForObject(sc).Add(fyne.NewPos(sc.Size().Width/2, sc.Size().Height/2))
	test.Scroll(w.Canvas(), mid, 0, -10000)
}

func TestWheelReachesTheLastFieldAfterErrorsShow(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{Test: httpCheck})
	test.Tap(h.s.list.add)
	e := h.s.editor
	// Errors under fields make the form taller than when it was laid out.
	test.Type(e.interval, "5")
	test.Type(e.timeout, "x")
	test.Type(e.typed("max_latency"), "y")
	e.name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // shows every problem
	h.w.Canvas().Unfocus()
	scrollFormToEnd(h.w, e.scroll)
	for _, key := range []string{"fallback", "critical"} {
		if why := inView(h.w, e.widgets[key]); why != "" {
			t.Errorf("after scrolling to the end, %s is %s", key, why)
		}
	}

	h.s.tabs.SelectIndex(prefsTab)
	p := h.s.prefs
	test.Type(p.interval.custom, "5")
	test.Type(p.quiet, "noon")
	h.w.Canvas().Unfocus()
	scrollFormToEnd(h.w, p.scroll)
	if why := inView(h.w, p.quiet); why != "" {
		t.Errorf("after scrolling to the end, quiet hours is %s", why)
	}
}
