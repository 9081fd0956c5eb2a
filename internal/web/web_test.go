package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode"
)

// server answers on loopback: /ok JSON, /big 2 MiB, /status/N that status, /hang never,
// /cut a body shorter than it said, /loop redirects to itself, /echo the request's
// Accept and Authorization headers.
func server(t *testing.T) *httptest.Server {
	t.Helper()
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"name":"ok"}`)) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat("x", 64<<10))
		for range 32 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/status/401", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(401) })
	mux.HandleFunc("/status/404", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(404) })
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/cut", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.Write([]byte(`{"name":`))
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"accept":"` + r.Header.Get("Accept") + `","auth":"` + r.Header.Get("Authorization") + `"}`))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	return srv
}

func withTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func closedAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// redirecting stops after 5 redirects, as the registry's client does.
var redirecting = &http.Client{CheckRedirect: func(_ *http.Request, via []*http.Request) error {
	if len(via) > 5 {
		return RedirectError{Max: 5}
	}
	return nil
}}

// TestGetWords: every way a read fails, in the status page's and the server's words.
func TestGetWords(t *testing.T) {
	srv := server(t)
	cases := []struct {
		name, path string
		timeout    time.Duration
		kind       Kind
		page, src  string
	}{
		{"404", "/status/404", 5 * time.Second, HTTPStatus, "HTTP 404 from status page", "HTTP 404 from the server"},
		{"401", "/status/401", 5 * time.Second, HTTPStatus, "HTTP 401 from status page",
			"HTTP 401 from the server (check the source's token or username and password)"},
		{"too large", "/big", 5 * time.Second, TooLarge, "status page larger than 1 MiB", "response larger than 1 MiB"},
		{"hang past the deadline", "/hang", 300 * time.Millisecond, Unreachable,
			"status page unreachable: timed out after 300ms", "server unreachable: timed out after 300ms"},
		{"cut short", "/cut", 5 * time.Second, Reading,
			"reading the status page: connection closed by the server", "reading the answer: connection closed by the server"},
		{"redirect loop", "/loop", 5 * time.Second, Redirects,
			"status page: too many redirects (more than 5)", "the server: too many redirects (more than 5)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, w := range []struct {
				words Words
				want  string
			}{{StatusPageWords(), tc.page}, {ServerWords(), tc.src}} {
				ctx := withTimeout(t, tc.timeout)
				c := Client{HTTP: redirecting, Words: w.words, Start: time.Now()}
				body, err := c.Get(ctx, srv.URL+tc.path, nil)
				if err == nil || err.Error() != w.want || KindOf(err) != tc.kind || body != nil {
					t.Errorf("got %q (kind %v), want %q (kind %v)", err, KindOf(err), w.want, tc.kind)
				}
			}
		})
	}
}

func TestGetUnreachable(t *testing.T) {
	url := "http://" + closedAddr(t)
	_, err := Client{Words: StatusPageWords()}.Get(withTimeout(t, 2*time.Second), url, nil)
	if err == nil || err.Error() != "status page unreachable: connect: connection refused" {
		t.Errorf("status page: %v", err)
	}
	_, err = Client{}.Get(withTimeout(t, 2*time.Second), url, nil)
	if err == nil || err.Error() != "server unreachable: connect: connection refused" {
		t.Errorf("zero Words are the server's: %v", err)
	}
}

func TestGetCanceled(t *testing.T) {
	srv := server(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := Client{Words: StatusPageWords()}.Get(ctx, srv.URL+"/hang", nil)
	if err == nil || err.Error() != "check canceled" || KindOf(err) != Canceled || !errors.Is(err, context.Canceled) {
		t.Errorf("got %v", err)
	}
}

func TestGetTimeoutWraps(t *testing.T) {
	srv := server(t)
	_, err := Client{}.Get(withTimeout(t, 100*time.Millisecond), srv.URL+"/hang", nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("%v does not wrap context.DeadlineExceeded", err)
	}
}

func TestBadURL(t *testing.T) {
	_, err := Client{Words: StatusPageWords()}.Get(context.Background(), "http://exa mple.com/", nil)
	if err == nil || err.Error() != `bad URL: invalid character " " in host name` {
		t.Errorf("status page: %v", err)
	}
	// A source's URL is never quoted: it may carry credentials.
	_, err = Client{Words: ServerWords()}.Get(context.Background(), "http://user:secret@exa mple.com/", nil)
	if err == nil || err.Error() != "bad URL" {
		t.Errorf("server: %v", err)
	}
}

func TestLimit(t *testing.T) {
	srv := server(t)
	body, err := Client{Limit: 4 << 20}.Get(withTimeout(t, 5*time.Second), srv.URL+"/big", nil)
	if err != nil || len(body) != 2<<20 {
		t.Fatalf("%d bytes, %v", len(body), err)
	}
	_, err = Client{Limit: 512 << 10}.Get(withTimeout(t, 5*time.Second), srv.URL+"/big", nil)
	if err == nil || err.Error() != "response larger than 512 KiB" {
		t.Errorf("got %v", err)
	}
}

func TestGetJSON(t *testing.T) {
	srv := server(t)
	c := Client{Words: ServerWords()}
	var v struct{ Accept, Auth string }
	if err := c.GetJSON(withTimeout(t, 5*time.Second), srv.URL+"/echo", http.Header{"Authorization": {"Bearer t0k"}}, &v); err != nil {
		t.Fatal(err)
	}
	if v.Accept != "application/json" || v.Auth != "Bearer t0k" {
		t.Errorf("sent Accept %q, Authorization %q", v.Accept, v.Auth)
	}
	if err := c.GetJSON(withTimeout(t, 5*time.Second), srv.URL+"/echo", http.Header{"Accept": {"text/plain"}}, &v); err != nil || v.Accept != "text/plain" {
		t.Errorf("a caller's Accept was replaced: %q, %v", v.Accept, err)
	}
}

func TestDecodeJSON(t *testing.T) {
	var v struct {
		Status struct {
			Indicator string `json:"indicator"`
		} `json:"status"`
	}
	cases := []struct {
		name, body string
		kind       Kind
		want       string
	}{
		{"html", "<!DOCTYPE html><html></html>", NotJSON, "status page did not answer with JSON"},
		{"empty", "  ", NotJSON, "status page did not answer with JSON"},
		{"cut short", `{"status": {"indic`, MalformedJSON, "status page sent malformed JSON"},
		{"another shape", `{"status": "operational"}`, Shape, "status page answered in an unexpected shape (status: string)"},
		{"top level", `[1]`, Shape, "status page answered in an unexpected shape (top level: array)"},
		{"byte order mark", "\xef\xbb\xbf{\"status\": {\"indicator\": \"none\"}}", 0, ""},
	}
	c := Client{Words: StatusPageWords()}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := c.DecodeJSON([]byte(tc.body), &v)
			if KindOf(err) != tc.kind || (err != nil && err.Error() != tc.want) || (err == nil && tc.want != "") {
				t.Errorf("got %v (kind %v), want %q", err, KindOf(err), tc.want)
			}
		})
	}
	// The key path comes from the answer: it is sanitised.
	var m map[string]struct{ N int }
	err := c.DecodeJSON([]byte("{\"\\u001b[2J\\u202eevil\": {\"N\": \"x\"}}"), &m)
	checkPlain(t, err)
}

func TestDecodeXML(t *testing.T) {
	var doc struct {
		Title string `xml:"channel>title"`
	}
	c := Client{Words: StatusPageWords()}
	cases := []struct {
		name, body string
		want       string
	}{
		{"json", `{"a": 1}`, "status page did not answer with a feed"},
		{"html", "<!DOCTYPE html><html><body>moved</body></html>", "status page answered with HTML, not a feed"},
		{"cut short", `<rss><channel><title>Sta`, "status page sent a malformed feed"},
		{"encoding", `<?xml version="1.0" encoding="x-mac-klingon"?><rss/>`,
			`status page sent a feed that could not be read: xml: opening charset "x-mac-klingon": unsupported encoding "x-mac-klingon"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := c.DecodeXML([]byte(tc.body), &doc); err == nil || err.Error() != tc.want {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
	if err := c.DecodeXML([]byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Caf\xe9</title></channel></rss>"), &doc); err != nil || doc.Title != "Café" {
		t.Errorf("latin-1: %q, %v", doc.Title, err)
	}
	err := c.DecodeXML([]byte("<?xml version=\"1.0\" encoding=\"\x1b[2J\u202e\"?><rss/>"), &doc)
	checkPlain(t, err)
}

// checkPlain asserts err's text is one line without control or bidi characters.
func checkPlain(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	for _, r := range err.Error() {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			t.Errorf("%q contains %U", err.Error(), r)
		}
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{1 << 20: "1 MiB", 8 << 20: "8 MiB", 1536 << 10: "1.5 MiB", 512 << 10: "512 KiB", 300: "300 bytes"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestDescribe(t *testing.T) {
	err := &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "x\u202e.example", IsNotFound: true}}
	if got := Describe(context.Background(), time.Now(), err); got != "DNS: no such host x.example" {
		t.Errorf("got %q", got)
	}
}
