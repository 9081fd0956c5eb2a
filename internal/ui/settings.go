// Package ui holds Uptray's windows. They talk to the engine through small
// interfaces they declare, and never touch the network themselves.
package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
)

// Settings is the one settings window, created on first use and reused: closing it
// hides it and never quits the app.
type Settings struct {
	app   fyne.App
	files config.Files
	win   fyne.Window
}

// NewSettings prepares the settings window for the files in use.
func NewSettings(a fyne.App, files config.Files) *Settings {
	return &Settings{app: a, files: files}
}

// Show opens the window, or brings it to the front. Call on the UI goroutine.
func (s *Settings) Show() {
	if s.win == nil {
		s.win = s.app.NewWindow("Uptray Settings")
		s.win.SetCloseIntercept(s.win.Hide)
		path := widget.NewLabel(s.files.User)
		path.TextStyle.Monospace = true
		s.win.SetContent(container.NewPadded(container.NewVBox(
			widget.NewLabelWithStyle("Services are configured in this file for now:", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			path,
			widget.NewLabel("Edit it and restart Uptray; the README lists every key."),
		)))
		s.win.Resize(fyne.NewSize(760, 520))
	}
	s.win.Show()
	s.win.RequestFocus()
}
