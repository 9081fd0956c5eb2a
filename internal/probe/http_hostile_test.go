package probe

import (
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// hijack answers with raw bytes on the request's own connection, then ends it: with a
// reset (SO_LINGER 0) when reset is set, else with a normal close.
func hijack(t *testing.T, raw string, reset bool) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		buf.WriteString(raw)
		buf.Flush()
		if reset {
			// Long enough for the probe to have read the headers: the reset cuts the
			// body, not the response.
			time.Sleep(100 * time.Millisecond)
			conn.(*net.TCPConn).SetLinger(0)
		}
	}
}

// trickle sends one byte every 100 ms until the client goes away.
func trickle(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	for range 100 { // 10 s at most: the test's server never outlives it by much
		if _, err := w.Write([]byte("x")); err != nil || rc.Flush() != nil {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// TestHTTPBrokenAnswers: with or without body_contains, an answer whose body breaks
// before its end is Down, and says how; a body past the read limit is Up.
func TestHTTPBrokenAnswers(t *testing.T) {
	const head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
	mux := http.NewServeMux()
	mux.HandleFunc("/reset", hijack(t, head+"Content-Length: 1000\r\n\r\n"+strings.Repeat("x", 100), true))
	mux.HandleFunc("/reset-after-match", hijack(t, head+"Content-Length: 1000\r\n\r\nOK"+strings.Repeat("x", 100), true))
	mux.HandleFunc("/closed", hijack(t, head+"Content-Length: 1000\r\n\r\n"+strings.Repeat("x", 100), false))
	mux.HandleFunc("/bad-chunk", hijack(t, head+"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nZZ\r\nnot a chunk\r\n", false))
	mux.HandleFunc("/unfinished-chunks", hijack(t, head+"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", false))
	mux.HandleFunc("/trickle", trickle)
	mux.HandleFunc("/2mib", bigBody(2<<20, ""))
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	srv := httptest.NewUnstartedServer(mux)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	reg := NewRegistry(Options{})

	cases := []struct {
		name, target, contains string
		timeout                time.Duration
		want                   status.Status
		reason                 string
	}{
		{"reset mid-body", "/reset", "", 0, status.Down, "response cut short: connection reset"},
		{"reset before the match", "/reset", "OK", 0, status.Down, "response cut short: connection reset"},
		{"reset after the match", "/reset-after-match", "OK", 0, status.Up, ""},
		{"closed mid-body", "/closed", "", 0, status.Down, "response cut short: connection closed"},
		{"invalid chunked encoding", "/bad-chunk", "", 0, status.Down, "malformed response: invalid chunked encoding"},
		{"chunks never finished", "/unfinished-chunks", "", 0, status.Down, "response cut short: connection closed"},
		{"body trickles past the timeout", "/trickle", "", 300 * time.Millisecond, status.Down, "body not finished within 300ms"},
		{"trickle with body_contains", "/trickle", "OK", 300 * time.Millisecond, status.Down, "body not finished within 300ms"},
		{"2 MiB body: the first 1 MiB is read", "/2mib", "", 0, status.Up, ""},
		{"redirect loop", "/loop", "", 0, status.Down, "too many redirects (more than 5)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			timeout := tc.timeout
			if timeout == 0 {
				timeout = 5 * time.Second
			}
			start := time.Now()
			res := reg.Check(withTimeout(t, timeout), config.Service{Kind: "http", Target: srv.URL + tc.target, BodyContains: tc.contains})
			if res.Status != tc.want || res.Reason != tc.reason {
				t.Errorf("got %v %q, want %v %q", res.Status, res.Reason, tc.want, tc.reason)
			}
			if took := time.Since(start); took > timeout+200*time.Millisecond || took > 2*time.Second {
				t.Errorf("took %v (timeout %v)", took, timeout)
			}
		})
	}
}

// TestHTTPBadCertificate: a certificate for another name, or expired, is Down and the
// reason names what is wrong with it.
func TestHTTPBadCertificate(t *testing.T) {
	ca := newCA(t)
	now := time.Now()
	cases := []struct {
		name   string
		cert   func() (notBefore, notAfter time.Time, names []string)
		reason string
	}{
		{"for another name", func() (time.Time, time.Time, []string) {
			return now.Add(-day), now.Add(day), []string{"other.example"}
		}, "TLS: certificate is for other.example, not 127.0.0.1"},
		{"for many other names", func() (time.Time, time.Time, []string) {
			return now.Add(-day), now.Add(day), []string{"a.example", "b.example", "c.example", "d.example", "e.example"}
		}, "TLS: certificate is for a.example, b.example, c.example, …, not 127.0.0.1"},
		{"expired", func() (time.Time, time.Time, []string) {
			return now.Add(-2 * day), now.Add(-day), []string{"127.0.0.1"}
		}, "TLS: certificate has expired"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			nb, na, names := tc.cert()
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "OK") }))
			srv.Config.ErrorLog = log.New(io.Discard, "", 0)
			srv.TLS = &tls.Config{Certificates: []tls.Certificate{ca.leaf(t, nb, na, names...)}}
			srv.StartTLS()
			t.Cleanup(srv.Close)
			reg := NewRegistry(Options{RootCAs: ca.pool})
			res := reg.Check(withTimeout(t, 5*time.Second), config.Service{Kind: "http", Target: srv.URL})
			if res.Status != status.Down || res.Reason != tc.reason {
				t.Errorf("got %v %q, want Down %q", res.Status, res.Reason, tc.reason)
			}
		})
	}
}
