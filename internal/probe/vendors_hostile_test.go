package probe

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
)

// TestVendorPagesHostile: what the incident.io, Better Stack, Slack and Status.io pages
// say reaches a reason as plain text, at most 200 characters, whatever it holds.
func TestVendorPagesHostile(t *testing.T) {
	type obj = map[string]any
	bodies := map[string]string{
		"/io-ansi/api/v1/summary": mustJSON(t, obj{"ongoing_incidents": []obj{{"name": ansiName, "status": "\tINVESTIGATING\r\n", "current_worst_impact": "full_outage"}}}),
		"/io-huge-maintenance/api/v1/summary": mustJSON(t, obj{"ongoing_incidents": []obj{},
			"in_progress_maintenances": []obj{{"name": hugeWord, "status": "maintenance_in_progress"}}}),
		"/bs-huge-state/index.json": mustJSON(t, obj{"data": obj{"attributes": obj{"aggregate_state": hugeWord}}}),
		"/bs-bidi-resource/index.json": mustJSON(t, obj{"data": obj{"attributes": obj{"aggregate_state": "downtime"}},
			"included": []obj{{"id": "1", "type": "status_page_resource", "attributes": obj{"public_name": bidiName, "status": "downtime"}}}}),
		"/slack-bidi/api/v2.0.0/current":        mustJSON(t, obj{"status": "active", "active_incidents": []obj{{"title": bidiName, "type": "outage", "status": "active"}}}),
		"/slack-huge-status/api/v2.0.0/current": mustJSON(t, obj{"status": hugeWord, "active_incidents": []obj{}}),
		"/1.0/status/sio-huge-status":           mustJSON(t, obj{"result": obj{"status_overall": obj{"status": hugeWord, "status_code": 500}}}),
		"/1.0/status/sio-ansi-incident": mustJSON(t, obj{"result": obj{"status_overall": obj{"status": "Service Disruption", "status_code": 500},
			"incidents": []obj{{"name": ansiName, "messages": []obj{{"state": 200, "status": 500}}}}}}),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := bodies[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)

	cases := []struct {
		name   string
		k      vendorKind
		target string
		want   status.Status
		reason string
	}{
		{"incidentio: incident with terminal escapes", incidentioKind, "/io-ansi", status.Down, ansiClean + " — investigating"},
		{"incidentio: 500 KB maintenance name", incidentioKind, "/io-huge-maintenance", status.Degraded, capped("maintenance — ")},
		{"betterstack: 500 KB page state", betterstackKind, "/bs-huge-state", status.Unknown, capped(`status page reports an unknown state "`)},
		{"betterstack: resource name with a bidi override", betterstackKind, "/bs-bidi-resource", status.Down, bidiClean + ": downtime"},
		{"slack: title with a bidi override", slackKind, "/slack-bidi", status.Down, bidiClean + " — outage"},
		{"slack: 500 KB status", slackKind, "/slack-huge-status", status.Unknown, capped(`status page reports an unknown state "`)},
		{"statusio: 500 KB overall status", statusioKind, "/1.0/status/sio-huge-status", status.Down, capped("")},
		{"statusio: incident with terminal escapes", statusioKind, "/1.0/status/sio-ansi-incident", status.Down, ansiClean + " — identified"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			reg := vendorRegistry(tc.k, fixturesNow)
			res := reg.Check(withTimeout(t, 5*time.Second), config.Service{Kind: tc.k.kind, Target: srv.URL + tc.target})
			if res.Status != tc.want || res.Reason != tc.reason {
				t.Errorf("got %v %.120q, want %v %.120q", res.Status, res.Reason, tc.want, tc.reason)
			}
			checkText(t, "reason", res.Reason, sanitize.MaxRunes)
		})
	}
}

// fuzzVendor runs a vendor page probe on body, straight (a panic fails the fuzz) and
// through a registry, and checks both results.
func fuzzVendor(t *testing.T, k vendorKind, body []byte, component string) {
	rt := memoryTransport(body, nil)
	now := func() time.Time { return fixturesNow }
	svc := config.Service{Kind: k.kind, Target: "http://page.example/1.0/status/5b36dc6502d06804c08349f7"}
	if component != "" {
		svc.Components = []string{component}
	}
	res := k.probe(&http.Client{Transport: rt}, now)(withTimeout(t, 5*time.Second), svc)
	checkResult(t, res, 3*sanitize.MaxRunes)

	reg := NewRegistry(Options{Transport: rt, Now: now})
	reg.Register(k.kind, k.probe(reg.HTTPClient(), now))
	res = reg.Check(withTimeout(t, 5*time.Second), svc)
	if res.Reason == "internal error" {
		t.Fatal("the probe panicked")
	}
	checkResult(t, res, sanitize.MaxRunes)
}

// addVendorFixtures seeds f with a kind's fixtures, each with no component and with one.
func addVendorFixtures(f *testing.F, k vendorKind, component string) {
	names, err := filepath.Glob(filepath.Join("testdata", k.dir, "*.json"))
	if err != nil || len(names) == 0 {
		f.Fatalf("no fixtures in %s: %v", k.dir, err)
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "")
		f.Add(data, component)
	}
}

func FuzzIncidentio(f *testing.F) {
	addVendorFixtures(f, incidentioKind, "EU/API")
	f.Add([]byte(`{"ongoing_incidents":[{"name":"\u001b[2J","affected_components":[{"name":"API","group_name":"a/b"}]}]}`), "a/b/API")
	f.Fuzz(func(t *testing.T, body []byte, component string) { fuzzVendor(t, incidentioKind, body, component) })
}

func FuzzBetterstack(f *testing.F) {
	addVendorFixtures(f, betterstackKind, "API")
	f.Add([]byte(`{"data":{"attributes":{"aggregate_state":"degraded"}},"included":[{"id":1e999,"type":"status_page_resource","attributes":{"status_page_section_id":"x"}}]}`), "x")
	f.Fuzz(func(t *testing.T, body []byte, component string) { fuzzVendor(t, betterstackKind, body, component) })
}

func FuzzSlack(f *testing.F) {
	addVendorFixtures(f, slackKind, "Messaging")
	f.Fuzz(func(t *testing.T, body []byte, component string) { fuzzVendor(t, slackKind, body, component) })
}

func FuzzStatusio(f *testing.F) {
	addVendorFixtures(f, statusioKind, "Website/Virginia")
	f.Add([]byte(`{"result":{"status_overall":{"status_code":400},"status":[{"id":"a","name":"x","containers":[{"id":"a","name":"x"}]}],"maintenance":[]}}`), "x/x")
	f.Fuzz(func(t *testing.T, body []byte, component string) { fuzzVendor(t, statusioKind, body, component) })
}
