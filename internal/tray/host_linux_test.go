package tray

import (
	"context"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// A private session bus: no watcher → no tray host; a watcher owns its name → host.
func TestHostAvailable(t *testing.T) {
	addr := privateBus(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	if ok, err := HostAvailable(ctx); ok || err != nil {
		t.Fatalf("without a watcher: %v, %v; want false, nil", ok, err)
	}
	conn := dial(t, addr)
	if reply, err := conn.RequestName(watcherName, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v %v", watcherName, reply, err)
	}
	if ok, err := HostAvailable(ctx); !ok || err != nil {
		t.Fatalf("with a watcher: %v, %v; want true, nil", ok, err)
	}

	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
	if ok, err := HostAvailable(ctx); ok || err == nil {
		t.Fatalf("without a bus: %v, %v; want false and an error", ok, err)
	}
}
