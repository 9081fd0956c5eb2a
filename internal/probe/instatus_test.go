package probe

import (
	"testing"

	"github.com/uptray/uptray/internal/status"
)

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
		{name: "components from v2/components.json", target: "/is_split", components: []string{"Messaging"}, want: status.Up},
		{name: "outage from v2/components.json", target: "/is_split", components: []string{"Calls"}, want: status.Down, reason: "Calls: major outage"},
		{name: "no component list", target: "/is_up", components: []string{"Calls"}, want: status.Unknown, reason: "HTTP 404 from status page"},

		{name: "unknown page state", target: "/is_unknown_state", want: status.Unknown, reason: `status page reports an unknown state "SOMETHINGNEW"`},
		{name: "no page", target: "/is_no_page", want: status.Unknown, reason: "status page answered in an unexpected shape (no page.status)"},
		{name: "statuspage JSON", target: "/sp_none", want: status.Unknown, reason: "status page answered in an unexpected shape (no page.status)"},
		{name: "wrong types", target: "/is_wrong_shape", want: status.Unknown, reason: "status page answered in an unexpected shape (activeIncidents: object)"},
	}
	runPageCases(t, "instatus", append(cases, commonPageCases("is_components.json", "")...))
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
