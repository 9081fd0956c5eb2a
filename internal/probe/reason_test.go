package probe

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

func TestDescribe(t *testing.T) {
	dial := func(err error) error {
		return &url.Error{Op: "Get", URL: "http://x.example/", Err: &net.OpError{Op: "dial", Net: "tcp",
			Addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1234}, Err: err}}
	}
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"refused", dial(os.NewSyscallError("connect", syscall.ECONNREFUSED)), "connect: connection refused"},
		{"unreachable", dial(os.NewSyscallError("connect", syscall.ENETUNREACH)), "connect: network is unreachable"},
		{"no such host", dial(&net.DNSError{Err: "no such host", Name: "x.example", IsNotFound: true}), "DNS: no such host x.example"},
		{"DNS failure", dial(&net.DNSError{Err: "server misbehaving", Name: "x.example"}), "DNS: server misbehaving looking up x.example"},
		{"unknown authority", &url.Error{Op: "Get", URL: "https://x.example/", Err: x509.UnknownAuthorityError{}},
			"TLS: certificate signed by unknown authority"},
		{"expired", fmt.Errorf("tls: %w", x509.CertificateInvalidError{Reason: x509.Expired,
			Cert: &x509.Certificate{NotAfter: time.Now().Add(-day)}}), "TLS: certificate has expired"},
		{"wrong name", &url.Error{Op: "Get", URL: "https://x/", Err: x509.HostnameError{
			Certificate: &x509.Certificate{DNSNames: []string{"other.example"}}, Host: "x"}},
			"TLS: certificate is for other.example, not x"},
		{"server closed", &url.Error{Op: "Get", URL: "http://x/", Err: io.EOF}, "connection closed by the server"},
		{"other", dial(errors.New("something odd")), "something odd"},
		{"tls other", &url.Error{Op: "Get", URL: "https://x/", Err: errors.New("tls: protocol version not supported")},
			"TLS: protocol version not supported"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Describe(context.Background(), time.Now(), tc.err); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTimeoutReason(t *testing.T) {
	cases := []struct {
		name    string
		timeout time.Duration
		want    string
	}{
		{"seconds", 5*time.Second - 130*time.Microsecond, "timed out after 5s"},
		{"milliseconds", 300 * time.Millisecond, "timed out after 300ms"},
		{"fraction", 1500 * time.Millisecond, "timed out after 1.5s"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			ctx, cancel := context.WithDeadline(context.Background(), start.Add(tc.timeout))
			defer cancel()
			if got := Describe(ctx, start, context.DeadlineExceeded); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestJudgeLatency(t *testing.T) {
	cases := []struct {
		name   string
		in     status.Result
		max    time.Duration
		want   status.Status
		reason string
	}{
		{"no limit", status.Result{Status: status.Up, Latency: time.Hour}, 0, status.Up, ""},
		{"within", status.Result{Status: status.Up, Latency: time.Second}, 2 * time.Second, status.Up, ""},
		{"slow", status.Result{Status: status.Up, Latency: 2300 * time.Millisecond}, 2 * time.Second,
			status.Degraded, "slow: 2.3 s (max 2 s)"},
		{"slow in ms", status.Result{Status: status.Up, Latency: 850 * time.Millisecond}, 500 * time.Millisecond,
			status.Degraded, "slow: 850 ms (max 500 ms)"},
		{"slow and lossy", status.Result{Status: status.Up, Latency: 3 * time.Second, Reason: "1 of 3 pings lost"}, time.Second,
			status.Degraded, "slow: 3 s (max 1 s), 1 of 3 pings lost"},
		{"down stays down", status.Result{Status: status.Down, Latency: time.Hour, Reason: "x"}, time.Second, status.Down, "x"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := judgeLatency(tc.in, config.Service{MaxLatency: config.D(tc.max)})
			if got.Status != tc.want || got.Reason != tc.reason {
				t.Errorf("got %v %q, want %v %q", got.Status, got.Reason, tc.want, tc.reason)
			}
		})
	}
}
