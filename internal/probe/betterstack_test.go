package probe

import (
	"testing"
	"time"

	"github.com/uptray/uptray/internal/status"
)

// The bs_* fixtures are a Better Stack status page's public GET <page>/index.json, a
// JSON:API document in the shape of
// https://betterstack.com/docs/uptime/status-pages/subscribing-to-status-updates/subscribing-to-api
// and of the public clients that read it (testdata/betterstack/SOURCES.md).
func TestBetterstack(t *testing.T) {
	cases := []pageCase{
		{name: "operational", target: "/bs_operational", want: status.Up},
		{name: "degraded, with a report", target: "/bs_degraded", want: status.Degraded, reason: "Elevated API error rates in EU — degraded"},
		{name: "downtime without a report", target: "/bs_downtime", want: status.Down, reason: "Webhooks: downtime"},
		{name: "maintenance under way", target: "/bs_maintenance", want: status.Degraded, reason: "maintenance — Dashboard database upgrade"},
		{name: "maintenance only announced", target: "/bs_maintenance_ahead", want: status.Up},
		{name: "the API URL itself", target: "/bs_degraded/index.json", want: status.Degraded, reason: "Elevated API error rates in EU — degraded"},

		{name: "component operational", target: "/bs_operational", components: []string{"API"}, want: status.Up},
		{name: "a section stands for its resources", target: "/bs_operational", components: []string{"Core"}, want: status.Up},
		{name: "component not monitored", target: "/bs_operational", components: []string{"Payments provider"}, want: status.Unknown,
			reason: `component "Payments provider" is not monitored by the status page`},
		{name: "not monitored beside a monitored one", target: "/bs_operational", components: []string{"Payments provider", "API"}, want: status.Up},
		{name: "component missing", target: "/bs_operational", components: []string{"Billing"}, want: status.Unknown, reason: `no component named "Billing" on the status page`},
		{name: "a name in two sections", target: "/bs_degraded", components: []string{"API"}, want: status.Unknown,
			reason: `component name "API" is not unique on the status page: write "EU/API" or "US/API"`},
		{name: "section/resource with the report", target: "/bs_degraded", components: []string{"EU/API"}, want: status.Degraded, reason: "Elevated API error rates in EU — degraded"},
		{name: "the same name in the other section", target: "/bs_degraded", components: []string{"US/API"}, want: status.Up},
		{name: "section with the report", target: "/bs_degraded", components: []string{"eu"}, want: status.Degraded, reason: "Elevated API error rates in EU — degraded"},
		{name: "resource down, no report", target: "/bs_downtime", components: []string{"Webhooks"}, want: status.Down, reason: "Webhooks: downtime"},
		{name: "resource in no section", target: "/bs_downtime", components: []string{"Docs"}, want: status.Degraded, reason: "Docs: degraded"},
		{name: "resource under maintenance", target: "/bs_maintenance", components: []string{"Dashboard"}, want: status.Degraded, reason: "maintenance — Dashboard database upgrade"},
		{name: "resource with maintenance next week", target: "/bs_maintenance", components: []string{"API"}, want: status.Up},

		{name: "unknown page state", target: "/bs_unknown_state", want: status.Unknown, reason: `status page reports an unknown state "somethingnew"`},
		{name: "no aggregate state", target: "/bs_no_state", want: status.Unknown, reason: "status page answered in an unexpected shape (no data.attributes.aggregate_state)"},
		{name: "wrong types", target: "/bs_wrong_types", want: status.Unknown, reason: "status page answered in an unexpected shape (status: number)"},
	}
	for _, c := range commonPageCases("bs_degraded.json", "") {
		if c.name == "50 MiB body" {
			c.reason = "status page larger than 4 MiB" // index.json carries the uptime history
		}
		cases = append(cases, c)
	}
	runVendorCases(t, betterstackKind, fixturesNow, cases)
}

// TestBetterstackMaintenanceWindow: the maintenance reports' windows are read against the
// registry's clock: the report announced for 10 March is the reason inside its window
// and nothing before or after it.
func TestBetterstackMaintenanceWindow(t *testing.T) {
	at := func(s string) time.Time { tm, _ := time.Parse(time.RFC3339, s); return tm }
	runVendorCases(t, betterstackKind, at("2026-03-10T03:00:00Z"), []pageCase{
		{name: "inside the window", target: "/bs_maintenance_ahead", want: status.Degraded, reason: "maintenance — Network upgrade"},
	})
	runVendorCases(t, betterstackKind, at("2026-03-09T23:00:00Z"), []pageCase{
		{name: "before the window", target: "/bs_maintenance_ahead", want: status.Up},
	})
}
