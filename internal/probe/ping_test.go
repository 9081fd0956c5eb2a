package probe

import (
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

func TestPingLoopback(t *testing.T) {
	start := time.Now()
	res := checkPing(withTimeout(t, 2*time.Second), config.Service{Target: "127.0.0.1"})
	switch {
	case res.Status == status.Unknown && res.Reason == pingNotAllowed:
		t.Skip("this machine does not allow this user to ping")
	case res.Status != status.Up || res.Reason != "":
		t.Errorf("got %v %q, want Up", res.Status, res.Reason)
	case res.Latency <= 0 || res.Latency > time.Second:
		t.Errorf("latency %v, want a loopback round trip", res.Latency)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("took %v, past the deadline", elapsed)
	}
}

func TestPingExpiredDeadline(t *testing.T) {
	ctx := withTimeout(t, time.Millisecond)
	time.Sleep(5 * time.Millisecond)
	res := checkPing(ctx, config.Service{Target: "127.0.0.1"})
	const want = "timed out before the check started"
	if res.Status != status.Down || res.Reason != want {
		t.Errorf("got %v %q, want Down %q", res.Status, res.Reason, want)
	}
}
