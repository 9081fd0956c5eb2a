package tray

import (
	"bufio"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// A private session bus: no watcher → no tray host; a watcher owns its name → host.
func TestHostAvailable(t *testing.T) {
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address", "--address=unix:tmpdir="+t.TempDir())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("dbus-daemon (package dbus-daemon): %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", strings.TrimSpace(addr))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	if ok, err := HostAvailable(ctx); ok || err != nil {
		t.Fatalf("without a watcher: %v, %v; want false, nil", ok, err)
	}
	conn, err := dbus.SessionBusPrivate()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.Auth(nil); err != nil {
		t.Fatal(err)
	}
	if err := conn.Hello(); err != nil {
		t.Fatal(err)
	}
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
