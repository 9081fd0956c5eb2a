package probe

import (
	"testing"

	"github.com/uptray/uptray/internal/status"
)

// The sio_* fixtures are Status.io's Public Status API, GET /1.0/status/<page id>, in the
// shape of https://kb.status.io/developers/public-status-api (sio_operational is its
// example) and of github.com/crazy-max/ghaction-docker-status (testdata/statusio/SOURCES.md).
func TestStatusio(t *testing.T) {
	const api = "/1.0/status/"
	cases := []pageCase{
		{name: "operational", target: api + "sio_operational", want: status.Up},
		{name: "maintenance under way", target: api + "sio_maintenance", want: status.Degraded, reason: "maintenance — Database failover test in Virginia"},
		{name: "maintenance code, only upcoming windows", target: api + "sio_announced", want: status.Up},
		{name: "partial disruption: the worst incident", target: api + "sio_disruption", want: status.Down, reason: "API errors in US-East — identified"},
		{name: "security event", target: api + "sio_security", want: status.Degraded, reason: "Credential reset advisory — identified"},

		{name: "component with a disrupted container", target: api + "sio_disruption", components: []string{"API"}, want: status.Down, reason: "API errors in US-East — identified"},
		{name: "component/container operational", target: api + "sio_disruption", components: []string{"API/EU-West"}, want: status.Up},
		{name: "component/container with the incident", target: api + "sio_disruption", components: []string{"Website/EU-West"}, want: status.Degraded, reason: "Slow pages in EU-West — monitoring"},
		{name: "a container of two components", target: api + "sio_disruption", components: []string{"EU-West"}, want: status.Unknown,
			reason: `component name "EU-West" is not unique on the status page: write "API/EU-West" or "Website/EU-West"`},
		{name: "component without containers or incident", target: api + "sio_disruption", components: []string{"Docs"}, want: status.Degraded, reason: "Docs: degraded performance"},
		{name: "component under maintenance", target: api + "sio_maintenance", components: []string{"Mobile App"}, want: status.Degraded, reason: "maintenance — Database failover test in Virginia"},
		{name: "container with maintenance next week", target: api + "sio_maintenance", components: []string{"Mobile App/Ireland"}, want: status.Up},
		{name: "component missing", target: api + "sio_operational", components: []string{"Status"}, want: status.Unknown, reason: `no component named "Status" on the status page`},

		{name: "no result", target: api + "sio_no_result", want: status.Unknown, reason: "status page answered in an unexpected shape (no result.status_overall)"},
		{name: "address without a page id", target: "https://status.example.com", want: status.Unknown,
			reason: "address is not a Status.io page id or https://api.status.io/1.0/status/<page id>"},
	}
	runVendorCases(t, statusioKind, fixturesNow, append(cases, commonPageCases("sio_disruption.json", api+"x")...))
}

func TestStatusioURL(t *testing.T) {
	for target, want := range map[string]string{
		"5b36dc6502d06804c08349f7":                                        "https://api.status.io/1.0/status/5b36dc6502d06804c08349f7",
		" 5b36dc6502d06804c08349f7 ":                                      "https://api.status.io/1.0/status/5b36dc6502d06804c08349f7",
		"https://api.status.io/1.0/status/5b36dc6502d06804c08349f7":       "https://api.status.io/1.0/status/5b36dc6502d06804c08349f7",
		"https://status.gitlab.com/pages/5b36dc6502d06804c08349f7":        "https://api.status.io/1.0/status/5b36dc6502d06804c08349f7",
		"https://status.gitlab.com/pages/5b36dc6502d06804c08349f7/rss":    "https://api.status.io/1.0/status/5b36dc6502d06804c08349f7",
		"https://status.example.com":                                      "",
		"5b36dc6502d06804c08349f":                                         "",
		"https://status.example.com/pages/incident/5b36dc6502d06804c0834": "",
	} {
		if got, _ := statusioURL(target); got != want {
			t.Errorf("statusioURL(%q) = %q, want %q", target, got, want)
		}
	}
}
