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

	add, edit, dup, remove *widget.Button
	importBtn, exportBtn   *widget.Button
	info                   *widget.Label
	content                fyne.CanvasObject
}

func newServiceList(s *Settings) *serviceList {
	l := &serviceList{s: s, selected: -1}
	l.filter = widget.NewEntry()
	l.filter.PlaceHolder = "Search services"
	l.filter.ActionItem = widget.NewIcon(theme.SearchIcon())
	l.filter.OnChanged = func(string) { l.reload() }

	l.add = widget.NewButtonWithIcon("Add", theme.ContentAddIcon(), func() { s.openEditor(newService(), "", "Add a service") })
	l.add.Importance = widget.HighImportance
	l.edit = widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), l.editSelected)
	l.dup = widget.NewButtonWithIcon("Duplicate", theme.ContentCopyIcon(), l.duplicateSelected)
	l.remove = widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), l.removeSelected)
	l.importBtn = widget.NewButtonWithIcon("Import…", theme.DownloadIcon(), s.importDialog)
	l.exportBtn = widget.NewButtonWithIcon("Export…", theme.UploadIcon(), s.exportDialog)
	l.info = widget.NewLabel("")
	l.info.Truncation = fyne.TextTruncateEllipsis

	l.list = widget.NewList(
		func() int { return len(l.items) },
		newRow,
		func(id widget.ListItemID, o fyne.CanvasObject) { l.updateRow(id, o) },
	)
	l.list.OnSelected = func(id widget.ListItemID) { l.selected = id; l.updateActions() }
	l.list.OnUnselected = func(widget.ListItemID) { l.selected = -1; l.updateActions() }

	header := container.New(serviceColumns,
		widget.NewLabel(""),
		boldLabel("Name"), boldLabel("Type"), boldLabel("Address"), boldLabel("Group"))
	toolbar := container.NewBorder(nil, nil, nil,
		container.NewHBox(l.add, l.edit, l.dup, l.remove), l.filter)
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

func newRow() fyne.CanvasObject {
	trunc := func() *widget.Label {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	lock := widget.NewIcon(lockIcon)
	lock.Hide()
	name := container.NewBorder(nil, nil, lock, nil, trunc())
	return container.New(serviceColumns,
		container.New(dotLayout{size: 12}, newDot()),
		name, trunc(), trunc(), trunc())
}

func (l *serviceList) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(l.items) {
		return
	}
	svc := l.items[id]
	cells := o.(*fyne.Container).Objects
	dot := cells[0].(*fyne.Container).Objects[0].(*canvas.Circle)
	dot.FillColor = statusColor(l.s.states[svc.Name].Status)
	dot.Refresh()
	name := cells[1].(*fyne.Container)
	var lock *widget.Icon
	var label *widget.Label
	for _, c := range name.Objects {
		switch c := c.(type) {
		case *widget.Icon:
			lock = c
		case *widget.Label:
			label = c
		}
	}
	if svc.Managed {
		lock.Show()
	} else {
		lock.Hide()
	}
	label.SetText(svc.Name)
	name.Refresh()
	cells[2].(*widget.Label).SetText(svc.Kind)
	cells[3].(*widget.Label).SetText(svc.Target)
	cells[4].(*widget.Label).SetText(svc.Group)
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
	for _, b := range []*widget.Button{l.edit, l.dup, l.remove} {
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
		text := fmt.Sprintf("%d services. Select one to edit it.", len(l.s.loaded.Merged.Services))
		if managed > 0 {
			text += " The locked ones are managed by your organisation."
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
	text := st.Status.String()
	if lat := status.FormatLatency(st.Last.Latency); lat != "" && st.Status != status.Unknown {
		text += ", " + lat
	}
	if st.Last.Reason != "" && st.Status != status.Up {
		text += ": " + st.Last.Reason
	}
	return text + "."
}

func (l *serviceList) editSelected() {
	svc, ok := l.current()
	if !ok || svc.Managed {
		return
	}
	l.s.openEditor(svc, svc.Name, fmt.Sprintf("Edit %q", svc.Name))
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
	d := dialog.NewConfirm("Remove service",
		fmt.Sprintf("Remove %q? Uptray will stop checking it.", svc.Name),
		func(yes bool) {
			if yes {
				l.s.removeService(svc.Name)
			}
		}, l.s.win)
	d.SetConfirmText("Remove")
	d.SetDismissText("Keep")
	d.Show()
}

func (s *Settings) removeService(name string) {
	u := cloneConfig(s.loaded.User)
	for i, svc := range u.Services {
		if svc.Name == name {
			u.Services = append(u.Services[:i], u.Services[i+1:]...)
			break
		}
	}
	if err := s.saveUser(u); err != nil {
		s.showError("Could not remove the service", err)
	}
}

// unusedName returns name, or name with a number, so that no service has it yet.
func (s *Settings) unusedName(name string) string {
	taken := func(n string) bool {
		for _, svc := range s.loaded.Merged.Services {
			if strings.EqualFold(svc.Name, n) {
				return true
			}
		}
		return false
	}
	if !taken(name) {
		return name
	}
	for i := 2; ; i++ {
		if n := fmt.Sprintf("%s %d", name, i); !taken(n) {
			return n
		}
	}
}
