package probe

import (
	"testing"

	"github.com/uptray/uptray/internal/status"
)

// The sp_* fixtures are Atlassian Statuspage's GET /api/v2/summary.json, in the shape its
// public API documentation gives on every page's /api (https://status.chargebee.com/api,
// https://www.cloudflarestatus.com/api): page, components (with group_id, group,
// only_show_if_degraded), incidents with incident_updates, scheduled_maintenances with
// scheduled_for/scheduled_until, status.indicator.
func TestStatuspage(t *testing.T) {
	cases := []pageCase{
		{name: "operational", target: "/sp_none", want: status.Up},
		{name: "minor incident", target: "/sp_minor", want: status.Degraded, reason: "Elevated error rates — investigating"},
		{name: "minor without incident", target: "/sp_minor_no_incident", want: status.Degraded, reason: "Partially Degraded Service"},
		{name: "major", target: "/sp_major", want: status.Down, reason: "Payments API unavailable — identified"},
		{name: "critical", target: "/sp_critical", want: status.Down, reason: "Payments API unavailable — identified"},
		{name: "maintenance", target: "/sp_maintenance", want: status.Degraded, reason: "maintenance — Dashboard database upgrade"},
		// Issue 11 §1.4: a component under maintenance that no one named does not make
		// the page amber; status.indicator ("none") says how the page is.
		{name: "component under maintenance", target: "/sp_component_maintenance", want: status.Up},
		{name: "trailing slash", target: "/sp_minor/", want: status.Degraded, reason: "Elevated error rates — investigating"},
		{name: "the API URL itself", target: "/sp_minor/api/v2/summary.json", want: status.Degraded, reason: "Elevated error rates — investigating"},

		{name: "component operational", target: "/sp_major", components: []string{"Dashboard"}, want: status.Up},
		{name: "component major outage", target: "/sp_major", components: []string{"api"}, want: status.Down, reason: "Payments API unavailable — identified"},
		{name: "component partial outage", target: "/sp_major", components: []string{"Web"}, want: status.Down, reason: "Web: partial outage"},
		{name: "component degraded", target: "/sp_major", components: []string{"Email notifications"}, want: status.Degraded, reason: "Email notifications: degraded performance"},
		{name: "worst component wins", target: "/sp_major", components: []string{"Dashboard", "Email notifications", "Web"}, want: status.Down, reason: "Web: partial outage"},
		{name: "component minor incident", target: "/sp_minor", components: []string{"API"}, want: status.Degraded, reason: "Elevated error rates — investigating"},
		{name: "other component fine", target: "/sp_minor", components: []string{"Dashboard"}, want: status.Up},
		{name: "component in maintenance", target: "/sp_maintenance", components: []string{"Dashboard"}, want: status.Degraded, reason: "maintenance — Dashboard database upgrade"},
		{name: "component in maintenance, none scheduled", target: "/sp_component_maintenance", components: []string{"Dashboard"}, want: status.Degraded, reason: "maintenance"},
		{name: "component missing", target: "/sp_none", components: []string{"API", "Billing"}, want: status.Unknown, reason: `no component named "Billing" on the status page`},
		{name: "missing component beside an outage", target: "/sp_major", components: []string{"API", "Billing"}, want: status.Down, reason: "Payments API unavailable — identified"},

		{name: "unexpected shape", target: "/sp_wrong_shape", want: status.Unknown, reason: "status page answered in an unexpected shape (status: string)"},
		{name: "no status", target: "/sp_no_status", want: status.Unknown, reason: "status page answered in an unexpected shape (no status.indicator)"},
	}
	runPageCases(t, "statuspage", append(cases, commonPageCases("sp_major.json", "")...))
}

// TestStatuspageMaintenance (issue 11 §1.4): a CDN's page on a normal day has PoPs under
// maintenance and says "none"; that is Up, unless the service named a PoP under
// maintenance. sp_cdn_maintenance.json is shaped after www.cloudflarestatus.com's
// summary.json: PoPs as children of region groups, one scheduled maintenance per PoP.
func TestStatuspageMaintenance(t *testing.T) {
	runPageCases(t, "statuspage", []pageCase{
		{name: "page with PoPs under maintenance", target: "/sp_cdn_maintenance", want: status.Up},
		{name: "named component operational", target: "/sp_cdn_maintenance", components: []string{"API"}, want: status.Up},
		{name: "named component under maintenance", target: "/sp_cdn_maintenance", components: []string{"Frankfurt, Germany - (FRA)"},
			want: status.Degraded, reason: "maintenance — FRA (Frankfurt) on 2026-03-05"},
		{name: "maintenance scheduled for next week", target: "/sp_cdn_maintenance", components: []string{"London, United Kingdom - (LHR)"}, want: status.Up},
		{name: "group under maintenance", target: "/sp_cdn_maintenance", components: []string{"North America"},
			want: status.Degraded, reason: "maintenance — IAD (Ashburn) on 2026-03-05"},
		{name: "indicator says maintenance", target: "/sp_maintenance", want: status.Degraded, reason: "maintenance — Dashboard database upgrade"},
	})
}

// TestStatuspageGroups (issue 11 §1.5): group_id is read. sp_groups.json is shaped after
// the status.hashicorp.com summary captured in github.com/hashicorp/terraform-provider-hcp
// (internal/provider/provider.go): groups with "group": true and their children's ids,
// a group and its child both named "Terraform Registry", and here "Consul" in two groups.
func TestStatuspageGroups(t *testing.T) {
	runPageCases(t, "statuspage", []pageCase{
		{name: "a group stands for its children; the child's incident is the reason", target: "/sp_groups",
			components: []string{"Terraform Cloud"}, want: status.Down, reason: "Elevated error rates for Terraform Cloud — identified"},
		{name: "group/child", target: "/sp_groups", components: []string{"Terraform Cloud/Terraform Runs"}, want: status.Up},
		{name: "group/child with the incident", target: "/sp_groups", components: []string{"terraform cloud / Terraform Cloud UI and API"},
			want: status.Down, reason: "Elevated error rates for Terraform Cloud — identified"},
		{name: "one of two same-named components", target: "/sp_groups", components: []string{"HashiCorp Cloud Platform (HCP)/Consul"},
			want: status.Degraded, reason: "HashiCorp Cloud Platform (HCP)/Consul: degraded performance"},
		{name: "the other one is not merged into it", target: "/sp_groups", components: []string{"HashiCorp Consul Service (HCS) on Azure/Consul"}, want: status.Up},
		{name: "a name in two groups", target: "/sp_groups", components: []string{"Consul"}, want: status.Unknown,
			reason: `component name "Consul" is not unique on the status page: write "HashiCorp Cloud Platform (HCP)/Consul" or "HashiCorp Consul Service (HCS) on Azure/Consul"`},
		{name: "a group and its child of the same name: the group", target: "/sp_groups", components: []string{"Terraform Registry"},
			want: status.Degraded, reason: "Fastly API: degraded performance"},
		{name: "the child of the same name", target: "/sp_groups", components: []string{"Terraform Registry/Terraform Registry"}, want: status.Up},
		{name: "group by its name, worst child", target: "/sp_groups", components: []string{"HashiCorp Cloud Platform (HCP)", "Vagrant Cloud"},
			want: status.Degraded, reason: "HashiCorp Cloud Platform (HCP)/Consul: degraded performance"},
		{name: "a child missing from its group", target: "/sp_groups", components: []string{"Terraform Cloud/Sentinel"}, want: status.Unknown,
			reason: `no component named "Terraform Cloud/Sentinel" on the status page`},
	})
}
