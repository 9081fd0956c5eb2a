package probe

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// pageServer serves the fixtures in testdata/statuspages the way vendors do, on
// loopback. The first path element names the fixture; the rest is the API path the
// probe asks for, so a target is srv.URL+"/sp_minor" for a statuspage check.
//
//	/{fixture}/api/v2/summary.json   statuspage: {fixture}.json
//	/{fixture}/summary.json          instatus:   {fixture}.json
//	/{fixture}/v3/components.json    instatus:   {fixture}.components.json
//	/feed/{file}                     feeds:      {file}
//	/html/…                          an HTML page, 200 OK
//	/truncated/{file}/…              the first half of {file}
//	/50mib/…                         50 MiB of filler
//	/hang/…                          never answers
//	/missing/…                       404
type pageServer struct {
	*httptest.Server
	lastUA, lastAccept atomic.Value
}

func newPageServer(t *testing.T) *pageServer {
	t.Helper()
	release := make(chan struct{})
	ps := &pageServer{}
	serveFile := func(w http.ResponseWriter, name string, half bool) {
		data, err := os.ReadFile(filepath.Join("testdata", "statuspages", name))
		if err != nil {
			http.NotFound(w, nil)
			return
		}
		if half {
			data = data[:len(data)/2]
		}
		switch filepath.Ext(name) {
		case ".json":
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
		case ".atom":
			w.Header().Set("Content-Type", "application/atom+xml")
		case ".rss":
			w.Header().Set("Content-Type", "application/rss+xml")
		case ".html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		w.Write(data)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		ps.lastUA.Store(r.Header.Get("User-Agent"))
		ps.lastAccept.Store(r.Header.Get("Accept"))
		parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 2)
		first, rest := parts[0], ""
		if len(parts) == 2 {
			rest = parts[1]
		}
		switch first {
		case "feed":
			serveFile(w, rest, false)
		case "html":
			serveFile(w, "page.html", false)
		case "truncated":
			file, _, _ := strings.Cut(rest, "/")
			serveFile(w, file, true)
		case "50mib":
			bigBody(50<<20, "")(w, r)
		case "hang":
			select {
			case <-release:
			case <-r.Context().Done():
			}
		case "missing":
			http.NotFound(w, r)
		default:
			switch rest {
			case "api/v2/summary.json", "summary.json":
				serveFile(w, first+".json", false)
			case "v3/components.json":
				serveFile(w, first+".components.json", false)
			default:
				http.NotFound(w, r)
			}
		}
	})
	ps.Server = httptest.NewServer(mux)
	t.Cleanup(ps.Close)
	t.Cleanup(func() { close(release) }) // runs before Close: nothing blocks it
	return ps
}

// pageCase is one check of a page probe and what it must find.
type pageCase struct {
	name       string
	target     string // appended to the server's URL
	components []string
	window     time.Duration
	want       status.Status
	reason     string
}

func runPageCases(t *testing.T, kind string, cases []pageCase) {
	t.Helper()
	ps := newPageServer(t)
	reg := NewRegistry(Options{UserAgent: "Uptray/test"})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc := config.Service{Name: tc.name, Kind: kind, Target: ps.URL + tc.target, Components: tc.components}
			if tc.window > 0 {
				svc.FeedWindow = config.D(tc.window)
			}
			timeout := 5 * time.Second
			if strings.HasPrefix(tc.target, "/hang") {
				timeout = 300 * time.Millisecond
			}
			start := time.Now()
			res := reg.Check(withTimeout(t, timeout), svc)
			took := time.Since(start)
			if res.Status != tc.want || res.Reason != tc.reason {
				t.Errorf("got %v %q, want %v %q", res.Status, res.Reason, tc.want, tc.reason)
			}
			if res.Latency <= 0 || res.Latency > took {
				t.Errorf("latency %v (check took %v)", res.Latency, took)
			}
			if took > 3*time.Second {
				t.Errorf("check took %v", took)
			}
		})
	}
}

// commonPageCases are the ways any page can fail to be read: all Unknown, never Down.
func commonPageCases(truncated, suffix string) []pageCase {
	return []pageCase{
		{name: "HTML instead of JSON", target: "/html" + suffix, want: status.Unknown, reason: "status page did not answer with JSON"},
		{name: "truncated JSON", target: "/truncated/" + truncated + suffix, want: status.Unknown, reason: "status page sent malformed JSON"},
		{name: "50 MiB body", target: "/50mib" + suffix, want: status.Unknown, reason: "status page larger than 1 MiB"},
		{name: "hang past the deadline", target: "/hang" + suffix, want: status.Unknown, reason: "status page unreachable: timed out after 300ms"},
		{name: "404", target: "/missing" + suffix, want: status.Unknown, reason: "HTTP 404 from status page"},
	}
}

func TestPageUnreachableIsUnknown(t *testing.T) {
	reg := NewRegistry(Options{})
	for _, kind := range []string{"statuspage", "instatus", "feed"} {
		res := reg.Check(withTimeout(t, 2*time.Second), config.Service{Kind: kind, Target: "http://" + closedAddr(t)})
		if res.Status != status.Unknown || res.Reason != "status page unreachable: connect: connection refused" {
			t.Errorf("%s: %v %q", kind, res.Status, res.Reason)
		}
	}
}

func TestPageRequests(t *testing.T) {
	ps := newPageServer(t)
	reg := NewRegistry(Options{UserAgent: "Uptray/test"})
	reg.Check(withTimeout(t, 5*time.Second), config.Service{Kind: "statuspage", Target: ps.URL + "/sp_none"})
	if ua, accept := ps.lastUA.Load(), ps.lastAccept.Load(); ua != "Uptray/test" || accept != "application/json" {
		t.Errorf("User-Agent %q, Accept %q", ua, accept)
	}
	reg.Check(withTimeout(t, 5*time.Second), config.Service{Kind: "feed", Target: ps.URL + "/feed/history.atom"})
	if accept, _ := ps.lastAccept.Load().(string); !strings.Contains(accept, "application/atom+xml") {
		t.Errorf("feed Accept %q", accept)
	}

	// Sources share the registry's client: same User-Agent, no Timeout of its own.
	c := reg.HTTPClient()
	if c == nil || c.Timeout != 0 || c != reg.HTTPClient() {
		t.Fatalf("HTTPClient() = %+v", c)
	}
	resp, err := c.Get(ps.URL + "/sp_none/summary.json")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ua := ps.lastUA.Load(); ua != "Uptray/test" {
		t.Errorf("HTTPClient User-Agent %q", ua)
	}
	req, _ := http.NewRequest(http.MethodGet, ps.URL+"/sp_none/summary.json", nil)
	req.Header.Set("User-Agent", "mine")
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ua := ps.lastUA.Load(); ua != "mine" {
		t.Errorf("a request's own User-Agent was replaced: %q", ua)
	}
}

func TestPageCanceled(t *testing.T) {
	ps := newPageServer(t)
	reg := NewRegistry(Options{})
	ctx, cancel := withCancel(t)
	time.AfterFunc(50*time.Millisecond, cancel)
	res := reg.Check(ctx, config.Service{Kind: "statuspage", Target: ps.URL + "/hang"})
	if res.Status != status.Unknown || res.Reason != "check canceled" {
		t.Errorf("got %v %q", res.Status, res.Reason)
	}
}

func withCancel(t *testing.T) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx, cancel
}
