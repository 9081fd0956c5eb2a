package probe

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// The page kinds of issue 11 §2 (incidentio, betterstack, slack, statusio) are tested
// here through a registry, as the engine runs them, against fixtures in their vendors'
// shapes: testdata/<kind>/*.json, each naming its source in its "//" key (JSON has no
// comments; decoders ignore the key) and in testdata/<kind>/SOURCES.md.

// fixturesNow is the time the fixtures are written about: 5 March 2026, noon UTC.
var fixturesNow = time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)

// vendorKind is how to reach one kind's fixtures and probe.
type vendorKind struct {
	kind string
	dir  string // under testdata
	// route names the fixture a request path asks for ("/io_none/api/v1/summary" →
	// "io_none"); false for a path the kind's probe should not ask for.
	route func(path string) (fixture string, ok bool)
	// probe makes the kind's probe, reading dates against now.
	probe func(client *http.Client, now func() time.Time) Func
}

// suffixRoute routes "/{fixture}{api}".
func suffixRoute(api string) func(string) (string, bool) {
	return func(path string) (string, bool) {
		fixture, ok := strings.CutSuffix(path, api)
		fixture = strings.TrimPrefix(fixture, "/")
		return fixture, ok && fixture != "" && !strings.Contains(fixture, "/")
	}
}

var (
	// incident.io: {fixture}.json is the Widget API, {fixture}.v2.json the
	// Statuspage-compatible summary.
	incidentioKind = vendorKind{kind: "incidentio", dir: "incidentio",
		route: func(path string) (string, bool) {
			if fixture, ok := suffixRoute("/api/v1/summary")(path); ok {
				return fixture, true
			}
			fixture, ok := suffixRoute("/api/v2/summary.json")(path)
			return fixture + ".v2", ok
		},
		probe: func(c *http.Client, _ func() time.Time) Func { return (&incidentioProbe{client: c}).check }}
	betterstackKind = vendorKind{kind: "betterstack", dir: "betterstack", route: suffixRoute("/index.json"),
		probe: func(c *http.Client, now func() time.Time) Func { return (&betterstackProbe{client: c, now: now}).check }}
	slackKind = vendorKind{kind: "slack", dir: "slack", route: suffixRoute("/api/v2.0.0/current"),
		probe: func(c *http.Client, _ func() time.Time) Func { return (&slackProbe{client: c}).check }}
	statusioKind = vendorKind{kind: "statusio", dir: "statusio",
		route: func(path string) (string, bool) {
			_, fixture, ok := strings.Cut(path, "/1.0/status/")
			return fixture, ok && fixture != "" && !strings.Contains(fixture, "/")
		},
		probe: func(c *http.Client, now func() time.Time) Func { return (&statusioProbe{client: c, now: now}).check }}
)

// newVendorServer serves a kind's fixtures on loopback, and the ways any page fails as
// newPageServer does: /html…, /truncated/{file}/… (the first half of {file}), /50mib…,
// /hang… (never answers), /missing… (404).
func newVendorServer(t *testing.T, k vendorKind) *httptest.Server {
	t.Helper()
	release := make(chan struct{})
	serve := func(w http.ResponseWriter, r *http.Request, name string, half bool) {
		data, err := os.ReadFile(filepath.Join("testdata", k.dir, name))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if half {
			data = data[:len(data)/2]
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(data)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		switch first {
		case "html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte("<!DOCTYPE html><html><head><title>Status</title></head><body>All good</body></html>"))
		case "truncated":
			file, _, _ := strings.Cut(rest, "/")
			serve(w, r, file, true)
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
			fixture, ok := k.route(r.URL.Path)
			if !ok {
				http.NotFound(w, r)
				return
			}
			serve(w, r, fixture+".json", false)
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs before Close: nothing blocks it
	return srv
}

// vendorRegistry is a registry with the kind registered as the registry line would
// register it: on the registry's shared client, reading dates against now.
func vendorRegistry(k vendorKind, now time.Time) *Registry {
	fixed := func() time.Time { return now }
	reg := NewRegistry(Options{UserAgent: "Uptray/test", Now: fixed})
	reg.Register(k.kind, k.probe(reg.HTTPClient(), fixed))
	return reg
}

// runVendorCases checks each case through a registry, at now.
func runVendorCases(t *testing.T, k vendorKind, now time.Time, cases []pageCase) {
	t.Helper()
	srv := newVendorServer(t, k)
	reg := vendorRegistry(k, now)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			target := tc.target
			if strings.HasPrefix(target, "/") {
				target = srv.URL + target
			}
			svc := config.Service{Name: tc.name, Kind: k.kind, Target: target, Components: tc.components}
			timeout, reason := 5*time.Second, tc.reason
			if strings.HasPrefix(tc.target, "/hang") {
				// A second, not commonPageCases' 300ms: under -race the moments between
				// setting the deadline and the check starting can round 300ms to 299ms,
				// while a timeout of a second or more is told in tenths.
				timeout, reason = time.Second, strings.Replace(reason, "after 300ms", "after 1s", 1)
			}
			start := time.Now()
			res := reg.Check(withTimeout(t, timeout), svc)
			took := time.Since(start)
			if res.Status != tc.want || res.Reason != reason {
				t.Errorf("got %v %q, want %v %q", res.Status, res.Reason, tc.want, reason)
			}
			if res.Latency < 0 || res.Latency > took {
				t.Errorf("latency %v (check took %v)", res.Latency, took)
			}
			if took > 3*time.Second {
				t.Errorf("check took %v", took)
			}
		})
	}
}

// TestVendorPagesUnreachable: a page kind that cannot reach its page is Unknown, in the
// status page's words, never Down.
func TestVendorPagesUnreachable(t *testing.T) {
	addr := "http://" + closedAddr(t)
	for _, k := range []vendorKind{incidentioKind, betterstackKind, slackKind, statusioKind} {
		target := addr
		if k.kind == "statusio" {
			target += "/1.0/status/51f6f2088643809b7200000d"
		}
		res := vendorRegistry(k, fixturesNow).Check(withTimeout(t, 2*time.Second), config.Service{Kind: k.kind, Target: target})
		if res.Status != status.Unknown || res.Reason != "status page unreachable: connect: connection refused" {
			t.Errorf("%s: %v %q", k.kind, res.Status, res.Reason)
		}
	}
}

// TestVendorPagesCanceled: a check called off is "check canceled", not a failure.
func TestVendorPagesCanceled(t *testing.T) {
	for _, k := range []vendorKind{incidentioKind, betterstackKind, slackKind, statusioKind} {
		srv := newVendorServer(t, k)
		ctx, cancel := withCancel(t)
		time.AfterFunc(50*time.Millisecond, cancel)
		res := vendorRegistry(k, fixturesNow).Check(ctx, config.Service{Kind: k.kind, Target: srv.URL + "/hang/1.0/status/x"})
		if res.Status != status.Unknown || res.Reason != "check canceled" {
			t.Errorf("%s: %v %q", k.kind, res.Status, res.Reason)
		}
	}
}

// TestFlexID: an id is read whether the vendor writes it as a string or a number.
func TestFlexID(t *testing.T) {
	for in, want := range map[string]flexID{`"8331917"`: "8331917", `123`: "123", `null`: "", `1.5e3`: "1.5e3"} {
		var id flexID
		if err := json.Unmarshal([]byte(in), &id); err != nil || id != want {
			t.Errorf("%s: %q, %v; want %q", in, id, err, want)
		}
	}
	var id flexID
	if err := json.Unmarshal([]byte(`{"id":1}`), &id); err == nil {
		t.Errorf("an object read as id %q", id)
	}
}
