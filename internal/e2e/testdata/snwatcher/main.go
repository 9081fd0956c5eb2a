// Command snwatcher is a minimal StatusNotifierWatcher for the soak script: with it on
// the private bus, Uptray sees a desktop with a tray and opens no "no tray" window, so
// the resident is measured alone. It runs until killed.
package main

import (
	"fmt"
	"os"

	"github.com/godbus/dbus/v5"
)

type watcher struct{}

func (watcher) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	fmt.Printf("registered %s %s\n", sender, service)
	return nil
}

func (watcher) RegisterStatusNotifierHost(string) *dbus.Error { return nil }

func main() {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		fmt.Fprintln(os.Stderr, "snwatcher:", err)
		os.Exit(1)
	}
	if err := conn.Export(watcher{}, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		fmt.Fprintln(os.Stderr, "snwatcher:", err)
		os.Exit(1)
	}
	if reply, err := conn.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		fmt.Fprintln(os.Stderr, "snwatcher: cannot own the watcher name", err)
		os.Exit(1)
	}
	select {}
}
