package probe

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

func TestTCP(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	// The backlog accepts connections; nobody needs to call Accept.

	cases := []struct {
		name   string
		svc    config.Service
		want   status.Status
		reason string
	}{
		{name: "open", svc: config.Service{Target: l.Addr().String()}, want: status.Up},
		{name: "closed", svc: config.Service{Target: closedAddr(t)}, want: status.Down, reason: "connect: connection refused"},
		{name: "no port", svc: config.Service{Target: "127.0.0.1"}, want: status.Down,
			reason: "address 127.0.0.1: missing port in address"},
		{name: "slower than max_latency", svc: config.Service{Target: l.Addr().String(), MaxLatency: config.D(time.Nanosecond)},
			want: status.Degraded, reason: "slow: "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := checkTCP(withTimeout(t, 5*time.Second), tc.svc)
			if res.Status != tc.want || res.Reason != tc.reason && !(tc.want == status.Degraded && strings.HasPrefix(res.Reason, tc.reason)) {
				t.Errorf("got %v %q, want %v %q", res.Status, res.Reason, tc.want, tc.reason)
			}
			if res.Status == status.Up && res.Latency <= 0 {
				t.Errorf("latency %v, want > 0", res.Latency)
			}
		})
	}
}
