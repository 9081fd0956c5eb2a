package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
)

// suggestion is a one-click start: it only fills the editor. Nothing is checked or
// saved until the user saves (or presses Test).
type suggestion struct {
	title string
	svc   config.Service
}

func suggestions() []suggestion {
	return []suggestion{
		{"Company website", config.Service{Name: "Company website", Kind: "http", Target: "https://www.example.com"}},
		{"Email server", config.Service{Name: "Email", Kind: "tcp", Target: "mail.example.com:993",
			Fallback: "Use webmail, or call the help desk"}},
		{"Website certificate", config.Service{Name: "Website certificate", Kind: "tls", Target: "www.example.com:443"}},
	}
}

// welcomeView is what the Services tab shows while there are no services at all.
type welcomeView struct {
	add     *widget.Button
	suggest []*widget.Button
	catalog *widget.Button
	server  *widget.Button
	content fyne.CanvasObject
}

func newWelcomeView(s *Settings) *welcomeView {
	w := &welcomeView{}
	title := widget.NewLabelWithStyle("Welcome to Uptray", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	intro := widget.NewLabel("Uptray keeps an eye on the services you depend on at work — websites, " +
		"email, file shares, the VPN — and shows in the system tray whether they are up. " +
		"When one goes down it tells you, with what to do instead, so you are not left guessing.\n\n" +
		"Start by adding the first service you rely on.")
	intro.Wrapping = fyne.TextWrapWord
	w.add = widget.NewButtonWithIcon("Add a service", theme.ContentAddIcon(), func() {
		s.openEditor(newService(), "", "Add a service")
	})
	w.add.Importance = widget.HighImportance
	hint := widget.NewLabel("Or start from an example and change it to your own address (nothing is checked until you save it):")
	hint.Wrapping = fyne.TextWrapWord
	items := container.NewVBox()
	for _, sg := range suggestions() {
		sg := sg
		b := widget.NewButtonWithIcon(sg.title+" — "+sg.svc.Target, theme.ContentAddIcon(), func() {
			s.openEditor(sg.svc, "", "Add a service")
			// The example address is there to be replaced: show its problems at once.
			s.editor.showAll = true
			s.editor.validate()
		})
		b.Alignment = widget.ButtonAlignLeading
		w.suggest = append(w.suggest, b)
		items.Add(b)
	}
	fromCatalog := widget.NewButtonWithIcon("Pick a vendor's status page from the catalog (GitHub, Zoom, Cloudflare…)…",
		theme.SearchIcon(), s.addFromCatalog)
	fromCatalog.Alignment = widget.ButtonAlignLeading
	w.catalog = fromCatalog
	items.Add(fromCatalog)
	server := widget.NewButtonWithIcon("Read a monitoring server you already run (Gatus, Uptime Kuma, Alertmanager)…",
		theme.StorageIcon(), func() {
			s.openSourceEditor(config.Source{Kind: "gatus"}, "", "Add a monitoring server")
		})
	server.Alignment = widget.ButtonAlignLeading
	w.server = server
	items.Add(server)
	importBtn := widget.NewButtonWithIcon("Import settings from a file…", theme.DownloadIcon(), s.importDialog)
	importBtn.Alignment = widget.ButtonAlignLeading
	items.Add(importBtn)
	body := container.NewVBox(title, intro, container.NewHBox(w.add), widget.NewSeparator(), hint, items)
	w.content = container.NewPadded(container.NewVScroll(container.NewPadded(container.New(maxWidth{w: 620}, body))))
	return w
}
