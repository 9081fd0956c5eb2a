//go:build !linux && !freebsd && !openbsd && !netbsd

package tray

import "fyne.io/systray"

// run hands the calling thread to systray's native loop (Cocoa on macOS, the
// window message loop on Windows) until Quit. No title is set: macOS would show it
// as text next to the icon in the menu bar, and Windows has none.
func (s *Systray) run(ready func()) {
	systray.Run(func() {
		ready()
		go func() {
			<-s.quit
			systray.Quit()
		}()
	}, nil)
}
