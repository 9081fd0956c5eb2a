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
		name, importHolds(c)))
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

// importHolds says what an imported file brings: "3 services and 1 monitoring server".
func importHolds(c *config.Config) string {
	text := plural(len(c.Services), "service")
	if len(c.Sources) > 0 {
		text += " and " + plural(len(c.Sources), "monitoring server")
	}
	return text
}

// applyImport merges (adds services and sources with new names) or replaces the
// user's layer.
func (s *Settings) applyImport(c *config.Config, replace bool) {
	taken := map[string]bool{} // names the import may not use
	for _, svc := range s.loaded.Machine.Services {
		taken[strings.ToLower(svc.Name)] = true
	}
	for _, src := range s.loaded.Machine.Sources {
		taken[strings.ToLower(src.Name)] = true
	}
	var u *config.Config
	if replace {
		u = cloneConfig(c)
		u.Services, u.Sources = nil, nil
	} else {
		u = cloneConfig(s.loaded.User)
		for _, svc := range s.loaded.Merged.Services {
			taken[strings.ToLower(svc.Name)] = true
		}
		for _, src := range s.loaded.Merged.Sources {
			taken[strings.ToLower(src.Name)] = true
		}
	}
	var skipped []string
	keep := func(name string) bool {
		if taken[strings.ToLower(name)] {
			skipped = append(skipped, name)
			return false
		}
		taken[strings.ToLower(name)] = true
		return true
	}
	for _, svc := range c.Services {
		if keep(svc.Name) {
			u.Services = append(u.Services, svc)
		}
	}
	for _, src := range c.Sources {
		if keep(src.Name) {
			u.Sources = append(u.Sources, src)
		}
	}
	if err := s.saveUser(u); err != nil {
		s.showError("Could not import", fmt.Errorf("nothing was changed:\n\n%w", err))
		return
	}
	if len(skipped) > 0 {
		dialog.ShowInformation("Imported", fmt.Sprintf("Skipped, because a service or monitoring server with that name exists already: %s.",
			strings.Join(skipped, ", ")), s.win)
	}
}
