package source

import (
	"bytes"
	"context"
	"fmt"
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

	"github.com/uptray/uptray/internal/clock"
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
		return readFixture(t, name)
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

// readFixture reads testdata/name without the comment lines at its top (each JSON
// fixture names there the public source of its shape).
func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	for bytes.HasPrefix(data, []byte("//")) {
		_, data, _ = bytes.Cut(data, []byte("\n"))
	}
	return data
}

// testReader puts times into reasons in a fixed zone, an hour east of UTC, on a
// fixed day: 2026-03-05 11:00 there.
var testReader = Reader{
	Clock:    clock.NewFake(time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC)),
	Location: time.FixedZone("CET", 3600),
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
	f, ok := testReader.For(src.Kind)
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

// denied is each kind's error for a 401 to a source with a token.
var denied = map[string]string{
	"gatus":        "HTTP 401 from the server (Gatus takes a username and password, not a token)",
	"uptime-kuma":  "HTTP 401 from the server (check the source's token or username and password)",
	"alertmanager": "HTTP 401 from the server (check the source's token or username and password)",
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
		{"denied", 5 * time.Second, denied[kind]},
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

var gatusRoutes = map[string]string{
	"/api/v1/endpoints/statuses": "gatus_statuses.json",
	"/api/v1/suites/statuses":    "gatus_suites.json",
}

// gatusWant is what gatus_statuses.json and gatus_suites.json read as: the error Gatus
// met before the failed condition, the HTTP status where that is all there is, and
// each suite with its failed step; Gatus's groups kept.
var gatusWant = []want{
	{"api", "core", status.Down, "[STATUS] (500) == 200", 131 * time.Millisecond},
	{"website", "core", status.Up, "", 23 * time.Millisecond},
	{"auth", "core", status.Down, "connect: connection refused", 1204518},
	{"sso", "core", status.Down, "timed out", 10000912345},
	{"billing", "core", status.Down, "HTTP 503", 87 * time.Millisecond},
	{"postgres", "databases", status.Down, "[CONNECTED] (false) == true", 3 * time.Second},
	{"intranet", "", status.Down, "DNS: no such host intranet.example", 0},
	{"api (staging)", "staging", status.Unknown, "no result yet", 0},
	{"checkout", "core", status.Down, "place-order: [STATUS] (500) == 201", 912 * time.Millisecond},
	{"login", "core", status.Up, "", 250 * time.Millisecond},
	{"refunds", "payments", status.Down, "get-token: connect: connection refused", 2301 * time.Microsecond},
	{"nightly-export", "", status.Down, "suite execution timed out after 5m0s", 300004 * time.Millisecond},
}

func TestGatus(t *testing.T) {
	srv := newServer(t, gatusRoutes)
	src := config.Source{Name: "Ops", Kind: "gatus", URL: srv.URL + "/ok/", Username: "ops", Password: "s3cret"}
	entries, err, _ := fetch(t, src, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, entries, gatusWant)
	srv.mu.Lock()
	for _, r := range srv.requests {
		if u, p, ok := r.BasicAuth(); !ok || u != "ops" || p != "s3cret" || r.URL.Query().Get("pageSize") != "1" {
			t.Errorf("request %s: basic auth %q %q %v", r.URL, u, p, ok)
		}
	}
	if len(srv.requests) != 2 || srv.requests[1].URL.Path != "/ok/api/v1/suites/statuses" {
		t.Errorf("%d requests, the last %s", len(srv.requests), srv.requests[len(srv.requests)-1].URL)
	}
	srv.mu.Unlock()

	src.Include, src.Exclude = []string{"core/*", "postgres"}, []string{"website"}
	entries, err, _ = fetch(t, src, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, entries, []want{
		{"api", "core", status.Down, "[STATUS] (500) == 200", 0},
		{"auth", "core", status.Down, "connect: connection refused", 0},
		{"sso", "core", status.Down, "timed out", 0},
		{"billing", "core", status.Down, "HTTP 503", 0},
		{"postgres", "databases", status.Down, "[CONNECTED] (false) == true", 0},
		{"checkout", "core", status.Down, "place-order: [STATUS] (500) == 201", 0},
		{"login", "core", status.Up, "", 0},
	})

	checkFailures(t, "gatus", gatusRoutes, config.Source{Name: "Ops"})
}

// TestGatusWithoutSuites: a Gatus older than 5.24 answers 404 for the suites, which is
// no error; a suites route that fails otherwise costs one line, not the endpoints.
func TestGatusWithoutSuites(t *testing.T) {
	srv := newServer(t, map[string]string{"/api/v1/endpoints/statuses": "gatus_statuses.json"})
	entries, err, _ := fetch(t, config.Source{Kind: "gatus", URL: srv.URL + "/ok"}, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, entries, gatusWant[:8])

	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/suites/statuses" {
			http.Error(w, `{"error":"Failed to retrieve suite statuses: database is locked"}`, http.StatusInternalServerError)
			return
		}
		w.Write(readFixture(t, "gatus_statuses.json"))
	}))
	defer broken.Close()
	entries, err, _ = fetch(t, config.Source{Kind: "gatus", URL: broken.URL}, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, entries, append(gatusWant[:8:8], want{"suites", "", status.Unknown, "HTTP 500 from the server", 0}))
}

// TestGatusToken: Gatus has no bearer tokens. A token set for it is not sent; it is
// named only when the server answers 401 to a source with no username.
func TestGatusToken(t *testing.T) {
	srv := newServer(t, gatusRoutes)
	src := config.Source{Kind: "gatus", URL: srv.URL + "/ok", Token: "tok-1"}
	if _, err, _ := fetch(t, src, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if h := srv.last().Header.Get("Authorization"); h != "" {
		t.Errorf("Authorization %q sent to Gatus", h)
	}
	src.Username, src.Password = "ops", "s3cret"
	if _, err, _ := fetch(t, src, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if u, p, ok := srv.last().BasicAuth(); !ok || u != "ops" || p != "s3cret" {
		t.Errorf("basic auth %q %q %v, want the username and password", u, p, ok)
	}

	src.URL = srv.URL + "/denied"
	if _, err, _ := fetch(t, src, 5*time.Second); err == nil || err.Error() != denied["alertmanager"] {
		t.Errorf("401 to a username and password: %v", err)
	}
	src.Username, src.Password = "", ""
	if _, err, _ := fetch(t, src, 5*time.Second); err == nil || err.Error() != denied["gatus"] {
		t.Errorf("401 with only a token: %v", err)
	}
	src.Token = ""
	if _, err, _ := fetch(t, src, 5*time.Second); err == nil || err.Error() != denied["alertmanager"] {
		t.Errorf("401 without credentials: %v", err)
	}
}

func TestGatusError(t *testing.T) {
	for in, want := range map[string]string{
		`Get "https://a.example/x?token=abc": dial tcp 10.0.0.12:443: connect: connection refused`:                       "connect: connection refused",
		`Get "<redacted>": dial tcp 10.0.0.12:<redacted>: connect: connection refused`:                                   "connect: connection refused",
		`Post "https://a.example/\"q\"": EOF`:                                                                            "EOF",
		`Get "https://a.example/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`:           "timed out",
		`dial tcp 10.0.0.5:5432: i/o timeout`:                                                                            "timed out",
		`Get "https://a.example/": dial tcp: lookup a.example: no such host`:                                             "DNS: no such host a.example",
		`lookup intranet.example on 127.0.0.11:53: no such host`:                                                         "DNS: no such host intranet.example",
		`Get "https://a.example/": tls: failed to verify certificate: x509: certificate has expired or is not yet valid`: "tls: failed to verify certificate: x509: certificate has expired or is not yet valid",
		"suite-error-1": "suite-error-1",
	} {
		if got := gatusError(in); got != want {
			t.Errorf("gatusError(%q) = %q, want %q", in, got, want)
		}
	}
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
	// The clock says 2026-03-05 11:00 in the reader's zone, UTC+1.
	checkEntries(t, entries, []want{
		{"Intranet", "Services", status.Up, "", 42 * time.Millisecond},
		// Down at 09:42 UTC, after a pending beat; an earlier outage has ended.
		{"Mail", "Services", status.Down, "down since 10:42", 0},
		{"VPN", "Services", status.Degraded, "pending", 0},
		{"File server", "Infrastructure", status.Degraded, "maintenance", 0},
		{"Printer", "Infrastructure", status.Up, "", 2 * time.Millisecond},
		{"Backup", "Infrastructure", status.Down, "down since Mar 4 23:50", 0},
		{"New monitor", "Infrastructure", status.Unknown, "no heartbeat yet", 0},
		// The page's incidents, newest first, each in the team's own words.
		{"Mail delays", "", status.Down, "Investigating – outgoing mail is queued; we are on it.", 0},
		{"Wi-Fi upgrade on Saturday", "", status.Up, "The access points on the 3rd floor are replaced on Saturday, 08:00–10:00.", 0},
	})
	if u, p, ok := srv.last().BasicAuth(); !ok || u != "reader" || p != "hunter2" {
		t.Errorf("basic auth %q %q %v", u, p, ok)
	}

	src.Exclude = []string{"Infrastructure/*"}
	entries, _, _ = fetch(t, src, 5*time.Second)
	if len(entries) != 5 {
		t.Errorf("exclude by group: %+v", entries)
	}

	src.Slug = "elsewhere"
	if _, err, _ := fetch(t, src, 5*time.Second); err == nil || err.Error() != "HTTP 404 from the server" {
		t.Errorf("unknown slug: %v", err)
	}
	checkFailures(t, "uptime-kuma", kumaRoutes, config.Source{Name: "Kuma", Slug: "office"})
}

// TestUptimeKumaOneIncident: Kuma 1.x and 2.0 give the pinned incident as "incident".
func TestUptimeKumaOneIncident(t *testing.T) {
	srv := newServer(t, map[string]string{
		"/api/status-page/office":           "kuma_page_v1.json",
		"/api/status-page/heartbeat/office": "kuma_heartbeat.json",
	})
	entries, err, _ := fetch(t, config.Source{Kind: "uptime-kuma", URL: srv.URL + "/ok", Slug: "office"}, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, entries, []want{
		{"Intranet", "Services", status.Up, "", 42 * time.Millisecond},
		{"Printer queue slow", "", status.Degraded, "Printing is slow", 0},
	})
}

// kumaServer serves a status page of n monitors, each with the 100 heartbeats Kuma's
// public route gives, every one of them down: about 7 KB a monitor.
func kumaServer(t *testing.T, n int) *httptest.Server {
	var page, beats bytes.Buffer
	page.WriteString(`{"config":{"slug":"big","title":"Big"},"incidents":[],"publicGroupList":[{"id":1,"name":"All","weight":1,"monitorList":[`)
	beats.WriteString(`{"heartbeatList":{`)
	first := time.Date(2026, 3, 5, 8, 20, 0, 0, time.UTC)
	for id := 1; id <= n; id++ {
		if id > 1 {
			page.WriteString(",")
			beats.WriteString(",")
		}
		fmt.Fprintf(&page, `{"id":%d,"name":"monitor-%d","sendUrl":0,"type":"http"}`, id, id)
		fmt.Fprintf(&beats, `"%d":[`, id)
		for i := range kumaBeatsPerMonitor {
			if i > 0 {
				beats.WriteString(",")
			}
			at := first.Add(time.Duration(i) * time.Minute).Format("2006-01-02 15:04:05.000")
			fmt.Fprintf(&beats, `{"status":0,"time":"%s","msg":"","ping":null}`, at)
		}
		beats.WriteString("]")
	}
	page.WriteString(`]}],"maintenanceList":[]}`)
	beats.WriteString(`},"uptimeList":{}}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/status-page/big":
			w.Write(page.Bytes())
		case "/api/status-page/heartbeat/big":
			w.Write(beats.Bytes())
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestUptimeKumaManyMonitors: past ~160 monitors the heartbeats are over 1 MiB; they
// are read to 16 MiB. A monitor whose 100 listed beats are all down went down before
// the first of them.
func TestUptimeKumaManyMonitors(t *testing.T) {
	srv := kumaServer(t, 300)
	entries, err, _ := fetch(t, config.Source{Kind: "uptime-kuma", URL: srv.URL, Slug: "big"}, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 300 {
		t.Fatalf("%d entries, want 300", len(entries))
	}
	for _, e := range entries {
		if e.Result.Status != status.Down || e.Result.Reason != "down since before 09:20" {
			t.Fatalf("%s: %v %q, want Down \"down since before 09:20\"", e.Name, e.Result.Status, e.Result.Reason)
		}
	}

	// Over 16 MiB: the stream stops there. (One long message rather than 2,500
	// monitors: the same bytes decode in a fraction of the time under -race.)
	client := memoryClient(map[string][]byte{
		"/api/status-page/s":           readFixture(t, "kuma_page.json"),
		"/api/status-page/heartbeat/s": []byte(`{"heartbeatList":{"2":[{"status":0,"msg":"` + strings.Repeat("x", 16<<20) + `"}]}}`),
	})
	f, _ := testReader.For("uptime-kuma")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := f(ctx, client, config.Source{Kind: "uptime-kuma", URL: "http://s.example", Slug: "s"}); err == nil || err.Error() != "response larger than 16 MiB" {
		t.Errorf("heartbeats over 16 MiB: %v", err)
	}
}

// TestUptimeKumaHeartbeatErrors: the heartbeats, read as a stream, fail in the words
// of an answer read whole.
func TestUptimeKumaHeartbeatErrors(t *testing.T) {
	page := readFixture(t, "kuma_page.json")
	beats := readFixture(t, "kuma_heartbeat.json")
	for _, tc := range []struct{ name, body, err string }{
		{"html", "\n<!DOCTYPE html><html>", "the server did not answer with JSON"},
		{"empty", "", "the server did not answer with JSON"},
		{"truncated", string(beats[:len(beats)/2]), "the server sent malformed JSON"},
		{"trailing", `{"heartbeatList":{}} x`, "the server sent malformed JSON"},
		{"array", `[]`, "the server answered in an unexpected shape (top level: array)"},
		{"no list", `{"uptimeList":{}}`, "the server answered in an unexpected shape (no heartbeatList)"},
		{"null list", `{"heartbeatList":null}`, "the server answered in an unexpected shape (no heartbeatList)"},
		{"list of beats", `{"heartbeatList":[]}`, "the server answered in an unexpected shape (heartbeatList: array)"},
		{"beats as object", `{"heartbeatList":{"2":{}}}`, "the server answered in an unexpected shape (heartbeatList.2: object)"},
		{"status as string", `{"heartbeatList":{"2":[{"status":"down"}]}}`, "the server answered in an unexpected shape (heartbeatList.2.status: string)"},
		{"bom", "\xef\xbb\xbf " + `{"uptimeList":{"a":[1,{"b":null}]},"heartbeatList":{"9":[{"status":0}],"2":null}}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client := memoryClient(map[string][]byte{"/api/status-page/s": page, "/api/status-page/heartbeat/s": []byte(tc.body)})
			f, _ := testReader.For("uptime-kuma")
			entries, err := f(context.Background(), client, config.Source{Kind: "uptime-kuma", URL: "http://s.example", Slug: "s"})
			if tc.err == "" {
				if err != nil || len(entries) != 9 || entries[1].Result.Status != status.Unknown {
					t.Errorf("%v, %+v", err, entries)
				}
				return
			}
			if err == nil || err.Error() != tc.err {
				t.Errorf("error %v, want %q", err, tc.err)
			}
		})
	}
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
