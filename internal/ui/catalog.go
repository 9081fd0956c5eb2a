package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/catalog"
	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
)

// "Add from catalog…": most staff do not know where their vendors' status pages live.
// The catalog (package catalog, embedded) lists them; choosing one opens the service
// editor filled in with its name, kind, address and components, for the user to look
// over and save. Nothing is saved or checked from here.

// catalogSize is the catalog dialog's size: well inside the 820×580 window.
var catalogSize = fyne.NewSize(680, 530)

// categoryLabels are the catalog's categories as people read them (English: the keys
// of their translations, which choices.label shows).
var categoryLabels = choices{
	"code": "Code", "chat": "Chat", "video": "Video calls", "office": "Office", "cloud": "Cloud", // i18n:ignore translated where shown (choices.label)
	"identity": "Sign-in", "payments": "Payments", "cdn": "CDN", "ai": "AI assistants", // i18n:ignore translated where shown (choices.label)
	"ticketing": "Ticketing", "monitoring": "Monitoring", "email": "Email", "storage": "Storage", // i18n:ignore translated where shown (choices.label)
	"design": "Design", "crm": "CRM", "hr": "HR", "other": "Miscellaneous", // i18n:ignore translated where shown (choices.label)
}

// catalogEntries are the catalog's entries that match query (catalog.Search's order),
// of the kinds this Uptray can check: an entry of a kind config does not know could
// not be saved.
func catalogEntries(query string) []catalog.Entry {
	var out []catalog.Entry
	for _, e := range catalog.Search(query) {
		if _, ok := config.KindByName(e.Kind); ok {
			out = append(out, e)
		}
	}
	return out
}

// catalogColumns: name, category, address.
var catalogColumns = &columns{
	fixed:   []float32{0, 110, 0},
	weights: []float32{3, 0, 4},
}

// catalogDialog is the searchable list of the catalog: type to filter, arrows to move,
// Enter to choose, Escape to cancel.
type catalogDialog struct {
	s        *Settings
	search   *keyField
	list     *keyList
	items    []catalog.Entry
	selected int // index into items, -1 for none
	info     *widget.Label
	choose   *keyButton // Enter presses a focused one, Escape closes; outlined when focused
	cancel   *keyButton
	dlg      *dialog.CustomDialog
	onChoose func(catalog.Entry)
}

// openCatalog shows the catalog over the settings window; onChoose gets the entry the
// user chose, after the dialog has closed.
func (s *Settings) openCatalog(onChoose func(catalog.Entry)) *catalogDialog {
	if s.catalog != nil {
		return s.catalog
	}
	c := &catalogDialog{s: s, selected: -1, onChoose: onChoose}
	intro := widget.NewLabel(i18n.T("Pick a service your staff depend on: Uptray fills in the address of its status page. You can look it over and change it before saving."))
	intro.Wrapping = fyne.TextWrapWord
	c.search = newKeyField(i18n.T("Search by name, category or address, like git or chat"))
	c.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	c.search.OnChanged = func(string) { c.reload() }
	c.search.OnSubmitted = func(string) { c.chooseSelected() }
	c.search.onKey = c.key

	c.list = newKeyList(
		func() int { return len(c.items) },
		func() fyne.CanvasObject {
			cells := make([]fyne.CanvasObject, 3)
			for i := range cells {
				l := widget.NewLabel("")
				l.Truncation = fyne.TextTruncateEllipsis
				cells[i] = l
			}
			return container.New(catalogColumns, cells...)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(c.items) {
				return
			}
			e := c.items[id]
			cells := o.(*fyne.Container).Objects
			cells[0].(*widget.Label).SetText(e.Name)
			cells[1].(*widget.Label).SetText(categoryLabels.label(e.Category))
			cells[2].(*widget.Label).SetText(e.Host())
		})
	c.list.OnSelected = func(id widget.ListItemID) { c.selected = id; c.update() }
	c.list.OnUnselected = func(widget.ListItemID) { c.selected = -1; c.update() }
	c.list.onKey = c.key

	c.info = widget.NewLabel("")
	c.info.Wrapping = fyne.TextWrapWord
	c.choose = newKeyButton(i18n.T("Choose"), theme.ConfirmIcon(), c.chooseSelected)
	c.choose.Importance = widget.HighImportance
	c.choose.onEscape = c.close
	c.cancel = newKeyButton(i18n.T("Cancel"), theme.CancelIcon(), c.close)
	c.cancel.onEscape = c.close

	header := container.New(catalogColumns, boldLabel(i18n.T("Service")), boldLabel(i18n.T("Category")), boldLabel(i18n.T("Status page")))
	top := container.NewVBox(intro, c.search, header)
	bottom := container.NewVBox(widget.NewSeparator(), c.info)
	content := container.NewBorder(top, bottom, nil, nil, c.list)

	c.dlg = dialog.NewCustomWithoutButtons(i18n.T("Add from the catalog"), content, s.win)
	c.dlg.SetButtons([]fyne.CanvasObject{c.cancel, c.choose})
	c.dlg.SetOnClosed(func() { s.modalKey, s.catalog = nil, nil })
	c.dlg.Resize(catalogSize)
	c.reload()
	s.modalKey = func(k *fyne.KeyEvent) { c.key(k) }
	s.catalog = c
	c.dlg.Show()
	s.win.Canvas().Focus(c.search)
	return c
}

// reload lists the entries matching the search, the best one selected.
func (c *catalogDialog) reload() {
	c.items = catalogEntries(c.search.Text)
	c.list.UnselectAll()
	c.selected = -1
	c.list.Refresh()
	if len(c.items) > 0 {
		c.list.Select(0)
		c.list.ScrollToTop()
	}
	c.update()
}

// update says what the selected entry is, and enables Choose when there is one.
func (c *catalogDialog) update() {
	e, ok := c.current()
	switch {
	case ok:
		c.choose.Enable()
		c.info.SetText(describeEntry(e, c.s.deps.Components != nil))
	case len(c.items) == 0:
		c.choose.Disable()
		c.info.SetText(i18n.F("Nothing in the catalog matches “%s”. Any status page can be added with Add: choose its kind and type its address.", c.search.Text))
	default:
		c.choose.Disable()
		c.info.SetText(i18n.N("%d services in the catalog. Select one to see what it checks.", len(c.items), len(c.items)))
	}
}

// describeEntry says what choosing e fills in; canPick tells whether the editor can
// read the page's components.
func describeEntry(e catalog.Entry, canPick bool) string {
	what := i18n.F("%[1]s: %[2]s at %[3]s.", e.Name, kindLabel(e.Kind), e.Target)
	k, _ := config.KindByName(e.Kind)
	_, takesComponents := k.Field("components") // i18n:ignore config keys
	var watches string
	switch {
	case len(e.Components) > 0 && canPick:
		watches = i18n.F("Watches %s; you can choose others from the page.", joinQuoted(e.Components))
	case len(e.Components) > 0:
		watches = i18n.F("Watches %s.", joinQuoted(e.Components))
	case takesComponents && canPick:
		watches = i18n.T("Watches the whole page; you can choose components from the page.")
	default:
		return what
	}
	return what + " " + watches // two whole sentences
}

// joinQuoted lists vendor names, each in quotes: “API”, “Web”. A list, not a
// sentence: the separator is the language's.
func joinQuoted(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("“%s”", n)
	}
	return strings.Join(quoted, i18n.T(", "))
}

func (c *catalogDialog) current() (catalog.Entry, bool) {
	if c.selected < 0 || c.selected >= len(c.items) {
		return catalog.Entry{}, false
	}
	return c.items[c.selected], true
}

// key handles the keys that move the selection, choose and cancel; it reports
// whether it took the key.
func (c *catalogDialog) key(k *fyne.KeyEvent) bool {
	switch k.Name {
	case fyne.KeyEscape:
		c.close()
	case fyne.KeyReturn, fyne.KeyEnter:
		c.chooseSelected()
	case fyne.KeyDown:
		c.move(1)
	case fyne.KeyUp:
		c.move(-1)
	case fyne.KeyPageDown:
		c.move(8)
	case fyne.KeyPageUp:
		c.move(-8)
	default:
		return false
	}
	return true
}

// move selects the entry n rows down (up, when negative), staying in the list.
func (c *catalogDialog) move(n int) {
	if len(c.items) == 0 {
		return
	}
	i := max(0, min(len(c.items)-1, c.selected+n))
	if c.selected < 0 {
		i = 0
	}
	c.list.Select(i)
	c.list.ScrollTo(i)
}

func (c *catalogDialog) chooseSelected() {
	e, ok := c.current()
	if !ok {
		return
	}
	c.close()
	c.onChoose(e)
}

func (c *catalogDialog) close() { c.dlg.Hide() }

// addFromCatalog is the Services tab's "Add from catalog…": the chosen entry opens in
// the editor as a new service, its problems (a name already taken) shown at once.
func (s *Settings) addFromCatalog() {
	s.openCatalog(func(e catalog.Entry) {
		s.openEditor(e.Service(), "", i18n.F("Add %s", e.Name))
		if s.editor != nil {
			s.editor.showAll = true
			s.editor.validate()
		}
	})
}

// fromCatalog fills the new service's form from an entry of the catalog: its name,
// kind, address and components; the rest of the form stays as the user set it.
func (e *editor) fromCatalog() {
	e.s.openCatalog(func(entry catalog.Entry) {
		svc, _ := e.service()
		svc.Name, svc.Kind, svc.Target = entry.Name, entry.Kind, entry.Target
		svc.Components = entry.Service().Components
		e.fill(svc)
		for _, key := range []string{"name", "kind", "target", "components"} { // i18n:ignore config keys
			e.touched[key] = true
		}
		e.validate()
		e.s.win.Canvas().Focus(e.name)
	})
}

// keyField is an Entry that lets its owner take keys first (arrows, Escape), which a
// plain Entry would use or swallow.
type keyField struct {
	widget.Entry
	onKey func(*fyne.KeyEvent) bool // true: taken
}

func newKeyField(placeholder string) *keyField {
	f := &keyField{}
	f.ExtendBaseWidget(f)
	f.PlaceHolder = placeholder
	return f
}

func (f *keyField) TypedKey(k *fyne.KeyEvent) {
	if k.Name != fyne.KeyReturn && k.Name != fyne.KeyEnter && f.onKey != nil && f.onKey(k) {
		return
	}
	f.Entry.TypedKey(k)
}

// keyList is a List that lets its owner take keys first.
type keyList struct {
	widget.List
	onKey func(*fyne.KeyEvent) bool // true: taken
}

func newKeyList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *keyList {
	l := &keyList{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

func (l *keyList) TypedKey(k *fyne.KeyEvent) {
	if l.onKey != nil && l.onKey(k) {
		return
	}
	l.List.TypedKey(k)
}
