package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// AboutInfo is what the About window shows.
type AboutInfo struct {
	Version     string // "0.1.0 (commit abc123, built …)"
	MachineFile string
	UserFile    string
	LogFile     string
	// Diagnostics returns the text "Copy diagnostics" puts on the clipboard: for a
	// helpdesk ticket, never credentials.
	Diagnostics func() string
}

// About is the small "About Uptray" window, created once and reused.
type About struct {
	app    fyne.App
	info   AboutInfo
	win    fyne.Window
	note   *widget.Label
	onHide func()
}

// SetOnHide registers f, called on the UI goroutine when the window is closed.
func (ab *About) SetOnHide(f func()) { ab.onHide = f }

func (ab *About) hide() {
	ab.win.Hide()
	if ab.onHide != nil {
		ab.onHide()
	}
}

// NewAbout prepares the About window.
func NewAbout(a fyne.App, info AboutInfo) *About { return &About{app: a, info: info} }

// Show opens the window or raises it. Call on the UI goroutine.
func (ab *About) Show() {
	if ab.win == nil {
		ab.win = ab.app.NewWindow("About Uptray")
		ab.win.SetCloseIntercept(ab.hide)
		ab.note = widget.NewLabel("")
		path := func(p string) fyne.CanvasObject {
			if p == "" {
				p = "(none)"
			}
			l := widget.NewLabel(p)
			l.TextStyle.Monospace = true
			l.Wrapping = fyne.TextWrapBreak
			return l
		}
		copyBtn := widget.NewButton("Copy diagnostics", func() {
			ab.app.Clipboard().SetContent(ab.info.Diagnostics())
			ab.note.SetText("Copied: paste it into your helpdesk ticket.")
		})
		copyBtn.Importance = widget.HighImportance
		form := widget.NewForm(
			widget.NewFormItem("Version", path(ab.info.Version)),
			widget.NewFormItem("Organisation config", path(ab.info.MachineFile)),
			widget.NewFormItem("Your config", path(ab.info.UserFile)),
			widget.NewFormItem("Log file", path(ab.info.LogFile)),
		)
		title := widget.NewLabelWithStyle("Uptray", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		blurb := widget.NewLabel("Watches the services you depend on and tells you when one breaks.")
		blurb.Wrapping = fyne.TextWrapWord
		ab.win.SetContent(container.NewPadded(container.NewVBox(
			title, blurb, form, container.NewHBox(copyBtn, ab.note))))
		ab.win.Resize(fyne.NewSize(560, 320))
	}
	ab.note.SetText("")
	ab.win.Show()
	ab.win.RequestFocus()
}
