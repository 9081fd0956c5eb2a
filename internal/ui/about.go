package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/assets"
	"github.com/uptray/uptray/internal/i18n"
)

// AboutInfo is what the About window shows.
type AboutInfo struct {
	Version     string // "0.1.0 (commit abc123, built …)"
	MachineFile string // "" when there is none: shown as "(none)"
	UserFile    string
	LogFile     string
	// Diagnostics returns the text "Copy diagnostics" puts on the clipboard: for a
	// helpdesk ticket, never credentials.
	Diagnostics func() string
}

// aboutSize is the About window's size: it must fit a small laptop screen whole.
var aboutSize = fyne.NewSize(480, 360)

// About is the small "About Uptray" window, created once and reused.
type About struct {
	app     fyne.App
	info    AboutInfo
	win     fyne.Window
	note    *widget.Label
	copyBtn *keyButton
	onHide  func()
}

// SetOnHide registers f, called on the UI goroutine when the window is closed.
func (ab *About) SetOnHide(f func()) { ab.onHide = f }

func (ab *About) hide() {
	ab.win.Hide()
	if ab.onHide != nil {
		ab.onHide()
	}
}

// Forget closes the window if it was built, so that the next Show builds it anew (in
// the language now set). Call on the UI goroutine, while the window is not shown.
func (ab *About) Forget() {
	if ab.win != nil {
		ab.win.SetCloseIntercept(nil)
		ab.win.Close()
		ab.win = nil
	}
}

// NewAbout prepares the About window.
func NewAbout(a fyne.App, info AboutInfo) *About { return &About{app: a, info: info} }

// Show opens the window or raises it. Call on the UI goroutine.
func (ab *About) Show() {
	if ab.win == nil {
		ab.build()
	}
	ab.note.SetText("")
	ab.win.Show()
	ab.win.RequestFocus()
	ab.win.Canvas().Focus(ab.copyBtn)
}

func (ab *About) build() {
	ab.win = ab.app.NewWindow(i18n.T("About Uptray"))
	ab.win.SetCloseIntercept(ab.hide)
	ab.win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			ab.hide()
		}
	})
	ab.note = widget.NewLabel("")
	ab.note.Wrapping = fyne.TextWrapWord
	ab.note.SizeName = theme.SizeNameCaptionText
	// Wrapped text measures its height at its width: each is given the width it will
	// have, or at the window's first measure (width 0) a path stands one character a
	// line and the window grows thousands of pixels tall.
	const valueWidth, textWidth, noteWidth = 280, 380, 180

	// A path has no spaces to wrap at: it breaks anywhere, in small monospace so that
	// a usual one fits on a line. The version wraps between words only.
	path := func(p string) fyne.CanvasObject {
		if p == "" {
			return greyText(i18n.T("(none)"), "")
		}
		rt := widget.NewRichText(&widget.TextSegment{Text: p, Style: widget.RichTextStyle{
			TextStyle: fyne.TextStyle{Monospace: true}, SizeName: theme.SizeNameCaptionText}})
		rt.Wrapping = fyne.TextWrapBreak
		return wrapAt(valueWidth, rt)
	}
	version := widget.NewLabel(ab.info.Version)
	version.Wrapping = fyne.TextWrapWord

	ab.copyBtn = newKeyButton(i18n.T("Copy diagnostics"), theme.ContentCopyIcon(), func() {
		ab.app.Clipboard().SetContent(ab.info.Diagnostics())
		ab.note.SetText(i18n.T("Copied: paste it into your helpdesk ticket."))
	})
	ab.copyBtn.Importance = widget.HighImportance
	closeBtn := newKeyButton(i18n.T("Close"), nil, ab.hide)
	ab.copyBtn.onEscape, closeBtn.onEscape = ab.hide, ab.hide

	rows := container.New(layout.NewFormLayout(),
		boldLabel(i18n.T("Version")), wrapAt(valueWidth, version),
		boldLabel(i18n.T("Organisation config")), path(ab.info.MachineFile),
		boldLabel(i18n.T("Your config")), path(ab.info.UserFile),
		boldLabel(i18n.T("Log file")), path(ab.info.LogFile),
	)
	icon := canvas.NewImageFromResource(fyne.NewStaticResource("uptray.png", assets.AppIcon())) // i18n:ignore a resource name
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(48, 48))
	title := widget.NewLabelWithStyle("Uptray", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}) // i18n:ignore the product's name
	title.SizeName = theme.SizeNameHeadingText
	blurb := widget.NewLabel(i18n.T("Watches the services you depend on and tells you when one breaks."))
	blurb.Wrapping = fyne.TextWrapWord
	header := container.NewBorder(nil, nil, container.NewCenter(icon), nil, container.NewVBox(title, wrapAt(textWidth, blurb)))
	// The note after copying sits between the buttons: a line of its own would not
	// fit in 360 px.
	buttons := container.NewBorder(nil, nil, container.NewCenter(ab.copyBtn), container.NewCenter(closeBtn), wrapAt(noteWidth, ab.note))
	body := container.NewBorder(header, buttons, nil, nil, rows)
	ab.win.SetContent(withFocusRing(container.NewPadded(body)))
	ab.win.Resize(aboutSize)
}
