package instance

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSecondInstanceTellsTheFirst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "i.sock")
	got := make(chan string, 1)
	first, err := Acquire(path, "show", func(m string) { got <- m })
	if err != nil {
		t.Fatal(err)
	}
	defer first.Release()
	if _, err := Acquire(path, "show", nil); !errors.Is(err, ErrRunning) {
		t.Fatalf("second Acquire: %v, want ErrRunning", err)
	}
	select {
	case m := <-got:
		if m != "show" {
			t.Fatalf("first instance got %q", m)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("first instance was not told")
	}
}

func TestStaleSocketIsTakenOver(t *testing.T) {
	path := filepath.Join(t.TempDir(), "i.sock")
	// A socket file nobody listens on, as a crashed instance leaves it.
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("stale socket not left behind: %v", err)
	}
	l, err := Acquire(path, "show", nil)
	if err != nil {
		t.Fatalf("Acquire over a stale socket: %v", err)
	}
	l.Release()
}
