package source

import (
	"context"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
)

// The fuzz targets feed any bytes to each reader as its server's answer (no network:
// memoryClient) and check what every entry must be. `go test` runs their seeds, the
// fixtures in testdata; `go test -fuzz FuzzX` explores.

func fixture(f *testing.F, name string) []byte { return readFixture(f, name) }

// fuzzFetch reads src from answers straight (a panic fails the fuzz) and checks the
// entries or the error.
func fuzzFetch(t *testing.T, src config.Source, answers map[string][]byte) {
	f, _ := For(src.Kind)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	src.URL, src.Slug = "http://s.example", "s"
	entries, err := f(ctx, memoryClient(answers), src)
	if err != nil {
		// Our words around at most two of the server's, each capped.
		checkText(t, "error", err.Error(), 3*sanitize.MaxRunes)
		return
	}
	checkEntryText(t, entries)
	seen := make(map[string]bool, len(entries))
	for _, e := range entries {
		if e.Name == "" {
			t.Errorf("an entry without a name: %+v", e)
		}
		if seen[e.Name] {
			t.Errorf("name %q twice", e.Name)
		}
		seen[e.Name] = true
	}
}

// rules are there so the fuzzed names go through include/exclude and rule matching.
var fuzzRules = config.Source{Exclude: []string{"*/skip*"}, Rules: []config.SourceRule{{Match: "*a*", Critical: true}}}

func FuzzGatus(f *testing.F) {
	f.Add(fixture(f, "gatus_statuses.json"), fixture(f, "gatus_suites.json"))
	f.Add([]byte(`[{"name":"\u202eapi\u001b[2J","group":"g","results":[{"success":false,"errors":["\u0007"]}]},{"name":"\u202eapi\u001b[2J"}]`),
		[]byte(`[{"name":"\u202e","results":[{"success":false,"endpointResults":[{"name":"\u001b[2J","success":false,"errors":["Get \"\u0007\": x"]}]}]}]`))
	f.Fuzz(func(t *testing.T, endpoints, suites []byte) {
		src := fuzzRules
		src.Kind = "gatus"
		fuzzFetch(t, src, map[string][]byte{"/api/v1/endpoints/statuses": endpoints, "/api/v1/suites/statuses": suites})
	})
}

func FuzzUptimeKuma(f *testing.F) {
	f.Add(fixture(f, "kuma_page.json"), fixture(f, "kuma_heartbeat.json"))
	f.Add(fixture(f, "kuma_page_v1.json"), fixture(f, "kuma_heartbeat.json"))
	f.Add([]byte(`{"publicGroupList":[{"name":"\u001b]8;;x\u0007","monitorList":[{"id":1,"name":"a\u2066"}]}]}`),
		[]byte(`{"heartbeatList":{"1":[{"status":0,"msg":"\u202e"}]}}`))
	f.Fuzz(func(t *testing.T, page, heartbeats []byte) {
		src := fuzzRules
		src.Kind = "uptime-kuma"
		fuzzFetch(t, src, map[string][]byte{"/api/status-page/s": page, "/api/status-page/heartbeat/s": heartbeats})
	})
}

func FuzzAlertmanager(f *testing.F) {
	f.Add(fixture(f, "am_alerts.json"))
	f.Add(fixture(f, "am_none.json"))
	f.Add([]byte(`[{"labels":{"alertname":"\u001b[2J","instance":"\u202e"},"annotations":{"summary":"\r\n"}}]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		src := fuzzRules
		src.Kind = "alertmanager"
		fuzzFetch(t, src, map[string][]byte{"/api/v2/alerts": body})
	})
}
