package ui

import (
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
)

// suggestion is a one-click start: it only fills the editor. Nothing is checked or
// saved until the user saves (or presses Test).
type suggestion struct {
	title string
	svc   config.Service
}

func suggestions() []suggestion {
	return []suggestion{
		{i18n.T("Company website"), config.Service{Name: i18n.T("Company website"), Kind: "http", Target: "https://www.example.com"}}, // i18n:ignore an example kind and address, shown as written
		{i18n.T("Email server"), config.Service{Name: i18n.T("Email"), Kind: "tcp", Target: "mail.example.com:993", // i18n:ignore an example kind and address, shown as written
			Fallback: i18n.T("Use webmail, or call the help desk")}},
		{i18n.T("Website certificate"), config.Service{Name: i18n.T("Website certificate"), Kind: "tls", Target: "www.example.com:443"}}, // i18n:ignore an example kind and address, shown as written
	}
}

// welcomeView is what the Services tab shows while there are no services at all.
type welcomeView struct {
	add     *widget.Button
	suggest []*widget.Button
	catalog *widget.Button
	server  *widget.Button
	// autostart is "Start Uptray when I log in", ticked (and in effect) on the first
	// run: staff expect a tray app to come back after a restart. nil without Deps.Autostart.
	autostart *widget.Check
	content   fyne.CanvasObject
}

func newWelcomeView(s *Settings) *welcomeView {
	w := &welcomeView{}
	title := widget.NewLabelWithStyle(i18n.T("Welcome to Uptray"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	intro := widget.NewLabel(i18n.T("Uptray keeps an eye on the services you depend on at work — websites, email, file shares, the VPN — and shows in the system tray whether they are up. When one goes down it tells you, with what to do instead, so you are not left guessing.") + "\n\n" +
		i18n.T("Start by adding the first service you rely on."))
	intro.Wrapping = fyne.TextWrapWord
	w.add = widget.NewButtonWithIcon(i18n.T("Add a service"), theme.ContentAddIcon(), func() {
		s.openEditor(newService(), "", i18n.T("Add a service"))
	})
	w.add.Importance = widget.HighImportance
	hint := widget.NewLabel(i18n.T("Or start from an example and change it to your own address (nothing is checked until you save it):"))
	hint.Wrapping = fyne.TextWrapWord
	items := container.NewVBox()
	for _, sg := range suggestions() {
		sg := sg
		b := widget.NewButtonWithIcon(i18n.F("%[1]s — %[2]s", sg.title, sg.svc.Target), theme.ContentAddIcon(), func() {
			s.openEditor(sg.svc, "", i18n.T("Add a service"))
			// The example address is there to be replaced: show its problems at once.
			s.editor.showAll = true
			s.editor.validate()
		})
		b.Alignment = widget.ButtonAlignLeading
		w.suggest = append(w.suggest, b)
		items.Add(b)
	}
	fromCatalog := widget.NewButtonWithIcon(i18n.T("Pick a vendor's status page from the catalog (GitHub, Zoom, Cloudflare…)…"),
		theme.SearchIcon(), s.addFromCatalog)
	fromCatalog.Alignment = widget.ButtonAlignLeading
	w.catalog = fromCatalog
	items.Add(fromCatalog)
	server := widget.NewButtonWithIcon(i18n.T("Read a monitoring server you already run (Gatus, Uptime Kuma, Alertmanager)…"),
		theme.StorageIcon(), func() {
			s.openSourceEditor(config.Source{Kind: "gatus"}, "", i18n.T("Add a monitoring server")) // i18n:ignore an example kind and address, shown as written
		})
	server.Alignment = widget.ButtonAlignLeading
	w.server = server
	items.Add(server)
	importBtn := widget.NewButtonWithIcon(i18n.T("Import settings from a file…"), theme.DownloadIcon(), s.importDialog)
	importBtn.Alignment = widget.ButtonAlignLeading
	items.Add(importBtn)
	body := container.NewVBox(title, intro, container.NewHBox(w.add))
	if s.deps.Autostart != nil { // next to the first step, where it is seen without scrolling
		w.autostart = widget.NewCheck(i18n.T("Start Uptray when I log in"), nil)
		w.autostart.SetChecked(w.firstRunAutostart(s))
		w.autostart.OnChanged = func(on bool) { w.autostartChanged(s, on) }
		body.Add(w.autostart)
	}
	body.Add(widget.NewSeparator())
	body.Add(hint)
	body.Add(items)
	w.content = container.NewPadded(container.NewVScroll(container.NewPadded(container.New(maxWidth{w: 620}, body))))
	return w
}

// firstRunAutostart turns starting at login on when Uptray runs for the first time
// (no settings file of the user's yet), and says whether it is on.
func (w *welcomeView) firstRunAutostart(s *Settings) bool {
	a := s.deps.Autostart
	on, err := a.Enabled()
	if err == nil && !on && s.deps.Files.User != "" {
		if _, statErr := os.Stat(s.deps.Files.User); os.IsNotExist(statErr) {
			if a.Enable() == nil {
				on = true
			}
		}
	}
	return on && err == nil
}

// autostartChanged applies the checkbox at once. Unticking also writes the user's
// (empty) settings file, so that the next start is no longer a first run that would
// turn it back on.
func (w *welcomeView) autostartChanged(s *Settings, on bool) {
	a := s.deps.Autostart
	var err error
	if on {
		err = a.Enable()
	} else {
		err = a.Disable()
		if err == nil && s.deps.Files.User != "" {
			if _, statErr := os.Stat(s.deps.Files.User); os.IsNotExist(statErr) {
				err = config.Save(s.deps.Files.User, cloneConfig(s.loaded.User))
			}
		}
	}
	if err != nil {
		s.showError(i18n.T("Could not change starting at login"), err)
	}
}
