package source

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// server serves fixtures on loopback. The first path element picks the scenario; the
// rest is the API path the fetcher asks for. A source's URL is srv.URL+"/"+scenario.
//
//	/ok/<api path>          the fixture routes[<api path>] names
//	/html/…                 an HTML login page, 200 OK
//	/truncated/<api path>   the first half of that fixture
//	/50mib/…                50 MiB of JSON-looking filler
//	/hang/…                 never answers
//	/denied/…               401
type server struct {
	*httptest.Server
	mu       sync.Mutex
	requests []*http.Request
}

func newServer(t *testing.T, fixtures map[string]string) *server {
	t.Helper()
	routes := map[string]string{"/page.html": "page.html"}
	for k, v := range fixtures {
		routes[k] = v
	}
	release := make(chan struct{})
	s := &server{}
	fixture := func(apiPath string) []byte {
		name, ok := routes[apiPath]
		if !ok {
			return nil
		}
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Error(err)
		}
		return data
	}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.Clone(context.Background()))
		s.mu.Unlock()
		scenario, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		rest = "/" + rest
		switch scenario {
		case "ok", "truncated":
			data := fixture(rest)
			if data == nil {
				http.NotFound(w, r)
				return
			}
			if scenario == "truncated" {
				data = data[:len(data)/2]
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write(data)
		case "html":
			w.Header().Set("Content-Type", "text/html")
			w.Write(fixture("/page.html"))
		case "50mib":
			w.Write([]byte("["))
			chunk := []byte(strings.Repeat(`{"name":"x"},`, 5000))
			for sent := 0; sent < 50<<20; sent += len(chunk) {
				if _, err := w.Write(chunk); err != nil {
					return // the fetcher hung up, as it should
				}
			}
		case "hang":
			select {
			case <-release:
			case <-r.Context().Done():
			}
		case "denied":
			w.WriteHeader(http.StatusUnauthorized)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	t.Cleanup(func() { close(release) }) // runs before Close: nothing blocks it
	return s
}

func (s *server) last() *http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[len(s.requests)-1]
}

type want struct {
	name, group string
	status      status.Status
	reason      string
	latency     time.Duration
}

func fetch(t *testing.T, src config.Source, timeout time.Duration) ([]Entry, error, time.Duration) {
	t.Helper()
	f, ok := For(src.Kind)
	if !ok {
		t.Fatalf("For(%q): no fetcher", src.Kind)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	start := time.Now()
	entries, err := f(ctx, http.DefaultClient, src)
	return entries, err, time.Since(start)
}

func checkEntries(t *testing.T, got []Entry, want []want) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d entries, want %d: %+v", len(got), len(want), got)
	}
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		if g.Name != w.name || g.Group != w.group || g.Result.Status != w.status || g.Result.Reason != w.reason ||
			(w.latency != 0 && g.Result.Latency != w.latency) {
			t.Errorf("entry %d = %q/%q %v %q %v, want %q/%q %v %q %v", i, g.Group, g.Name, g.Result.Status, g.Result.Reason,
				g.Result.Latency, w.group, w.name, w.status, w.reason, w.latency)
		}
	}
}

// failures are the ways any server can fail to be read, each one error.
func checkFailures(t *testing.T, kind string, routes map[string]string, extra config.Source) {
	t.Helper()
	srv := newServer(t, routes)
	cases := []struct {
		scenario string
		timeout  time.Duration
		err      string
	}{
		{"html", 5 * time.Second, "the server did not answer with JSON"},
		{"truncated", 5 * time.Second, "the server sent malformed JSON"},
		{"50mib", 5 * time.Second, "response larger than 1 MiB"},
		{"hang", 300 * time.Millisecond, "server unreachable: timed out after 300ms"},
		{"denied", 5 * time.Second, "HTTP 401 from the server (check the source's token or username and password)"},
		{"nothing-here", 5 * time.Second, "HTTP 404 from the server"},
	}
	for _, tc := range cases {
		t.Run(tc.scenario, func(t *testing.T) {
			src := extra
			src.Kind, src.URL = kind, srv.URL+"/"+tc.scenario
			src.Token = "sekrit-token-123"
			entries, err, took := fetch(t, src, tc.timeout)
			if err == nil || err.Error() != tc.err || entries != nil {
				t.Errorf("got %v %v, want error %q", entries, err, tc.err)
			}
			if err != nil && strings.Contains(err.Error(), "sekrit") {
				t.Errorf("error shows the token: %v", err)
			}
			if took > 3*time.Second {
				t.Errorf("took %v", took)
			}
		})
	}
	t.Run("unreachable", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		src := extra
		src.Kind, src.URL, src.Username, src.Password = kind, "http://"+addr, "me", "pa55word"
		_, err, _ = fetch(t, src, 2*time.Second)
		if err == nil || err.Error() != "server unreachable: connect: connection refused" {
			t.Errorf("error %v", err)
		}
	})
}

func TestFor(t *testing.T) {
	for _, kind := range config.SourceKinds {
		if f, ok := For(kind); !ok || f == nil {
			t.Errorf("For(%q) = %v %v", kind, f, ok)
		}
	}
	if _, ok := For("nagios"); ok {
		t.Error(`For("nagios") found a fetcher`)
	}
}

var gatusRoutes = map[string]string{"/api/v1/endpoints/statuses": "gatus_statuses.json"}

func TestGatus(t *testing.T) {
	srv := newServer(t, gatusRoutes)
	src := config.Source{Name: "Ops", Kind: "gatus", URL: srv.URL + "/ok/", Token: "tok-1"}
	entries, err, _ := fetch(t, src, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, entries, []want{
		{"api", "core", status.Down, "[STATUS] (500) == 200", 131 * time.Millisecond},
		{"website", "core", status.Up, "", 23 * time.Millisecond},
		{"postgres", "databases", status.Down, "[CONNECTED] == true", 3 * time.Second},
		{"dns", "", status.Down, "lookup intranet.example: no such host", 0},
		{"api (staging)", "staging", status.Unknown, "no result yet", 0},
	})
	r := srv.last()
	if r.URL.Path != "/ok/api/v1/endpoints/statuses" || r.URL.Query().Get("pageSize") != "1" || r.Header.Get("Authorization") != "Bearer tok-1" {
		t.Errorf("request %s %v %q", r.URL, r.URL.Query(), r.Header.Get("Authorization"))
	}

	src.Include, src.Exclude = []string{"core/*", "postgres"}, []string{"website"}
	entries, err, _ = fetch(t, src, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, entries, []want{
		{"api", "core", status.Down, "[STATUS] (500) == 200", 0},
		{"postgres", "databases", status.Down, "[CONNECTED] == true", 0},
	})

	checkFailures(t, "gatus", gatusRoutes, config.Source{Name: "Ops"})
}

var kumaRoutes = map[string]string{
	"/api/status-page/office":           "kuma_page.json",
	"/api/status-page/heartbeat/office": "kuma_heartbeat.json",
}

func TestUptimeKuma(t *testing.T) {
	srv := newServer(t, kumaRoutes)
	src := config.Source{Name: "Kuma", Kind: "uptime-kuma", URL: srv.URL + "/ok", Slug: "office", Username: "reader", Password: "hunter2"}
	entries, err, _ := fetch(t, src, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, entries, []want{
		{"Intranet", "Services", status.Up, "", 42 * time.Millisecond},
		{"Mail", "Services", status.Down, "connect ECONNREFUSED 10.0.0.25:993", 0},
		{"VPN", "Services", status.Degraded, "Request timeout, retrying (1/3)", 0},
		{"File server", "Infrastructure", status.Degraded, "maintenance", 0},
		{"Printer", "Infrastructure", status.Up, "", 1500 * time.Microsecond},
		{"New monitor", "Infrastructure", status.Unknown, "no heartbeat yet", 0},
	})
	if u, p, ok := srv.last().BasicAuth(); !ok || u != "reader" || p != "hunter2" {
		t.Errorf("basic auth %q %q %v", u, p, ok)
	}

	src.Exclude = []string{"Infrastructure/*"}
	entries, _, _ = fetch(t, src, 5*time.Second)
	if len(entries) != 3 {
		t.Errorf("exclude by group: %+v", entries)
	}

	src.Slug = "elsewhere"
	if _, err, _ := fetch(t, src, 5*time.Second); err == nil || err.Error() != "HTTP 404 from the server" {
		t.Errorf("unknown slug: %v", err)
	}
	checkFailures(t, "uptime-kuma", kumaRoutes, config.Source{Name: "Kuma", Slug: "office"})
}

var amRoutes = map[string]string{"/api/v2/alerts": "am_alerts.json"}

func TestAlertmanager(t *testing.T) {
	srv := newServer(t, amRoutes)
	src := config.Source{Name: "Alerts", Kind: "alertmanager", URL: srv.URL + "/ok"}
	entries, err, _ := fetch(t, src, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, entries, []want{
		{"DiskFull db-1:9100", "", status.Down, "Disk almost full on db-1", 0},
		{"HighLatency checkout", "", status.Degraded, "p99 latency is 2.3s.", 0},
		{"CertRenewal", "", status.Degraded, "Certificate renews in 20 days", 0},
		{"InstanceDown web-2:9100", "", status.Down, "alert InstanceDown", 0},
		{"InstanceDown web-2:9100 2", "", status.Down, "Probe failed", 0},
	})
	q := srv.last().URL.Query()
	if q.Get("active") != "true" || q.Get("silenced") != "false" || q.Get("inhibited") != "false" || len(q["filter"]) != 0 {
		t.Errorf("query %v", q)
	}

	// Label filters go to the server, and are applied again here.
	src.Labels = map[string]string{"team": "web", "severity": "page"}
	entries, err, _ = fetch(t, src, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, entries, []want{{"InstanceDown web-2:9100", "", status.Down, "alert InstanceDown", 0}})
	if f := srv.last().URL.Query()["filter"]; strings.Join(f, ",") != `severity="page",team="web"` {
		t.Errorf("filters %q", f)
	}

	// Nothing left after the filters, or nothing at all: one Up entry.
	src.Labels = map[string]string{"team": "nobody"}
	entries, _, _ = fetch(t, src, 5*time.Second)
	checkEntries(t, entries, []want{{NoAlerts, "", status.Up, "", 0}})
	src.Labels, src.Include = nil, []string{"Nothing*"}
	entries, _, _ = fetch(t, src, 5*time.Second)
	checkEntries(t, entries, []want{{NoAlerts, "", status.Up, "", 0}})

	none := newServer(t, map[string]string{"/api/v2/alerts": "am_none.json"})
	entries, err, _ = fetch(t, config.Source{Kind: "alertmanager", URL: none.URL + "/ok"}, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, entries, []want{{NoAlerts, "", status.Up, "", 0}})

	checkFailures(t, "alertmanager", amRoutes, config.Source{Name: "Alerts"})
}

func TestUnexpectedShapes(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/endpoints/statuses":
			io.WriteString(w, `{"endpoints": []}`)
		case "/api/v2/alerts":
			io.WriteString(w, `[{"labels": "oops"}]`)
		case "/api/status-page/x":
			io.WriteString(w, `{"ok": true}`)
		}
	}))
	defer srv.Close()
	for kind, msg := range map[string]string{
		"gatus":        "the server answered in an unexpected shape (top level: object)",
		"alertmanager": "the server answered in an unexpected shape (labels: string)",
		"uptime-kuma":  "the server answered in an unexpected shape (not a status page)",
	} {
		_, err, _ := fetch(t, config.Source{Kind: kind, URL: srv.URL, Slug: "x"}, 5*time.Second)
		if err == nil || err.Error() != msg {
			t.Errorf("%s: %v, want %q", kind, err, msg)
		}
	}
}

func TestCanceled(t *testing.T) {
	srv := newServer(t, gatusRoutes)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	f, _ := For("gatus")
	_, err := f(ctx, http.DefaultClient, config.Source{Kind: "gatus", URL: srv.URL + "/hang"})
	if err == nil || err.Error() != "canceled" {
		t.Errorf("error %v", err)
	}
}

func TestFetchRecoversAPanic(t *testing.T) {
	// A nil client makes the fetcher dereference nil: the panic must become an error.
	_, err := Fetch(context.Background(), nil, config.Source{Name: "S", Kind: "gatus", URL: "http://127.0.0.1:9"})
	if err == nil || err.Error() != "internal error" {
		t.Fatalf("err = %v, want internal error", err)
	}
}
