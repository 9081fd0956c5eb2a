package probe

import (
	"testing"

	"github.com/uptray/uptray/internal/status"
)

// The io_* fixtures are incident.io's Widget API, GET <page>/api/v1/summary, in the shape
// of https://docs.incident.io/status-pages/widget-api and of the public clients that read
// it (testdata/incidentio/SOURCES.md): ongoing_incidents, in_progress_maintenances and
// scheduled_maintenances, each event with its affected components.
func TestIncidentio(t *testing.T) {
	cases := []pageCase{
		{name: "quiet page", target: "/io_none", want: status.Up},
		{name: "degraded performance", target: "/io_degraded", want: status.Degraded, reason: "Search results are slow to load — identified"},
		{name: "the worst incident is the reason", target: "/io_outage", want: status.Down, reason: "API requests failing in EU — investigating"},
		{name: "maintenance in progress", target: "/io_maintenance", want: status.Degraded, reason: "maintenance — Database upgrade"},
		{name: "incident naming no component", target: "/io_global", want: status.Down, reason: "Partial outage across all regions — investigating"},
		{name: "trailing slash", target: "/io_degraded/", want: status.Degraded, reason: "Search results are slow to load — identified"},
		{name: "the API URL itself", target: "/io_degraded/api/v1/summary", want: status.Degraded, reason: "Search results are slow to load — identified"},

		{name: "component with an incident", target: "/io_outage", components: []string{"Dashboard"}, want: status.Degraded, reason: "Slow dashboard loads — monitoring"},
		{name: "component in a full outage", target: "/io_outage", components: []string{"api"}, want: status.Down, reason: "API requests failing in EU — investigating"},
		{name: "worst named component wins", target: "/io_outage", components: []string{"Dashboard", "API"}, want: status.Down, reason: "API requests failing in EU — investigating"},
		{name: "affected component operational again", target: "/io_outage", components: []string{"EU/Webhooks"}, want: status.Up},
		{name: "a group stands for its components", target: "/io_outage", components: []string{"EU"}, want: status.Down, reason: "API requests failing in EU — investigating"},
		{name: "group/component", target: "/io_outage", components: []string{"Web app / Dashboard"}, want: status.Degraded, reason: "Slow dashboard loads — monitoring"},
		{name: "resolved incident does not count", target: "/io_outage", components: []string{"Login"}, want: status.Up},
		{name: "component no event affects", target: "/io_outage", components: []string{"Billing"}, want: status.Up},
		{name: "scheduled maintenance does not count", target: "/io_degraded", components: []string{"API"}, want: status.Up},
		{name: "component under maintenance", target: "/io_maintenance", components: []string{"Core/Database"}, want: status.Degraded, reason: "maintenance — Database upgrade"},
		{name: "other component beside a maintenance", target: "/io_maintenance", components: []string{"API"}, want: status.Up},
		{name: "an incident naming no component affects every one", target: "/io_global", components: []string{"API"}, want: status.Down, reason: "Partial outage across all regions — investigating"},

		// Issue 11 §2: a page whose Widget API is off is read through its
		// Statuspage-compatible summary.
		{name: "widget API off: the compatible summary", target: "/io_compat", want: status.Down, reason: "Exports failing — identified"},
		{name: "widget API off, the API URL given", target: "/io_compat/api/v1/summary", want: status.Down, reason: "Exports failing — identified"},
		{name: "widget API off, the compatible URL given", target: "/io_compat/api/v2/summary.json", want: status.Down, reason: "Exports failing — identified"},
		{name: "widget API off, no components listed", target: "/io_compat", components: []string{"API"}, want: status.Unknown, reason: `no component named "API" on the status page`},

		{name: "Statuspage JSON", target: "/io_not_widget", want: status.Unknown, reason: "status page answered in an unexpected shape (no ongoing_incidents)"},
		{name: "wrong types", target: "/io_wrong_types", want: status.Unknown, reason: "status page answered in an unexpected shape (ongoing_incidents: object)"},
	}
	for _, c := range commonPageCases("io_outage.json", "") {
		if c.name == "404" {
			// Neither the Widget API nor the compatible summary: the reason says so.
			c.reason = "HTTP 404 from status page (neither incident.io's widget API nor /api/v2/summary.json: is it an incident.io page?)"
		}
		cases = append(cases, c)
	}
	runVendorCases(t, incidentioKind, fixturesNow, cases)
}

func TestApiURL(t *testing.T) {
	for target, want := range map[string]string{
		"https://status.openai.com":                 "https://status.openai.com/api/v1/summary",
		"https://status.openai.com/":                "https://status.openai.com/api/v1/summary",
		"https://status.openai.com/api/v1/summary":  "https://status.openai.com/api/v1/summary",
		"https://status.openai.com/api/v1/summary/": "https://status.openai.com/api/v1/summary/",
		"https://example.com/status.json?x=1":       "https://example.com/status.json?x=1",
	} {
		if got := apiURL(target, "/api/v1/summary"); got != want {
			t.Errorf("apiURL(%q) = %q, want %q", target, got, want)
		}
	}
}
