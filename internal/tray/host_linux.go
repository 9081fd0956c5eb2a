package tray

import (
	"context"
	"fmt"

	"github.com/godbus/dbus/v5"
)

// watcherName is the D-Bus name of the desktop part that shows tray icons
// (StatusNotifierItem): GNOME has none unless the AppIndicator extension is on.
const watcherName = "org.kde.StatusNotifierWatcher" // i18n:ignore a D-Bus name

// HostAvailable reports whether this desktop shows tray icons: on Linux, whether a
// StatusNotifierWatcher owns its name on the session bus. An error means the bus
// could not be asked (no session bus: then there is no tray either).
func HostAvailable(ctx context.Context) (bool, error) {
	conn, err := dbus.SessionBusPrivate(dbus.WithContext(ctx))
	if err != nil {
		return false, fmt.Errorf("session bus: %w", err) // i18n:ignore logged, never shown
	}
	defer conn.Close()
	if err := conn.Auth(nil); err != nil {
		return false, fmt.Errorf("session bus: %w", err) // i18n:ignore logged, never shown
	}
	if err := conn.Hello(); err != nil {
		return false, fmt.Errorf("session bus: %w", err) // i18n:ignore logged, never shown
	}
	var has bool
	err = conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, watcherName).Store(&has) // i18n:ignore a D-Bus method
	if err != nil {
		return false, fmt.Errorf("asking for %s: %w", watcherName, err) // i18n:ignore logged, never shown
	}
	return has, nil
}
