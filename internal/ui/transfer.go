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
	"github.com/uptray/uptray/internal/redact"
)

// exportDialog writes the user's own settings (never the organisation's) to a file,
// with passwords and tokens left out unless the user unticks it: an exported file is
// mailed and shared, and the tokens in it open the monitoring servers.
func (s *Settings) exportDialog() {
	leaveOut := widget.NewCheck(labelLeaveOutSecrets, nil)
	leaveOut.SetChecked(true)
	note := widget.NewLabel("The file holds your own services and monitoring servers. " +
		"Passwords and tokens left out show as " + redact.Mask + " in addresses and are missing elsewhere: fill them in after importing.")
	note.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Export settings", "Choose file…", "Cancel", container.NewVBox(leaveOut, note), func(ok bool) {
		if ok {
			s.chooseExportFile(leaveOut.Checked)
		}
	}, s.win)
	d.Resize(fyne.NewSize(520, 220))
	d.Show()
}

const labelLeaveOutSecrets = "Leave out passwords and tokens"

func (s *Settings) chooseExportFile(leaveOut bool) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			s.showError("Could not export", err)
			return
		}
		if w == nil {
			return // cancelled
		}
		data, err := exportData(s.loaded.User, leaveOut)
		if err == nil {
			err = writeExport(w, data)
		} else {
			w.Close()
		}
		if err != nil {
			s.showError("Could not export", err)
		}
	}, s.win)
	d.SetFileName("uptray-settings.toml")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".toml"}))
	d.Show()
}

// export writes the user's layer as the export dialog does by default.
func (s *Settings) export(w io.Writer) error {
	data, err := exportData(s.loaded.User, true)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// exportData encodes a layer; leaveOut empties the tokens and passwords of sources
// and masks the credentials written into addresses (redact.URL).
func exportData(c *config.Config, leaveOut bool) ([]byte, error) {
	if !leaveOut {
		return config.Encode(c)
	}
	c = cloneConfig(c)
	for i := range c.Services {
		c.Services[i].Target = redact.URL(c.Services[i].Target)
	}
	for i := range c.Sources {
		src := &c.Sources[i]
		src.URL = redact.URL(src.URL)
		src.Token, src.Password = "", ""
	}
	data, err := config.Encode(c)
	if err != nil {
		return nil, err
	}
	note := "# Passwords and tokens were left out: " + redact.Mask + " stands for each one in an address.\n"
	return append([]byte(note), data...), nil
}

// writeExport writes data where the save dialog points. A local file gets mode 0600:
// Fyne creates it readable by everyone (0644) and it may hold tokens, so it is
// replaced, atomically, by one only its owner can read; another reader of the empty
// file Fyne made never sees the data. Other URIs are written through w.
func writeExport(w fyne.URIWriteCloser, data []byte) error {
	if u := w.URI(); u.Scheme() == "file" {
		w.Close()
		return config.WriteFile(u.Path(), data)
	}
	defer w.Close()
	_, err := w.Write(data)
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
		s.importFrom(r.URI().Name(), r)
	}, s.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".toml"}))
	d.Show()
}

// importFrom reads a chosen file, no more than config.MaxFileSize of it (a device
// such as /dev/zero never ends), and offers it as importData does.
func (s *Settings) importFrom(name string, r io.Reader) {
	data, err := config.ReadLimited(r)
	if err != nil {
		s.showError("Can't import "+name, fmt.Errorf("%s: %w. Nothing was changed.", name, err))
		return
	}
	s.importData(name, data)
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
