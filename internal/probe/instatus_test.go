package probe

import (
	"testing"

	"github.com/uptray/uptray/internal/status"
)

// The is_* fixtures are Instatus's public /summary.json, in the shape of
// https://instatus.com/help/api/public-data (page, activeIncidents, activeMaintenances:
// no components), and {fixture}.components.json its /v3/components.json: a flat list,
// each component with a group {id, name, description} or null, parents listed too
// (as read by public clients of status.polymarket.com/v3/components.json and
// status.evotel.co.za/v3/components.json).
func TestInstatus(t *testing.T) {
	cases := []pageCase{
		{name: "up", target: "/is_up", want: status.Up},
		{name: "major outage", target: "/is_issues_major", want: status.Down, reason: "Messages delayed — investigating"},
		{name: "degraded performance", target: "/is_issues_minor", want: status.Degraded, reason: "Slow file uploads — identified"},
		{name: "issues without incidents", target: "/is_issues_bare", want: status.Degraded, reason: "the status page reports issues"},
		{name: "maintenance", target: "/is_maintenance", want: status.Degraded, reason: "maintenance — Scheduled database migration"},
		{name: "the API URL itself", target: "/is_issues_major/summary.json", want: status.Down, reason: "Messages delayed — investigating"},

		{name: "component operational", target: "/is_components", components: []string{"Calls"}, want: status.Up},
		{name: "component partial outage", target: "/is_components", components: []string{"messaging"}, want: status.Down, reason: "Messages delayed — monitoring"},
		{name: "child component maintenance", target: "/is_components", components: []string{"Files"}, want: status.Degraded, reason: "maintenance"},
		{name: "child component degraded", target: "/is_components", components: []string{"Search", "Calls"}, want: status.Degraded, reason: "Messages delayed — monitoring"},
		{name: "component missing", target: "/is_components", components: []string{"Calls", "Video"}, want: status.Unknown, reason: `no component named "Video" on the status page`},
		{name: "components from v3/components.json", target: "/is_split", components: []string{"Messaging"}, want: status.Up},
		{name: "outage from v3/components.json", target: "/is_split", components: []string{"Calls"}, want: status.Down, reason: "Calls: major outage"},
		{name: "no component list", target: "/is_up", components: []string{"Calls"}, want: status.Unknown, reason: "HTTP 404 from status page"},

		{name: "unknown page state", target: "/is_unknown_state", want: status.Unknown, reason: `status page reports an unknown state "SOMETHINGNEW"`},
		{name: "no page", target: "/is_no_page", want: status.Unknown, reason: "status page answered in an unexpected shape (no page.status)"},
		{name: "statuspage JSON", target: "/sp_none", want: status.Unknown, reason: "status page answered in an unexpected shape (no page.status)"},
		{name: "wrong types", target: "/is_wrong_shape", want: status.Unknown, reason: "status page answered in an unexpected shape (activeIncidents: object)"},
	}
	runPageCases(t, "instatus", append(cases, commonPageCases("is_components.components.json", "")...))
}

// TestInstatusV3Components (issue 11 §1.3): the components are read from the flat
// /v3/components.json, where a component names its group; a group's name stands for
// its children, "group/child" for one of them.
func TestInstatusV3Components(t *testing.T) {
	runPageCases(t, "instatus", []pageCase{
		{name: "group stands for its children", target: "/is_components", components: []string{"Apps"}, want: status.Degraded, reason: "Messages delayed — monitoring"},
		{name: "group/child", target: "/is_components", components: []string{"Integrations/Webhooks"}, want: status.Down, reason: "Messages delayed — monitoring"},
		{name: "the same name in another group", target: "/is_components", components: []string{"Apps/Webhooks"}, want: status.Up},
		{name: "a name in two groups", target: "/is_components", components: []string{"Webhooks"}, want: status.Unknown,
			reason: `component name "Webhooks" is not unique on the status page: write "Apps/Webhooks" or "Integrations/Webhooks"`},
		{name: "a bare list", target: "/is_bare", components: []string{"Calls"}, want: status.Degraded, reason: "Calls: degraded performance"},
	})
}

// TestInstatusMaintenance (issue 11 §1.9): the maintenance under way is the reason, not
// one announced for later; a window that has not started does not change the state.
// is_issues_upcoming.json is the example response of https://instatus.com/help/api/public-data.
func TestInstatusMaintenance(t *testing.T) {
	runPageCases(t, "instatus", []pageCase{
		{name: "in progress beats not started", target: "/is_maintenance_two", want: status.Degraded, reason: "maintenance — Scheduled network upgrade"},
		{name: "only a window not started yet", target: "/is_maintenance_upcoming", want: status.Up},
		{name: "component under maintenance", target: "/is_maint_components", components: []string{"Files"},
			want: status.Degraded, reason: "maintenance — Scheduled network upgrade"},
		{name: "incident beside a window not started", target: "/is_issues_upcoming", want: status.Down, reason: "We're facing an issue with our API — investigating"},
	})
}

// TestFlattenDeep: components nested thousands deep (a hostile page) are listed in one
// slice that grows as usual, not a copy per level.
func TestFlattenDeep(t *testing.T) {
	const depth = 4900 // about the most encoding/json decodes
	var root isComponent
	c := &root
	for range depth {
		c.Children = []isComponent{{Name: "c", Status: "OPERATIONAL"}}
		c = &c.Children[0]
	}
	if n := len(flatten(root.Children)); n != depth {
		t.Fatalf("%d components, want %d", n, depth)
	}
	if allocs := testing.AllocsPerRun(5, func() { flatten(root.Children) }); allocs > 50 {
		t.Errorf("%v allocations for %d nested components, want a growing slice's few", allocs, depth)
	}
}
