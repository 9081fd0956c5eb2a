package ui

import (
	"os"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/uptray/uptray/internal/catalog"
	"github.com/uptray/uptray/internal/config"
)

// focusedKey types a key into whatever has the window's focus, as the keyboard would.
func (h *harness) focusedKey(name fyne.KeyName) {
	h.t.Helper()
	f := h.w.Canvas().Focused()
	if f == nil {
		h.t.Fatalf("nothing has the focus to type %s into", name)
	}
	f.TypedKey(&fyne.KeyEvent{Name: name})
}

// focusedType types text into whatever has the focus.
func (h *harness) focusedType(text string) {
	h.t.Helper()
	f := h.w.Canvas().Focused()
	if f == nil {
		h.t.Fatalf("nothing has the focus to type %q into", text)
	}
	for _, r := range text {
		f.TypedRune(r)
	}
}

// openCatalog opens the catalog from the Services tab and returns it.
func (h *harness) openCatalog() *catalogDialog {
	h.t.Helper()
	test.Tap(h.s.list.catalog)
	c, ok := h.w.Canvas().Focused().(*keyField)
	if !ok || h.w.Canvas().Overlays().Top() == nil {
		h.t.Fatal("Add from catalog… shows no catalog with its search focused")
	}
	if h.s.catalog == nil || h.s.catalog.search != c {
		h.t.Fatal("the focused search is not the catalog's")
	}
	return h.s.catalog
}

func names(entries []catalog.Entry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e.Name)
	}
	return out
}

func TestCatalogSearch(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	c := h.openCatalog()
	if len(c.items) < 40 || c.selected != 0 {
		t.Fatalf("the catalog opens with %d entries, %d selected", len(c.items), c.selected)
	}
	h.focusedType("git")
	if len(c.items) == 0 || c.items[0].Name != "GitHub" || c.selected != 0 {
		t.Fatalf(`"git" lists %q, selected %d; want GitHub first and selected`, names(c.items), c.selected)
	}
	if !strings.Contains(c.info.Text, "https://www.githubstatus.com") || c.choose.Disabled() {
		t.Errorf("the selected entry is not described (%q) or cannot be chosen", c.info.Text)
	}
	for _, e := range c.items {
		if _, ok := config.KindByName(e.Kind); !ok {
			t.Errorf("%s is listed with a kind this Uptray cannot check: %s", e.Name, e.Kind)
		}
	}
	c.search.SetText("chat")
	if got := names(c.items); !slices.Contains(got, "Discord") {
		t.Errorf(`"chat" lists %q, not Discord`, got)
	}
	c.search.SetText("no such vendor")
	if len(c.items) != 0 || !c.choose.Disabled() || !strings.Contains(c.info.Text, "Nothing in the catalog matches") {
		t.Errorf("no match: %d items, %q", len(c.items), c.info.Text)
	}
	h.focusedKey(fyne.KeyReturn) // nothing to choose: nothing happens
	if h.s.editor != nil || h.w.Canvas().Overlays().Top() == nil {
		t.Error("Enter with nothing listed closed the catalog or opened an editor")
	}
}

// The catalog works from the keyboard: type to filter, arrows to move, Enter to
// choose, Escape to cancel.
func TestCatalogKeyboard(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	c := h.openCatalog()
	h.focusedType("cloud")
	if len(c.items) < 3 {
		t.Fatalf(`"cloud" lists %q`, names(c.items))
	}
	h.focusedKey(fyne.KeyDown)
	h.focusedKey(fyne.KeyDown)
	h.focusedKey(fyne.KeyUp)
	if c.selected != 1 {
		t.Fatalf("after ↓ ↓ ↑ the selection is %d, want 1", c.selected)
	}
	want := c.items[1]
	h.focusedKey(fyne.KeyReturn)
	if h.w.Canvas().Overlays().Top() != nil {
		t.Fatal("Enter did not close the catalog")
	}
	if h.s.editor == nil || h.s.editor.name.Text != want.Name || h.s.editor.target.Text != want.Target {
		t.Fatalf("Enter did not open %s in the editor", want.Name)
	}
	test.Tap(h.s.editor.cancelBtn)

	h.openCatalog()
	h.focusedType("zoom")
	h.focusedKey(fyne.KeyEscape)
	if h.w.Canvas().Overlays().Top() != nil || h.s.editor != nil {
		t.Fatal("Escape did not close the catalog, or opened an editor")
	}

	// Escape with no field focused closes the catalog, not what is under it.
	h.openCatalog()
	h.w.Canvas().Unfocus()
	h.w.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.w.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape on the window did not close the catalog")
	}
}

// Choosing an entry fills the editor (name, kind, address, components) and saves
// nothing until the user saves.
func TestCatalogFillsEditor(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	before, _ := os.ReadFile(h.files.User)
	c := h.openCatalog()
	h.focusedType("github")
	test.Tap(c.choose)
	e := h.s.editor
	if e == nil {
		t.Fatal("choosing opened no editor")
	}
	if e.name.Text != "GitHub" || e.kind.Selected != kindLabel("statuspage") || e.target.Text != "https://www.githubstatus.com" ||
		e.typed(componentsKey).Text != "Git Operations, Actions, Pull Requests" || e.origName != "" {
		t.Fatalf("the editor holds %q %q %q %q", e.name.Text, e.kind.Selected, e.target.Text, e.typed(componentsKey).Text)
	}
	if !e.laidOut[componentsKey] || e.save_.Disabled() {
		t.Fatalf("components not shown or Save disabled: %v", e.errs)
	}
	if after, _ := os.ReadFile(h.files.User); string(after) != string(before) || len(h.saved) != 0 {
		t.Fatal("choosing from the catalog saved something")
	}
	test.Tap(e.save_)
	got, ok := h.userFile().Service("GitHub")
	if !ok || got.Kind != "statuspage" || got.Target != "https://www.githubstatus.com" ||
		!slices.Equal(got.Components, []string{"Git Operations", "Actions", "Pull Requests"}) {
		t.Fatalf("saved %+v", got)
	}

	// Chosen again, the name is taken: the editor says so at once.
	h.openCatalog()
	h.focusedType("github")
	h.focusedKey(fyne.KeyReturn)
	if msg := h.s.editor.errLabel["name"].Text; !strings.Contains(msg, "already used") || !h.s.editor.save_.Disabled() {
		t.Errorf("a name already in use is not shown (%q)", msg)
	}
}

// In a new service's editor, "Fill from the catalog…" fills the form in place and
// keeps what the user wrote elsewhere.
func TestCatalogFromTheEditor(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	test.Tap(h.s.list.add)
	e := h.s.editor
	if e.titleExtra == nil {
		t.Fatal("a new service's editor has no Fill from the catalog…")
	}
	test.Type(e.fall, "Use the desktop app")
	test.Tap(e.titleExtra.(fyne.Tappable))
	h.focusedType("zoom")
	h.focusedKey(fyne.KeyReturn)
	if h.s.editor != e {
		t.Fatal("choosing replaced the editor")
	}
	if e.name.Text != "Zoom" || e.target.Text != "https://status.zoom.us" || e.kind.Selected != kindLabel("statuspage") ||
		e.fall.Text != "Use the desktop app" {
		t.Fatalf("the form holds %q %q %q %q", e.name.Text, e.target.Text, e.kind.Selected, e.fall.Text)
	}
	test.Tap(e.cancelBtn)

	// Editing a service that exists offers no catalog.
	h.selectService("Intranet")
	h.s.list.editSelected()
	if h.s.editor.titleExtra != nil {
		t.Error("editing a service offers the catalog")
	}
}

func TestWelcomeOffersTheCatalog(t *testing.T) {
	h := newHarness(t, "", "", Deps{})
	test.Tap(h.s.welcome.catalog)
	if _, ok := h.w.Canvas().Focused().(*keyField); !ok || h.w.Canvas().Overlays().Top() == nil {
		t.Fatal("the welcome's catalog button shows no catalog")
	}
}
