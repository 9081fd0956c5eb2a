//go:build linux || freebsd || openbsd || netbsd

package tray

import (
	"fyne.io/systray"
	"github.com/godbus/dbus/v5"
)

// run shows the StatusNotifierItem on the session bus and blocks until Quit. Here the
// tray is D-Bus only, so there is no native loop to own: systray's external-loop
// entry points are used, and start returns once everything is exported, so the
// pending menu is added after (not racing) systray's own start-up.
func (s *Systray) run(ready func()) {
	// systray uses the shared session connection: without one no tray can show, and
	// systray's end would close a connection it never had (a nil pointer). The app
	// goes on without a tray (HostAvailable tells why).
	if _, err := dbus.SessionBus(); err != nil {
		ready()
		<-s.quit
		return
	}
	systray.SetTitle(Title) // before start: the item's Id is its title then
	start, end := systray.RunWithExternalLoop(nil, nil)
	start()
	ready()
	<-s.quit
	s.end() // no click goroutine outlives the bus connection
	end()
}
