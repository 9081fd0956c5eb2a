package probe

import (
	"errors"
	"net"
	"testing"
	"time"
)

func TestConnectivity(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	open, closed := l.Addr().String(), closedAddr(t)
	up := func() (bool, error) { return true, nil }
	down := func() (bool, error) { return false, nil }
	broken := func() (bool, error) { return false, errors.New("netlink: permission denied") }

	cases := []struct {
		name       string
		targets    []string
		interfaces func() (bool, error)
		online     bool
		reason     string
	}{
		{name: "target answers", targets: []string{open}, interfaces: up, online: true},
		{name: "one of two answers", targets: []string{closed, open}, interfaces: up, online: true},
		{name: "target refuses", targets: []string{closed}, interfaces: up,
			reason: "no connectivity target answered: " + closed + ": connect: connection refused"},
		{name: "two refuse", targets: []string{closed, "127.0.0.1"}, interfaces: up,
			reason: "no connectivity target answered: " + closed + ": connect: connection refused; " +
				"127.0.0.1: address 127.0.0.1: missing port in address"},
		{name: "no interface up", targets: []string{open}, interfaces: down, reason: "no network interface is up"},
		{name: "interfaces only", interfaces: up, online: true},
		{name: "interfaces only, none up", interfaces: down, reason: "no network interface is up"},
		{name: "interfaces unreadable", targets: []string{open}, interfaces: broken, online: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := Connectivity{Targets: tc.targets, Interfaces: tc.interfaces}
			online, reason := c.Online(withTimeout(t, 2*time.Second))
			if online != tc.online || reason != tc.reason {
				t.Errorf("got %v %q, want %v %q", online, reason, tc.online, tc.reason)
			}
		})
	}
}

// TestConnectivityFirstAnswerWins: one target answering is enough; the silent ones
// are not waited for.
func TestConnectivityFirstAnswerWins(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	// 192.0.2.1 (TEST-NET-1) is never routed: a dial there hangs or fails at once.
	c := Connectivity{Targets: []string{"192.0.2.1:443", l.Addr().String()}, Interfaces: func() (bool, error) { return true, nil }}
	start := time.Now()
	online, reason := c.Online(withTimeout(t, 3*time.Second))
	if !online || reason != "" {
		t.Errorf("got %v %q, want online", online, reason)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("took %v: waited for the silent target", elapsed)
	}
}

func TestInterfacesUp(t *testing.T) {
	if _, err := interfacesUp(); err != nil {
		t.Fatalf("listing interfaces: %v", err)
	}
}
