package ui

import (
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
)

// exportDialog writes the user's own settings (never the organisation's) to a file.
func (s *Settings) exportDialog() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			s.showError("Could not export", err)
			return
		}
		if w == nil {
			return // cancelled
		}
		defer w.Close()
		if err := s.export(w); err != nil {
			s.showError("Could not export", err)
		}
	}, s.win)
	d.SetFileName("uptray-settings.toml")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".toml"}))
	d.Show()
}

func (s *Settings) export(w io.Writer) error {
	data, err := config.Encode(s.loaded.User)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

func (s *Settings) importDialog() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.showError("Could not import", err)
			return
		}
		if r == nil {
			return
		}
		defer r.Close()
		data, err := io.ReadAll(r)
		if err != nil {
			s.showError("Could not import", err)
			return
		}
		s.importData(r.URI().Name(), data)
	}, s.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".toml"}))
	d.Show()
}

// importData checks a file first; only a valid one is offered to merge or replace.
func (s *Settings) importData(name string, data []byte) {
	c, err := config.Parse(data)
	if err != nil {
		s.showError("Can't import "+name, fmt.Errorf("%s has problems, so nothing was changed:\n\n%w", name, err))
		return
	}
	msg := widget.NewLabel(fmt.Sprintf("%s holds %s.\n\n"+
		"Add new services keeps everything you have and adds the services whose names are new.\n"+
		"Replace makes your settings exactly those of the file (services managed by your organisation stay).",
		name, plural(len(c.Services), "service")))
	msg.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	merge := widget.NewButton("Add new services", func() { d.Hide(); s.applyImport(c, false) })
	merge.Importance = widget.HighImportance
	replace := widget.NewButton("Replace", func() { d.Hide(); s.applyImport(c, true) })
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons("Import settings", container.NewBorder(nil,
		container.NewHBox(cancel, replace, merge), nil, nil, msg), s.win)
	d.Resize(fyne.NewSize(520, 260))
	d.Show()
}

// applyImport merges (adds services with new names) or replaces the user's layer.
func (s *Settings) applyImport(c *config.Config, replace bool) {
	managed := map[string]bool{}
	for _, svc := range s.loaded.Machine.Services {
		managed[strings.ToLower(svc.Name)] = true
	}
	var u *config.Config
	var skipped []string
	if replace {
		u = cloneConfig(c)
		u.Services = nil
		for _, svc := range c.Services {
			if managed[strings.ToLower(svc.Name)] {
				skipped = append(skipped, svc.Name)
				continue
			}
			u.Services = append(u.Services, svc)
		}
	} else {
		u = cloneConfig(s.loaded.User)
		have := map[string]bool{}
		for _, svc := range s.loaded.Merged.Services {
			have[strings.ToLower(svc.Name)] = true
		}
		for _, svc := range c.Services {
			if have[strings.ToLower(svc.Name)] {
				skipped = append(skipped, svc.Name)
				continue
			}
			have[strings.ToLower(svc.Name)] = true
			u.Services = append(u.Services, svc)
		}
	}
	if err := s.saveUser(u); err != nil {
		s.showError("Could not import", fmt.Errorf("nothing was changed:\n\n%w", err))
		return
	}
	if len(skipped) > 0 {
		dialog.ShowInformation("Imported", fmt.Sprintf("Skipped, because a service with that name exists already: %s.",
			strings.Join(skipped, ", ")), s.win)
	}
}
