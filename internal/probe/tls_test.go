package probe

import (
	"crypto/tls"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/transport"
)

// tlsServer shakes hands with whoever connects, with cert, and hangs up.
func tlsServer(t *testing.T, cert tls.Certificate) string {
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			conn.SetDeadline(time.Now().Add(5 * time.Second))
			conn.(*tls.Conn).Handshake() // fails when the probe rejects the certificate
			conn.Close()
		}
	})
	t.Cleanup(func() { l.Close(); wg.Wait() })
	return l.Addr().String()
}

func TestTLS(t *testing.T) {
	ca := newCA(t)
	now := time.Now()
	const hour = time.Hour
	cases := []struct {
		name    string
		cert    tls.Certificate
		minDays int
		trust   bool
		want    status.Status
		reason  string
	}{
		{name: "90 days", cert: ca.leaf(t, now.Add(-day), now.Add(90*day+hour), "127.0.0.1"), trust: true,
			want: status.Up, reason: "certificate valid for 90 days"},
		{name: "3 days", cert: ca.leaf(t, now.Add(-day), now.Add(3*day+hour), "127.0.0.1"), trust: true,
			want: status.Degraded, reason: "certificate expires in 3 days"},
		{name: "3 days, cert_min_days 2", cert: ca.leaf(t, now.Add(-day), now.Add(3*day+hour), "127.0.0.1"), trust: true,
			minDays: 2, want: status.Up, reason: "certificate valid for 3 days"},
		{name: "5 hours", cert: ca.leaf(t, now.Add(-day), now.Add(5*hour+time.Minute), "127.0.0.1"), trust: true,
			want: status.Degraded, reason: "certificate expires in 5 hours"},
		{name: "expired", cert: ca.leaf(t, now.Add(-30*day), now.Add(-3*day-hour), "127.0.0.1"), trust: true,
			want: status.Down, reason: "certificate expired 3 days ago"},
		{name: "wrong name", cert: ca.leaf(t, now.Add(-day), now.Add(90*day), "other.example"), trust: true,
			want: status.Down, reason: "TLS: certificate is for other.example, not 127.0.0.1"},
		{name: "untrusted", cert: ca.leaf(t, now.Add(-day), now.Add(90*day), "127.0.0.1"),
			want: status.Down, reason: "TLS: certificate signed by unknown authority"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{}
			if tc.trust {
				opts.RootCAs = ca.pool
			}
			svc := config.Service{Kind: "tls", Target: tlsServer(t, tc.cert), CertMinDays: tc.minDays}
			res := NewRegistry(opts).Check(withTimeout(t, 5*time.Second), svc)
			if res.Status != tc.want || res.Reason != tc.reason {
				t.Errorf("got %v %q, want %v %q", res.Status, res.Reason, tc.want, tc.reason)
			}
			if res.Latency <= 0 {
				t.Errorf("latency %v, want > 0", res.Latency)
			}
		})
	}
}

func TestTLSConnectFailures(t *testing.T) {
	plain, err := net.Listen("tcp", "127.0.0.1:0") // speaks HTTP, not TLS
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			c, err := plain.Accept()
			if err != nil {
				return
			}
			c.Read(make([]byte, 4096)) // the ClientHello
			io.WriteString(c, "HTTP/1.1 400 Bad Request\r\n\r\n")
			c.Close()
		}
	})
	t.Cleanup(func() { plain.Close(); wg.Wait() })
	silent, err := net.Listen("tcp", "127.0.0.1:0") // accepts, never answers
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { silent.Close() })

	cases := []struct {
		name   string
		target string
		want   status.Status
		reason string
	}{
		{name: "refused", target: closedAddr(t), want: status.Down, reason: "connect: connection refused"},
		{name: "not TLS", target: plain.Addr().String(), want: status.Down, reason: "TLS: the server did not answer with TLS"},
		{name: "never answers", target: silent.Addr().String(), want: status.Down, reason: "timed out after 200ms"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := (&tlsProbe{net: transport.New(transport.Options{})}).check(withTimeout(t, 200*time.Millisecond), config.Service{Target: tc.target})
			if res.Status != tc.want || res.Reason != tc.reason {
				t.Errorf("got %v %q, want %v %q", res.Status, res.Reason, tc.want, tc.reason)
			}
		})
	}
}
