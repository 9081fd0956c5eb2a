package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/redact"
)

// "Choose from the page…": beside Components, for the kinds that take them, a button
// reads the live page's component names (through Deps.Components, off the UI
// goroutine) and shows them with check boxes, the names already in the field ticked.
// OK writes the ticked names into the field; nothing is saved until the form is.

// componentsKey is the option the picker fills (config's table: "components").
const componentsKey = "components" // i18n:ignore config keys

// componentsTimeout is how long reading a page's components may take.
const componentsTimeout = 20 * time.Second

// pickerSize is the picker dialog's size: well inside the 820×580 window.
var pickerSize = fyne.NewSize(620, 530)

// The box icons are made when used, not at package start: theme calls need a running
// app, and every command (`uptray version` too) would log a Fyne error otherwise.
func uncheckedIcon() fyne.Resource { return theme.CheckButtonIcon() }
func checkedIcon() fyne.Resource {
	return theme.NewPrimaryThemedResource(theme.CheckButtonCheckedIcon())
}

// attachPicker puts "Choose from the page…" beside the components field, when the
// settings window can read pages.
func (e *editor) attachPicker(o *option) {
	if o.Key != componentsKey || o.entry == nil || e.s.deps.Components == nil {
		return
	}
	btn := newButtonField(i18n.T("Choose from the page…"), theme.ListIcon(), e.openComponentPicker)
	btn.onEscape = e.escape
	e.pickBtn = btn
	cell := e.cells[o.Key]
	cell.Objects[0] = container.NewBorder(nil, nil, nil, btn, o.entry)
	btn.setOnFocus(func() { reveal(e.scroll, cell, btn) })
}

// updatePickButton enables "Choose from the page…" while the address is one to read.
func (e *editor) updatePickButton() {
	if e.pickBtn == nil {
		return
	}
	if _, bad := e.errs["target"]; bad || strings.TrimSpace(e.target.Text) == "" || e.picker != nil {
		e.pickBtn.Disable()
		return
	}
	e.pickBtn.Enable()
}

// pickRow is one line of the picker.
type pickRow struct {
	name    string
	ticked  bool
	onPage  bool // false: a name in the field the page does not list
	blocked bool // the name holds a comma, which the field cannot hold
}

// componentPicker is the dialog of a page's components.
type componentPicker struct {
	e   *editor
	svc config.Service
	dlg *dialog.CustomDialog

	filter   *keyField
	list     *keyList
	rows     []pickRow
	shown    []int // indexes into rows matching the filter
	status   *widget.Label
	progress *widget.ProgressBarInfinite
	retry    *keyButton // Enter presses a focused one, Escape closes; outlined when focused
	ok       *keyButton
	cancelB  *keyButton
	bottom   *fyne.Container // progress, status and hint: laid out again when they change

	read   bool               // the page's names are in rows
	stop   context.CancelFunc // calls off the reading under way
	gen    int                // the reading whose answer counts
	closed bool
}

// openComponentPicker reads the page of the form's service and shows its components.
func (e *editor) openComponentPicker() {
	if e.s.deps.Components == nil || e.picker != nil {
		return
	}
	svc, _ := e.service()
	p := &componentPicker{e: e, svc: svc}
	e.picker = p
	e.updatePickButton()

	intro := widget.NewLabel(i18n.F("Tick the components of %s that your staff depend on. With none ticked, the whole page counts.", redact.URL(svc.Target)))
	intro.Wrapping = fyne.TextWrapWord
	p.filter = newKeyField(i18n.T("Search components"))
	p.filter.ActionItem = widget.NewIcon(theme.SearchIcon())
	p.filter.OnChanged = func(string) { p.applyFilter() }
	p.filter.OnSubmitted = func(string) { p.confirm() }
	p.filter.onKey = func(k *fyne.KeyEvent) bool {
		switch k.Name {
		case fyne.KeyEscape:
			p.close()
		case fyne.KeyDown:
			if len(p.shown) > 0 {
				e.s.win.Canvas().Focus(p.list)
			}
		default:
			return false
		}
		return true
	}

	p.list = newKeyList(
		func() int { return len(p.shown) },
		func() fyne.CanvasObject {
			name := widget.NewLabel("")
			name.Truncation = fyne.TextTruncateEllipsis
			note := widget.NewRichText(&widget.TextSegment{Style: widget.RichTextStyle{
				ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameCaptionText, Inline: true}})
			// Objects: name, icon, the note centred (updateRow reads them so).
			return container.NewBorder(nil, nil, widget.NewIcon(uncheckedIcon()), container.NewCenter(note), name)
		},
		p.updateRow)
	p.list.OnSelected = func(id widget.ListItemID) {
		if id < len(p.shown) {
			p.toggle(p.shown[id])
		}
		p.list.Unselect(id)
	}
	p.list.onKey = func(k *fyne.KeyEvent) bool {
		switch k.Name {
		case fyne.KeyEscape:
			p.close()
		case fyne.KeyReturn, fyne.KeyEnter:
			p.confirm()
		default:
			return false
		}
		return true
	}

	p.status = widget.NewLabel("")
	p.status.Wrapping = fyne.TextWrapWord
	p.progress = widget.NewProgressBarInfinite()
	p.retry = newKeyButton(i18n.T("Try again"), theme.ViewRefreshIcon(), p.load)
	p.retry.Hide()
	hint := hintText(i18n.T("Tab or ↓ moves into the list, Space ticks, Enter keeps the ticked ones, Escape cancels."))
	p.ok = newKeyButton(i18n.T("OK"), theme.ConfirmIcon(), p.confirm)
	p.ok.Importance = widget.HighImportance
	p.cancelB = newKeyButton(i18n.T("Cancel"), theme.CancelIcon(), p.close)
	for _, b := range []*keyButton{p.retry, p.ok, p.cancelB} {
		b.onEscape = p.close
	}

	top := container.NewVBox(intro, p.filter)
	p.bottom = container.NewVBox(widget.NewSeparator(), p.progress,
		container.NewBorder(nil, nil, nil, p.retry, p.status), hint)
	content := container.NewBorder(top, p.bottom, nil, nil, p.list)

	p.dlg = dialog.NewCustomWithoutButtons(pickerTitle(svc), content, e.s.win)
	p.dlg.SetButtons([]fyne.CanvasObject{p.cancelB, p.ok})
	p.dlg.SetOnClosed(p.closedDialog)
	p.dlg.Resize(pickerSize)
	e.s.modalKey = func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyEscape:
			p.close()
		case fyne.KeyReturn, fyne.KeyEnter:
			p.confirm()
		}
	}
	p.rows = pickRows(nil, p.fieldNames())
	p.applyFilter()
	p.dlg.Show()
	e.s.win.Canvas().Focus(p.filter)
	p.load()
}

// pickerTitle names the picker after the service, or the page when it has no name yet.
func pickerTitle(svc config.Service) string {
	if svc.Name != "" {
		return i18n.F("Components of %s", svc.Name)
	}
	return i18n.T("Components of the page")
}

// fieldNames are the names in the components field now.
func (p *componentPicker) fieldNames() []string {
	return splitList(p.e.options[componentsKey].entry.Text)
}

// load reads the page's components off the UI goroutine, with a deadline; the answer
// comes back on the UI goroutine, unless the dialog has closed or a newer reading
// started meanwhile.
func (p *componentPicker) load() {
	if p.stop != nil {
		p.stop()
	}
	p.gen++
	gen := p.gen
	ctx, cancel := context.WithTimeout(context.Background(), componentsTimeout)
	p.stop = cancel
	p.retry.Hide()
	p.ok.Disable()
	p.status.Importance = widget.MediumImportance
	p.status.SetText(i18n.F("Reading the components of %s…", redact.URL(p.svc.Target)))
	p.progress.Show()
	p.progress.Start()
	p.relayout()
	read, do, svc := p.e.s.deps.Components, p.e.s.do, p.svc
	go func() {
		names, err := read(ctx, svc)
		cancel()
		do(func() { p.loaded(gen, names, err) })
	}()
}

// loaded shows what the page lists, or why it could not be read.
func (p *componentPicker) loaded(gen int, names []string, err error) {
	if p.closed || gen != p.gen {
		return
	}
	p.stop = nil
	p.progress.Stop()
	p.progress.Hide()
	defer p.relayout()
	if err != nil {
		p.status.Importance = widget.DangerImportance
		p.status.SetText(i18n.F("Could not read the page's components: %s. Check the address, or type the names in the field yourself.", i18n.Reason(err.Error())))
		p.retry.Show()
		p.ok.Disable()
		return
	}
	p.read = true
	p.rows = pickRows(names, p.fieldNames())
	p.applyFilter()
	p.ok.Enable()
	p.showCount()
}

// relayout lays the dialog out again after a part of it was shown or hidden: a
// container does not follow its children's visibility by itself.
func (p *componentPicker) relayout() {
	for _, o := range p.bottom.Objects {
		if c, ok := o.(*fyne.Container); ok {
			c.Refresh()
		}
	}
	p.bottom.Refresh()
	p.dlg.Refresh()
}

// showCount says how many components the page lists and how many are ticked.
func (p *componentPicker) showCount() {
	onPage, ticked := 0, 0
	for _, r := range p.rows {
		if r.onPage {
			onPage++
		}
		if r.ticked {
			ticked++
		}
	}
	p.status.Importance = widget.MediumImportance
	switch {
	case onPage == 0:
		p.status.SetText(i18n.T("The page lists no components: Uptray watches the whole page."))
	case ticked == 0:
		p.status.SetText(i18n.N("%d components on the page, none ticked: the whole page counts.", onPage, onPage))
	default:
		p.status.SetText(i18n.N("%[1]d components on the page; %[2]d ticked.", onPage, onPage, ticked))
	}
}

// pickRows lists the page's names with those of the field ticked; a name of the
// field the page does not list comes first, ticked, so that it is not lost unseen. A
// field's name matches a page's name ignoring case, or the one child of a group
// ("Group/Name") of that name.
func pickRows(page, field []string) []pickRow {
	rows := make([]pickRow, len(page))
	for i, n := range page {
		rows[i] = pickRow{name: n, onPage: true, blocked: strings.Contains(n, ",")}
	}
	var extra []pickRow
	for _, f := range field {
		if i := matchName(page, f); i >= 0 {
			rows[i].ticked = true
			continue
		}
		extra = append(extra, pickRow{name: f, ticked: true})
	}
	return append(extra, rows...)
}

func matchName(page []string, name string) int {
	key := strings.ToLower(strings.TrimSpace(name))
	for i, n := range page {
		if strings.ToLower(n) == key {
			return i
		}
	}
	found := -1
	for i, n := range page {
		if strings.HasSuffix(strings.ToLower(n), "/"+key) {
			if found >= 0 {
				return -1 // in two groups: not this one or that one
			}
			found = i
		}
	}
	return found
}

// applyFilter shows the rows whose name holds the filter's words.
func (p *componentPicker) applyFilter() {
	q := strings.ToLower(strings.TrimSpace(p.filter.Text))
	p.shown = p.shown[:0]
	for i, r := range p.rows {
		if q == "" || strings.Contains(strings.ToLower(r.name), q) {
			p.shown = append(p.shown, i)
		}
	}
	p.list.Refresh()
}

func (p *componentPicker) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(p.shown) {
		return
	}
	r := p.rows[p.shown[id]]
	box := o.(*fyne.Container)
	name, icon := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Icon)
	centre := box.Objects[2].(*fyne.Container)
	note := centre.Objects[0].(*widget.RichText)
	name.SetText(r.name)
	res := uncheckedIcon()
	if r.ticked {
		res = checkedIcon()
	}
	icon.SetResource(res)
	text := ""
	switch {
	case !p.read:
	case !r.onPage:
		text = i18n.T("not on the page now")
	case r.blocked:
		text = i18n.T("has a comma: the field can't hold it")
	}
	if seg := note.Segments[0].(*widget.TextSegment); seg.Text != text {
		seg.Text = text
		note.Refresh()
		centre.Refresh()
	}
	if r.blocked {
		name.Importance = widget.LowImportance
	} else {
		name.Importance = widget.MediumImportance
	}
	name.Refresh()
	box.Refresh() // the note's width changed: lay the row out again
}

// toggle ticks or unticks row i.
func (p *componentPicker) toggle(i int) {
	if i < 0 || i >= len(p.rows) || p.rows[i].blocked {
		return
	}
	p.rows[i].ticked = !p.rows[i].ticked
	p.list.Refresh()
	if p.read {
		p.showCount()
	}
}

// ticked are the ticked names: those not on the page first, then the page's, in its
// order.
func (p *componentPicker) ticked() []string {
	var out []string
	for _, r := range p.rows {
		if r.ticked && !r.blocked {
			out = append(out, r.name)
		}
	}
	return out
}

// confirm writes the ticked names into the field, as the user would type them.
func (p *componentPicker) confirm() {
	if p.ok.Disabled() {
		return
	}
	entry := p.e.options[componentsKey].entry
	p.close()
	entry.SetText(strings.Join(p.ticked(), ", "))
	p.e.s.win.Canvas().Focus(entry)
}

func (p *componentPicker) close() { p.dlg.Hide() }

// closedDialog calls off a reading under way and forgets the picker.
func (p *componentPicker) closedDialog() {
	p.closed = true
	if p.stop != nil {
		p.stop()
		p.stop = nil
	}
	p.e.s.modalKey = nil
	if p.e.picker == p {
		p.e.picker = nil
	}
	p.e.updatePickButton()
}
