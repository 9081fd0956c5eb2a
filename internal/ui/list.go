package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/redact"
	"github.com/uptray/uptray/internal/status"
)

// serviceList is the Services tab: a filter, the services with their live status,
// and the actions on them.
type serviceList struct {
	s        *Settings
	filter   *widget.Entry
	list     *widget.List
	items    []config.Service // merged services matching the filter
	selected int              // index into items, -1 when none

	add, edit, details, dup, remove *widget.Button
	catalog                         *widget.Button // "Add from catalog…"
	importBtn, exportBtn            *widget.Button
	info                            *widget.Label
	content                         fyne.CanvasObject
}

func newServiceList(s *Settings) *serviceList {
	l := &serviceList{s: s, selected: -1}
	l.filter = widget.NewEntry()
	l.filter.PlaceHolder = "Search services"
	l.filter.ActionItem = widget.NewIcon(theme.SearchIcon())
	l.filter.OnChanged = func(string) { l.reload() }

	l.add = widget.NewButtonWithIcon("Add", theme.ContentAddIcon(), func() { s.openEditor(newService(), "", "Add a service") })
	l.add.Importance = widget.HighImportance
	l.catalog = widget.NewButtonWithIcon("Add from catalog…", theme.SearchIcon(), s.addFromCatalog)
	l.edit = widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), l.editSelected)
	l.details = widget.NewButtonWithIcon("Details", theme.InfoIcon(), l.detailsSelected)
	l.dup = widget.NewButtonWithIcon("Duplicate", theme.ContentCopyIcon(), l.duplicateSelected)
	l.remove = widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), l.removeSelected)
	l.importBtn = widget.NewButtonWithIcon("Import…", theme.DownloadIcon(), s.importDialog)
	l.exportBtn = widget.NewButtonWithIcon("Export…", theme.UploadIcon(), s.exportDialog)
	l.info = widget.NewLabel("")
	l.info.Truncation = fyne.TextTruncateEllipsis

	l.list = widget.NewList(
		func() int { return len(l.items) },
		rowMaker(serviceColumns, 4),
		func(id widget.ListItemID, o fyne.CanvasObject) { l.updateRow(id, o) },
	)
	l.list.OnSelected = func(id widget.ListItemID) { l.selected = id; l.updateActions() }
	l.list.OnUnselected = func(widget.ListItemID) { l.selected = -1; l.updateActions() }

	header := listHeader(serviceColumns, "Name", "State", "Type", "Address", "Group")
	toolbar := container.NewBorder(nil, nil, nil,
		container.NewHBox(l.add, l.catalog, l.edit, l.details, l.dup, l.remove), l.filter)
	top := container.NewVBox(toolbar, header)
	bottom := container.NewBorder(widget.NewSeparator(), nil, nil,
		container.NewHBox(l.importBtn, l.exportBtn), l.info)
	l.content = container.NewPadded(container.NewBorder(top, bottom, nil, nil, l.list))
	l.updateActions()
	return l
}

func boldLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// rowMaker makes the rows of a list laid out by cols: a status dot, a name with a
// lock for what the organisation manages, and n more cells of text (rich text, so
// that styleCell can grey one out in a colour that still reads).
func rowMaker(cols *columns, n int) func() fyne.CanvasObject {
	return func() fyne.CanvasObject {
		name := widget.NewLabel("")
		name.Truncation = fyne.TextTruncateEllipsis
		lock := widget.NewIcon(lockIcon)
		lock.Hide()
		cells := []fyne.CanvasObject{container.New(dotLayout{size: 12}, newDot()),
			container.NewBorder(nil, nil, lock, nil, name)}
		for range n {
			t := widget.NewRichText(&widget.TextSegment{Style: widget.RichTextStyleInline})
			t.Truncation = fyne.TextTruncateEllipsis
			cells = append(cells, t)
		}
		return container.New(cols, cells...)
	}
}

// cellText is the text cell i of a row that rowMaker made.
func cellText(row fyne.CanvasObject, i int) (*widget.RichText, *widget.TextSegment) {
	t := row.(*fyne.Container).Objects[2+i].(*widget.RichText)
	return t, t.Segments[0].(*widget.TextSegment)
}

// setRow fills a row that rowMaker made.
func setRow(o fyne.CanvasObject, st status.Status, locked bool, name string, texts ...string) {
	cells := o.(*fyne.Container).Objects
	dot := cells[0].(*fyne.Container).Objects[0].(*canvas.Circle)
	dot.FillColor = statusColor(st)
	dot.Refresh()
	nameCell := cells[1].(*fyne.Container)
	for _, c := range nameCell.Objects {
		switch c := c.(type) {
		case *widget.Icon:
			if locked {
				c.Show()
			} else {
				c.Hide()
			}
		case *widget.Label:
			c.SetText(name)
		}
	}
	nameCell.Refresh()
	for i, text := range texts {
		if t, seg := cellText(o, i); seg.Text != text {
			seg.Text = text
			t.Refresh()
		}
	}
}

// listHeader is the bold header row over a list laid out by cols.
func listHeader(cols *columns, titles ...string) *fyne.Container {
	cells := []fyne.CanvasObject{widget.NewLabel("")}
	for _, t := range titles {
		cells = append(cells, boldLabel(t))
	}
	return container.New(cols, cells...)
}

func (l *serviceList) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(l.items) {
		return
	}
	svc := l.items[id]
	st, ok := l.s.states[svc.Name]
	text, imp := describe(st)
	if !ok {
		text, imp = "Not checked yet", widget.LowImportance
	}
	setRow(o, shownStatus(st), svc.Managed, svc.Name, text, svc.Kind, redact.URL(svc.Target), svc.Group)
	styleCell(o, 0, imp)
}

// reload takes the services from the loaded configuration, filtered.
func (l *serviceList) reload() {
	q := strings.ToLower(strings.TrimSpace(l.filter.Text))
	l.items = l.items[:0]
	for _, svc := range l.s.loaded.Merged.Services {
		if q == "" || strings.Contains(strings.ToLower(svc.Name+"\x00"+svc.Kind+"\x00"+svc.Target+"\x00"+svc.Group), q) {
			l.items = append(l.items, svc)
		}
	}
	l.list.UnselectAll()
	l.selected = -1
	l.list.Refresh()
	l.updateActions()
}

// show selects the service with that name, clearing a filter that hides it.
func (l *serviceList) show(name string) {
	for pass := 0; pass < 2; pass++ {
		for i, svc := range l.items {
			if svc.Name == name {
				l.list.Select(i)
				l.list.ScrollTo(i)
				return
			}
		}
		l.filter.SetText("") // reloads
	}
}

func (l *serviceList) statesChanged() {
	l.list.Refresh()
	l.updateActions()
}

func (l *serviceList) current() (config.Service, bool) {
	if l.selected < 0 || l.selected >= len(l.items) {
		return config.Service{}, false
	}
	return l.items[l.selected], true
}

// updateActions enables what applies to the selection and says what it is.
func (l *serviceList) updateActions() {
	svc, ok := l.current()
	if l.s.deps.Details == nil {
		l.details.Hide()
	}
	for _, b := range []*widget.Button{l.edit, l.details, l.dup, l.remove} {
		if ok {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	switch {
	case !ok:
		managed := 0
		for _, svc := range l.s.loaded.Merged.Services {
			if svc.Managed {
				managed++
			}
		}
		text := plural(len(l.s.loaded.Merged.Services), "service") + ". Select one to edit it."
		if managed > 0 {
			text += " The locked ones are managed by your organisation."
		}
		if n := l.s.remoteCheckCount(); n > 0 {
			text += fmt.Sprintf(" %s more come from monitoring servers (see that tab).", plural(n, "check"))
		}
		l.info.SetText(text)
	case svc.Managed:
		l.edit.Disable()
		l.remove.Disable()
		l.info.SetText(fmt.Sprintf("%s is managed by your organisation: it can't be changed here. %s", svc.Name, l.stateText(svc)))
	default:
		l.info.SetText(svc.Name + ": " + l.stateText(svc))
	}
}

func (l *serviceList) stateText(svc config.Service) string {
	st, ok := l.s.states[svc.Name]
	if !ok {
		return "Not checked yet."
	}
	return stateText(st) + "."
}

func (l *serviceList) editSelected() {
	svc, ok := l.current()
	if !ok || svc.Managed {
		return
	}
	l.s.openEditor(svc, svc.Name, fmt.Sprintf("Edit %q", svc.Name))
}

// detailsSelected opens the details view (history, chart) of the selected service.
func (l *serviceList) detailsSelected() {
	if svc, ok := l.current(); ok && l.s.deps.Details != nil {
		l.s.deps.Details(svc.Name)
	}
}

func (l *serviceList) duplicateSelected() {
	svc, ok := l.current()
	if !ok {
		return
	}
	svc.Managed, svc.Origin = false, ""
	svc.Name = l.s.unusedName(svc.Name + " (copy)")
	l.s.openEditor(svc, "", "Add a copy")
}

func (l *serviceList) removeSelected() {
	svc, ok := l.current()
	if !ok || svc.Managed {
		return
	}
	l.s.confirmRemove("Remove service", fmt.Sprintf("Remove %q? Uptray will stop checking it.", svc.Name),
		func(u *config.Config) { u.Services = without(u.Services, svc.Name, serviceName) })
}

// confirmRemove asks first, then saves the user's settings with remove applied.
func (s *Settings) confirmRemove(title, question string, remove func(u *config.Config)) {
	d := dialog.NewConfirm(title, question, func(yes bool) {
		if yes {
			s.editUser("remove it", remove)
		}
	}, s.win)
	d.SetConfirmText("Remove")
	d.SetDismissText("Keep")
	d.Show()
}

// unusedName returns name, or name with a number, so that no service or source has
// it yet.
func (s *Settings) unusedName(name string) string {
	if s.nameClash(name, "", false) == "" {
		return name
	}
	for i := 2; ; i++ {
		if n := fmt.Sprintf("%s %d", name, i); s.nameClash(n, "", false) == "" {
			return n
		}
	}
}

// nameClash says why name cannot be used by a service (or, with source, a source),
// or "". origName is the user's own entry being edited, which may keep its name.
func (s *Settings) nameClash(name, origName string, source bool) string {
	if name == "" {
		return ""
	}
	self := func(other string, managed, isSource bool) bool {
		return !managed && origName != "" && other == origName && isSource == source
	}
	m := s.loaded.Merged
	for _, o := range m.Services {
		if strings.EqualFold(o.Name, name) && !self(o.Name, o.Managed, false) {
			return fmt.Sprintf("%q is already used by another service (names must be unique)", o.Name)
		}
	}
	for _, o := range m.Sources {
		if strings.EqualFold(o.Name, name) && !self(o.Name, o.Managed, true) {
			return fmt.Sprintf("%q is already used by the monitoring server %q (names must be unique)", name, o.Name)
		}
	}
	return ""
}
