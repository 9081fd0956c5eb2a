package ui

import (
	"errors"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/redact"
)

// exportDialog writes the user's own settings (never the organisation's) to a file,
// with passwords and tokens left out unless the user ticks "Include passwords and
// tokens": an exported file is mailed and shared, and the tokens in it open the
// monitoring servers.
func (s *Settings) exportDialog() {
	include := newCheckField(labelIncludeSecrets(), nil)
	note := widget.NewLabel(i18n.F("The file holds your own services and monitoring servers. Passwords and tokens left out show as %s in addresses and are missing elsewhere: fill them in after importing.", redact.Mask))
	note.Wrapping = fyne.TextWrapWord
	d, cancel := askDialog(i18n.T("Export settings"), container.NewVBox(include, note), s.win,
		choice{text: i18n.T("Cancel"), icon: theme.CancelIcon(), dismiss: true},
		choice{text: i18n.T("Choose file…"), icon: theme.DocumentSaveIcon(), importance: widget.HighImportance,
			action: func() { s.chooseExportFile(!include.Checked) }})
	include.setKeys(nil, d.Hide) // Escape on the box closes the dialog too
	d.Resize(fyne.NewSize(520, 240))
	s.showDialog(d, cancel)
}

// labelIncludeSecrets is the export's checkbox, unticked at first.
func labelIncludeSecrets() string { return i18n.T("Include passwords and tokens") }

func (s *Settings) chooseExportFile(leaveOut bool) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			s.showError(i18n.T("Could not export"), err)
			return
		}
		if w == nil {
			return // cancelled
		}
		where := w.URI().Path()
		if w.URI().Scheme() != "file" {
			where = w.URI().String()
		}
		data, err := exportData(s.loaded.User, leaveOut)
		if err == nil {
			err = writeExport(w, data)
		} else {
			w.Close()
		}
		if err != nil {
			s.showError(i18n.T("Could not export"), err)
			return
		}
		s.exported(where, leaveOut)
	}, s.win)
	d.SetFileName("uptray-settings.toml")                          // i18n:ignore a file name
	d.SetFilter(storage.NewExtensionFileFilter([]string{".toml"})) // i18n:ignore a file extension
	s.showDialog(d, nil)
}

// exported says where the file went and what it holds.
func (s *Settings) exported(where string, leftOut bool) {
	text := i18n.F("Your settings were written to %s.", where)
	if leftOut {
		text = i18n.F("Your settings were written to %s, without passwords and tokens.", where)
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapBreak // a path has no spaces to wrap at
	d, ok := askDialog(i18n.T("Exported"), msg, s.win,
		choice{text: i18n.T("OK"), importance: widget.HighImportance, dismiss: true})
	d.Resize(fyne.NewSize(480, 200))
	s.showDialog(d, ok)
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
	// The file's comment stays English, as the file's keys are.
	note := "# Passwords and tokens were left out: " + redact.Mask + " stands for each one in an address.\n" // i18n:ignore a comment in the TOML file
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
			s.showError(i18n.T("Could not import"), err)
			return
		}
		if r == nil {
			return
		}
		defer r.Close()
		s.importFrom(r.URI().Name(), r)
	}, s.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".toml"})) // i18n:ignore a file extension
	s.showDialog(d, nil)
}

// importFrom reads a chosen file, no more than config.MaxFileSize of it (a device
// such as /dev/zero never ends), and offers it as importData does.
func (s *Settings) importFrom(name string, r io.Reader) {
	data, err := config.ReadLimited(r)
	if err != nil {
		s.showError(i18n.F("Can't import %s", name), errors.New(i18n.F("%[1]s: %[2]s. Nothing was changed.", name, configText(err))))
		return
	}
	s.importData(name, data)
}

// importData checks a file first; only a valid one is offered to merge or replace.
func (s *Settings) importData(name string, data []byte) {
	c, err := config.Parse(data)
	if err != nil {
		s.showError(i18n.F("Can't import %s", name), errors.New(i18n.F("%[1]s has problems, so nothing was changed:\n\n%[2]s", name, configText(err))))
		return
	}
	msg := widget.NewLabel(i18n.F("%[1]s holds %[2]s.", name, importHolds(c)) + "\n\n" +
		i18n.T("Add new services keeps everything you have and adds the services whose names are new.") + "\n" +
		i18n.T("Replace makes your settings exactly those of the file (services managed by your organisation stay)."))
	msg.Wrapping = fyne.TextWrapWord
	// Replace throws away what the user has: marked as the destructive choice.
	d, cancel := askDialog(i18n.T("Import settings"), msg, s.win,
		choice{text: i18n.T("Cancel"), icon: theme.CancelIcon(), dismiss: true},
		choice{text: i18n.T("Replace"), icon: theme.DeleteIcon(), importance: widget.DangerImportance,
			action: func() { s.applyImport(c, true) }},
		choice{text: i18n.T("Add new services"), icon: theme.ContentAddIcon(), importance: widget.HighImportance,
			action: func() { s.applyImport(c, false) }})
	d.Resize(fyne.NewSize(560, 280))
	s.showDialog(d, cancel)
}

// importHolds says what an imported file brings: "3 services and 1 monitoring server".
func importHolds(c *config.Config) string {
	services := i18n.N("%d services", len(c.Services), len(c.Services))
	if len(c.Sources) == 0 {
		return services
	}
	return i18n.F("%[1]s and %[2]s", services, i18n.N("%d monitoring servers", len(c.Sources), len(c.Sources)))
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
		s.showError(i18n.T("Could not import"), errors.New(i18n.F("nothing was changed:\n\n%s", configText(err))))
		return
	}
	if len(skipped) > 0 {
		msg := widget.NewLabel(i18n.F("Skipped, because a service or monitoring server with that name exists already: %s.",
			strings.Join(skipped, ", ")))
		msg.Wrapping = fyne.TextWrapWord
		d, ok := askDialog(i18n.T("Imported"), msg, s.win,
			choice{text: i18n.T("OK"), importance: widget.HighImportance, dismiss: true})
		d.Resize(fyne.NewSize(480, 200))
		s.showDialog(d, ok)
	}
}
