package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/redact"
	"github.com/uptray/uptray/internal/status"
)

// serviceList is the Services tab: a filter, the services with their live status,
// and the actions on them.
type serviceList struct {
	s        *Settings
	filter   *field
	list     *widget.List
	items    []config.Service // merged services matching the filter
	selected int              // index into items, -1 when none

	add, edit, details, dup, remove *widget.Button
	catalog                         *widget.Button // "Add from catalog…"
	importBtn, exportBtn            *widget.Button
	info                            *widget.Label
	noMatch                         *widget.Label // instead of an empty list when the search finds nothing
	content                         fyne.CanvasObject
}

func newServiceList(s *Settings) *serviceList {
	l := &serviceList{s: s, selected: -1}
	l.filter = newField(i18n.T("Search services"))
	l.filter.ActionItem = widget.NewIcon(theme.SearchIcon())
	l.filter.OnChanged = func(string) { l.reload() }

	l.add = widget.NewButtonWithIcon(i18n.T("Add"), theme.ContentAddIcon(), func() { s.openEditor(newService(), "", i18n.T("Add a service")) })
	l.add.Importance = widget.HighImportance
	l.catalog = widget.NewButtonWithIcon(i18n.T("Add from catalog…"), theme.SearchIcon(), s.addFromCatalog)
	l.edit = widget.NewButtonWithIcon(i18n.T("Edit"), theme.DocumentCreateIcon(), l.editSelected)
	l.details = widget.NewButtonWithIcon(i18n.T("Details"), theme.InfoIcon(), l.detailsSelected)
	l.dup = widget.NewButtonWithIcon(i18n.T("Duplicate"), theme.ContentCopyIcon(), l.duplicateSelected)
	l.remove = widget.NewButtonWithIcon(i18n.T("Remove"), theme.DeleteIcon(), l.removeSelected)
	l.importBtn = widget.NewButtonWithIcon(i18n.T("Import…"), theme.DownloadIcon(), s.importDialog)
	l.exportBtn = widget.NewButtonWithIcon(i18n.T("Export…"), theme.UploadIcon(), s.exportDialog)
	l.info = widget.NewLabel("")
	l.info.Truncation = fyne.TextTruncateEllipsis
	l.noMatch = widget.NewLabel("")
	l.noMatch.Alignment = fyne.TextAlignCenter
	l.noMatch.Wrapping = fyne.TextWrapWord
	l.noMatch.Hide()

	l.list = widget.NewList(
		func() int { return len(l.items) },
		rowMaker(serviceColumns, 4),
		func(id widget.ListItemID, o fyne.CanvasObject) { l.updateRow(id, o) },
	)
	l.list.OnSelected = func(id widget.ListItemID) { l.selected = id; l.updateActions() }
	l.list.OnUnselected = func(widget.ListItemID) { l.selected = -1; l.updateActions() }

	header := listHeader(serviceColumns, i18n.T("Name"), i18n.T("State"), i18n.T("Type"), i18n.T("Address"), i18n.T("Group"))
	toolbar := container.NewBorder(nil, nil, nil,
		container.NewHBox(l.add, l.catalog, l.edit, l.details, l.dup, l.remove), l.filter)
	top := container.NewVBox(toolbar, header)
	bottom := container.NewBorder(widget.NewSeparator(), nil, nil,
		container.NewHBox(l.importBtn, l.exportBtn), l.info)
	l.content = container.NewPadded(container.NewBorder(top, bottom, nil, nil,
		container.NewStack(l.list, container.NewVBox(l.noMatch))))
	l.updateActions()
	return l
}

func boldLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// rowMaker makes the rows of a list laid out by cols: a status mark (the state's
// shape in its colour; the words are in a text cell), a name with a
// lock for what the organisation manages, and n more cells of text (rich text, so
// that styleCell can grey one out in a colour that still reads).
func rowMaker(cols *columns, n int) func() fyne.CanvasObject {
	return func() fyne.CanvasObject {
		name := widget.NewLabel("")
		name.Truncation = fyne.TextTruncateEllipsis
		lock := widget.NewIcon(lockIcon)
		lock.Hide()
		cells := []fyne.CanvasObject{container.New(dotLayout{size: 16}, newStateMark()),
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
	setStateMark(cells[0].(*fyne.Container).Objects[0].(*canvas.Image), st)
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
		text, imp = i18n.T("Not checked yet"), widget.LowImportance
	}
	setRow(o, shownStatus(st), svc.Managed, svc.Name, text, svc.Kind, redact.URL(svc.Target), svc.Group)
	styleCell(o, 0, imp)
}

// reload takes the services from the loaded configuration, filtered, the ones in
// trouble first.
func (l *serviceList) reload() {
	q := strings.ToLower(strings.TrimSpace(l.filter.Text))
	l.items = l.items[:0]
	for _, svc := range l.s.loaded.Merged.Services {
		if q == "" || strings.Contains(strings.ToLower(svc.Name+"\x00"+svc.Kind+"\x00"+svc.Target+"\x00"+svc.Group), q) {
			l.items = append(l.items, svc)
		}
	}
	l.sortItems()
	if len(l.items) == 0 && q != "" {
		l.noMatch.SetText(i18n.F("No service matches “%s”.", strings.TrimSpace(l.filter.Text)))
		l.noMatch.Show()
	} else {
		l.noMatch.Hide()
	}
	l.list.UnselectAll()
	l.selected = -1
	l.list.Refresh()
	l.updateActions()
}

// sortItems puts down services first, then degraded ones, then the rest, each in
// the order of the configuration: what needs attention is at the top of the list.
func (l *serviceList) sortItems() {
	rank := func(svc config.Service) int {
		switch shownStatus(l.s.states[svc.Name]) {
		case status.Down:
			return 0
		case status.Degraded:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(l.items, func(a, b config.Service) int { return rank(a) - rank(b) })
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

// statesChanged re-sorts the rows by their new states, keeping the selection on
// the same service.
func (l *serviceList) statesChanged() {
	selected, had := l.current()
	before := slices.Clone(l.items)
	l.sortItems()
	moved := !slices.EqualFunc(before, l.items, func(a, b config.Service) bool { return a.Name == b.Name })
	if had && moved {
		for i, svc := range l.items {
			if svc.Name == selected.Name {
				l.selected = i
				l.list.Select(i)
				break
			}
		}
	}
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
	editOrView(l.edit, ok && svc.Managed)
	for _, b := range []*widget.Button{l.edit, l.details, l.dup, l.remove} {
		if ok {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	switch {
	case !ok:
		// Sentences, each whole, so every language words its own.
		all := l.s.loaded.Merged.Services
		managed := 0
		for _, svc := range all {
			if svc.Managed {
				managed++
			}
		}
		var parts []string
		switch {
		case len(l.items) == 0 && strings.TrimSpace(l.filter.Text) != "":
			parts = append(parts, i18n.N("None of the %d services matches.", len(all), len(all)))
		case len(l.items) < len(all):
			parts = append(parts, i18n.N("%d of %d services match. Select one to edit it.", len(all), len(l.items), len(all)))
		default:
			parts = append(parts, i18n.N("%d services. Select one to edit it.", len(all), len(all)))
		}
		if managed > 0 {
			parts = append(parts, i18n.T("The locked ones are managed by your organisation."))
		}
		if n := l.s.remoteCheckCount(); n > 0 {
			parts = append(parts, i18n.N("%d checks more come from monitoring servers (see that tab).", n, n))
		}
		l.info.SetText(strings.Join(parts, " "))
	case svc.Managed:
		// Set by the organisation: View opens it read-only (every field and the
		// fallback readable), nothing removes it.
		l.remove.Disable()
		l.info.SetText(i18n.F("%[1]s is managed by your organisation: it can't be changed here. %[2]s", svc.Name, l.stateText(svc)))
	default:
		l.info.SetText(i18n.F("%[1]s: %[2]s", svc.Name, l.stateText(svc)))
	}
}

// stateText is the selected service's state as a sentence.
func (l *serviceList) stateText(svc config.Service) string {
	st, ok := l.s.states[svc.Name]
	if !ok {
		return i18n.T("Not checked yet.")
	}
	return i18n.F("%s.", stateText(st))
}

// editSelected opens the selected service to edit, or read-only when the organisation
// set it (openService chooses).
func (l *serviceList) editSelected() {
	if svc, ok := l.current(); ok {
		l.s.openService(svc)
	}
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
	svc.Name = l.s.unusedName(i18n.F("%s (copy)", svc.Name))
	l.s.openEditor(svc, "", i18n.T("Add a copy"))
}

func (l *serviceList) removeSelected() {
	svc, ok := l.current()
	if !ok || svc.Managed {
		return
	}
	l.s.confirmRemove(i18n.T("Remove service"), i18n.F("Remove “%s”? Uptray will stop checking it.", svc.Name),
		func(u *config.Config) { u.Services = without(u.Services, svc.Name, serviceName) })
}

// confirmRemove asks first, then saves the user's settings with remove applied.
// Remove is marked as the destructive choice; Keep has the focus and Escape.
func (s *Settings) confirmRemove(title, question string, remove func(u *config.Config)) {
	msg := widget.NewLabel(question)
	msg.Wrapping = fyne.TextWrapWord
	d, keep := askDialog(title, msg, s.win,
		choice{text: i18n.T("Keep"), icon: theme.CancelIcon(), dismiss: true},
		choice{text: i18n.T("Remove"), icon: theme.DeleteIcon(), importance: widget.DangerImportance,
			action: func() { s.editUser(i18n.T("Could not remove it"), remove) }})
	d.Resize(fyne.NewSize(460, 190))
	s.showDialog(d, keep)
}

// unusedName returns name, or name with a number, so that no service or source has
// it yet.
func (s *Settings) unusedName(name string) string {
	if s.nameClash(name, "", false) == "" {
		return name
	}
	for i := 2; ; i++ {
		if n := fmt.Sprintf("%s %d", name, i); s.nameClash(n, "", false) == "" { // a name, not words
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
			return i18n.F("“%s” is already used by another service (names must be unique)", o.Name)
		}
	}
	for _, o := range m.Sources {
		if strings.EqualFold(o.Name, name) && !self(o.Name, o.Managed, true) {
			return i18n.F("“%[1]s” is already used by the monitoring server “%[2]s” (names must be unique)", name, o.Name)
		}
	}
	return ""
}
