package probe

import (
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"log"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/transport"
)

// bigBody streams n bytes of filler, then tail, without holding them in memory.
func bigBody(n int, tail string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		chunk := []byte(strings.Repeat("x", 64<<10))
		for sent := 0; sent < n; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return // the probe hung up, as it should
			}
		}
		io.WriteString(w, tail)
	}
}

func TestHTTP(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) }) // runs before the server's Close: nothing blocks it
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "all OK here") })
	mux.HandleFunc("/204", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })
	mux.HandleFunc("/503", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(503) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/sluggish", func(w http.ResponseWriter, _ *http.Request) { time.Sleep(60 * time.Millisecond) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/hops/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		if n == 0 {
			io.WriteString(w, "arrived")
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/hops/%d", n-1), http.StatusFound)
	})
	mux.HandleFunc("/50mib", bigBody(50<<20, ""))
	mux.HandleFunc("/endless", bigBody(math.MaxInt, "")) // reading it whole never ends
	mux.HandleFunc("/late-match", bigBody(2<<20, "OK"))
	// "OK" split across the probe's 32 KiB reads.
	mux.HandleFunc("/straddle", func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, strings.Repeat("x", 32<<10-1)+"OK")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	reg := NewRegistry(Options{})

	cases := []struct {
		name       string
		svc        config.Service
		timeout    time.Duration
		want       status.Status
		reason     string // exact, unless prefix is set
		prefix     bool
		maxElapsed time.Duration
	}{
		{name: "200", svc: config.Service{Target: "/ok"}, want: status.Up},
		{name: "204 expected", svc: config.Service{Target: "/204", ExpectStatus: []int{200, 204}}, want: status.Up},
		{name: "503 want 200", svc: config.Service{Target: "/503", ExpectStatus: []int{200}},
			want: status.Down, reason: "HTTP 503 (want 200)"},
		{name: "503 want 200 or 204", svc: config.Service{Target: "/503", ExpectStatus: []int{200, 204}},
			want: status.Down, reason: "HTTP 503 (want 200 or 204)"},
		{name: "404 default", svc: config.Service{Target: "/nowhere"},
			want: status.Down, reason: "HTTP 404 (want 2xx or 3xx)"},
		{name: "body contains", svc: config.Service{Target: "/ok", BodyContains: "OK"}, want: status.Up},
		{name: "wrong body", svc: config.Service{Target: "/ok", BodyContains: "healthy"},
			want: status.Down, reason: `body does not contain "healthy"`},
		{name: "match across reads", svc: config.Service{Target: "/straddle", BodyContains: "OK"}, want: status.Up},
		{name: "match past 1 MiB", svc: config.Service{Target: "/late-match", BodyContains: "OK"},
			want: status.Down, reason: `body does not contain "OK" (in the first 1 MiB)`},
		{name: "slow", svc: config.Service{Target: "/slow"}, timeout: 300 * time.Millisecond,
			want: status.Down, reason: "timed out after 300ms", maxElapsed: 500 * time.Millisecond},
		{name: "slower than max_latency", svc: config.Service{Target: "/sluggish", MaxLatency: config.D(10 * time.Millisecond)},
			want: status.Degraded, reason: "slow: ", prefix: true},
		{name: "redirect loop", svc: config.Service{Target: "/loop"},
			want: status.Down, reason: "too many redirects (more than 5)"},
		{name: "5 redirects", svc: config.Service{Target: "/hops/5"}, want: status.Up},
		{name: "6 redirects", svc: config.Service{Target: "/hops/6"},
			want: status.Down, reason: "too many redirects (more than 5)"},
		{name: "50 MiB body", svc: config.Service{Target: "/50mib"}, want: status.Up, maxElapsed: time.Second},
		{name: "50 MiB body without match", svc: config.Service{Target: "/50mib", BodyContains: "OK"},
			want: status.Down, reason: `body does not contain "OK" (in the first 1 MiB)`, maxElapsed: time.Second},
		{name: "endless body", svc: config.Service{Target: "/endless"}, timeout: 5 * time.Second,
			want: status.Up, maxElapsed: 2 * time.Second},
		{name: "connection refused", svc: config.Service{Target: "http://" + closedAddr(t) + "/"},
			want: status.Down, reason: "connect: connection refused"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.svc.Kind = "http"
			if strings.HasPrefix(tc.svc.Target, "/") {
				tc.svc.Target = srv.URL + tc.svc.Target
			}
			timeout := tc.timeout
			if timeout == 0 {
				timeout = 5 * time.Second
			}
			start := time.Now()
			res := reg.Check(withTimeout(t, timeout), tc.svc)
			elapsed := time.Since(start)
			if res.Status != tc.want || (!tc.prefix && res.Reason != tc.reason) || !strings.HasPrefix(res.Reason, tc.reason) {
				t.Errorf("got %v %q, want %v %q", res.Status, res.Reason, tc.want, tc.reason)
			}
			if tc.maxElapsed > 0 && elapsed > tc.maxElapsed {
				t.Errorf("took %v, want at most %v", elapsed, tc.maxElapsed)
			}
			if res.Latency <= 0 {
				t.Errorf("latency %v, want > 0", res.Latency)
			}
			if res.Warning != "" {
				t.Errorf("warning %q, want none", res.Warning)
			}
		})
	}
}

func TestHTTPUserAgentAndKeepAlive(t *testing.T) {
	var agent atomic.Value
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		agent.Store(r.UserAgent())
		io.WriteString(w, strings.Repeat("OK", 100))
	}))
	var conns atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)

	reg := NewRegistry(Options{UserAgent: "Uptray/1.2.3"})
	for _, contains := range []string{"", "OK", "", "OK", ""} {
		svc := config.Service{Kind: "http", Target: srv.URL, BodyContains: contains}
		if res := reg.Check(withTimeout(t, 5*time.Second), svc); res.Status != status.Up {
			t.Fatalf("got %v %q, want Up", res.Status, res.Reason)
		}
	}
	if got := agent.Load(); got != "Uptray/1.2.3" {
		t.Errorf("User-Agent %q, want Uptray/1.2.3", got)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections for 5 checks, want 1 (keep-alive)", n)
	}
	if got := newHTTPProbe(Options{}, transport.New(transport.Options{})).userAgent; got != "Uptray/dev" {
		t.Errorf("default User-Agent %q, want Uptray/dev", got)
	}
}

func TestHTTPS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "OK")
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	trusted := x509.NewCertPool()
	trusted.AddCert(srv.Certificate())
	const insecureWarning = "TLS certificate not verified (insecure_skip_verify)"

	cases := []struct {
		name     string
		roots    *x509.CertPool
		insecure bool
		want     status.Status
		reason   string
		warning  string
	}{
		{name: "untrusted", want: status.Down, reason: "TLS: certificate signed by unknown authority"},
		{name: "trusted", roots: trusted, want: status.Up},
		{name: "insecure_skip_verify", insecure: true, want: status.Up, warning: insecureWarning},
		{name: "insecure_skip_verify, trusted anyway", roots: trusted, insecure: true, want: status.Up, warning: insecureWarning},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			reg := NewRegistry(Options{RootCAs: tc.roots})
			svc := config.Service{Kind: "http", Target: srv.URL, InsecureSkipVerify: tc.insecure}
			res := reg.Check(withTimeout(t, 5*time.Second), svc)
			if res.Status != tc.want || res.Reason != tc.reason || res.Warning != tc.warning {
				t.Errorf("got %v %q warning %q, want %v %q warning %q",
					res.Status, res.Reason, res.Warning, tc.want, tc.reason, tc.warning)
			}
		})
	}
}

func TestWantStatus(t *testing.T) {
	cases := []struct {
		want []int
		text string
	}{
		{nil, "2xx or 3xx"},
		{[]int{200}, "200"},
		{[]int{200, 204}, "200 or 204"},
		{[]int{200, 204, 301}, "200, 204 or 301"},
	}
	for _, tc := range cases {
		if got := wantStatus(tc.want); got != tc.text {
			t.Errorf("wantStatus(%v) = %q, want %q", tc.want, got, tc.text)
		}
	}
}

// BenchmarkHTTPCheck is one http check over a kept-alive loopback connection, as the
// engine runs it. Allocations include the test server's own.
func BenchmarkHTTPCheck(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "OK")
	}))
	b.Cleanup(srv.Close)
	reg := NewRegistry(Options{})
	svc := config.Service{Kind: "http", Target: srv.URL, BodyContains: "OK"}
	b.ReportAllocs()
	for b.Loop() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		res := reg.Check(ctx, svc)
		cancel()
		if res.Status != status.Up {
			b.Fatalf("got %v %q", res.Status, res.Reason)
		}
	}
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestHTTPCustomTransport: a caller's RoundTripper carries the checks. One that is not
// an *http.Transport cannot be told to skip verification, so no warning claims it did.
func TestHTTPCustomTransport(t *testing.T) {
	var calls atomic.Int32
	rt := roundTripperFunc(func(r *http.Request) (*http.Response, error) {
		calls.Add(1)
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("OK")), Request: r}, nil
	})
	reg := NewRegistry(Options{Transport: rt})
	for _, insecure := range []bool{false, true} {
		res := reg.Check(withTimeout(t, time.Second), config.Service{Kind: "http", Target: "https://x.example/", InsecureSkipVerify: insecure})
		if res.Status != status.Up || res.Warning != "" {
			t.Errorf("insecure=%v: got %v %q warning %q, want Up without warning", insecure, res.Status, res.Reason, res.Warning)
		}
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("transport called %d times, want 2", n)
	}
}
