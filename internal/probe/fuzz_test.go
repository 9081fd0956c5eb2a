package probe

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
)

// The fuzz targets feed any bytes to the page readers as a server's answer (no network:
// an in-memory transport) and check what every reason must be. `go test` runs their
// seeds, the fixtures in testdata/statuspages; `go test -fuzz FuzzX` explores.

// memoryTransport answers /…/v3/components.json with components and anything else with
// body.
func memoryTransport(body, components []byte) http.RoundTripper {
	return roundTripperFunc(func(r *http.Request) (*http.Response, error) {
		b := body
		if filepath.Base(r.URL.Path) == "components.json" {
			b = components
		}
		return &http.Response{StatusCode: 200, Body: io.NopCloser(bytes.NewReader(b)), Request: r, Header: http.Header{}}, nil
	})
}

// addFixtures seeds f with the fixtures matching pattern.
func addFixtures(f *testing.F, pattern string, add func(data []byte)) {
	names, err := filepath.Glob(filepath.Join("testdata", "statuspages", pattern))
	if err != nil || len(names) == 0 {
		f.Fatalf("no fixtures %s: %v", pattern, err)
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		add(data)
	}
}

// fuzzCheck runs a page probe straight (a panic fails the fuzz) and through a registry
// (what the engine sees), and checks both results.
func fuzzCheck(t *testing.T, check Func, kind string, rt http.RoundTripper, component string) {
	svc := config.Service{Kind: kind, Target: "http://page.example"}
	if component != "" {
		svc.Components = []string{component}
	}
	res := check(withTimeout(t, 5*time.Second), svc)
	checkResult(t, res, 3*sanitize.MaxRunes) // two remote words and our own, each capped

	res = NewRegistry(Options{Transport: rt}).Check(withTimeout(t, 5*time.Second), svc)
	if res.Reason == "internal error" {
		t.Fatal("the probe panicked")
	}
	checkResult(t, res, sanitize.MaxRunes)
}

func checkResult(t *testing.T, res status.Result, max int) {
	t.Helper()
	switch res.Status {
	case status.Up, status.Degraded, status.Down, status.Unknown:
	default:
		t.Errorf("status %v", res.Status)
	}
	checkText(t, "reason", res.Reason, max)
}

func FuzzStatuspage(f *testing.F) {
	addFixtures(f, "sp_*.json", func(data []byte) { f.Add(data, ""); f.Add(data, "API") })
	f.Add([]byte(`{"status":{"indicator":"major"},"incidents":[{"name":"\u001b[2J\u202eALL CLEAR","status":"x"}]}`), "")
	f.Fuzz(func(t *testing.T, body []byte, component string) {
		rt := memoryTransport(body, nil)
		p := &statuspageProbe{client: &http.Client{Transport: rt}}
		fuzzCheck(t, p.check, "statuspage", rt, component)
	})
}

func FuzzInstatus(f *testing.F) {
	components, err := os.ReadFile(filepath.Join("testdata", "statuspages", "is_split.components.json"))
	if err != nil {
		f.Fatal(err)
	}
	addFixtures(f, "is_*.json", func(data []byte) { f.Add(data, components, ""); f.Add(data, components, "Calls") })
	f.Add([]byte(`{"page":{"status":"HASISSUES"},"activeIncidents":[{"name":"\u001b[2J","impact":"MAJOROUTAGE"}]}`), []byte(`{}`), "")
	f.Fuzz(func(t *testing.T, summary, components []byte, component string) {
		rt := memoryTransport(summary, components)
		p := &instatusProbe{client: &http.Client{Transport: rt}}
		fuzzCheck(t, p.check, "instatus", rt, component)
	})
}

func FuzzFeed(f *testing.F) {
	addFixtures(f, "*.atom", func(data []byte) { f.Add(data) })
	addFixtures(f, "*.rss", func(data []byte) { f.Add(data) })
	addFixtures(f, "page.html", func(data []byte) { f.Add(data) })
	f.Add([]byte(`<rss><channel><item><title>&amp;#27;[2J<![CDATA[&#8238;]]></title><pubDate>Thu, 05 Mar 2026 11:00:00 +0000</pubDate></item></channel></rss>`))
	now := func() time.Time { return time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC) } // the fixtures' day
	f.Fuzz(func(t *testing.T, body []byte) {
		rt := memoryTransport(body, nil)
		p := &feedProbe{client: &http.Client{Transport: rt}, now: now}
		fuzzCheck(t, p.check, "feed", rt, "")
	})
}
