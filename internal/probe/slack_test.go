package probe

import (
	"testing"

	"github.com/uptray/uptray/internal/status"
)

// The slack_* fixtures are Slack's status API v2.0.0, GET /api/v2.0.0/current, in the
// shape of https://docs.slack.dev/reference/slack-status-api (slack_ok and slack_incident
// are its samples) and of github.com/slackapi/java-slack-sdk's sample
// (testdata/slack/SOURCES.md).
func TestSlack(t *testing.T) {
	cases := []pageCase{
		{name: "ok", target: "/slack_ok", want: status.Up},
		{name: "an incident", target: "/slack_incident", want: status.Degraded, reason: "Slack’s forwarding email feature is failing for some customers — incident"},
		{name: "an outage beside a notice", target: "/slack_outage", want: status.Down, reason: "Users are unable to send messages — outage"},
		{name: "the API URL itself", target: "/slack_incident/api/v2.0.0/current", want: status.Degraded, reason: "Slack’s forwarding email feature is failing for some customers — incident"},

		{name: "service with an outage", target: "/slack_outage", components: []string{"messaging"}, want: status.Down, reason: "Users are unable to send messages — outage"},
		{name: "service with a notice", target: "/slack_outage", components: []string{"Huddles"}, want: status.Degraded, reason: "Huddles may fail to connect for some users — notice"},
		{name: "maintenance only scheduled", target: "/slack_outage", components: []string{"Calls"}, want: status.Up},
		{name: "resolved incident", target: "/slack_outage", components: []string{"Search"}, want: status.Up},
		{name: "service without an incident", target: "/slack_outage", components: []string{"Files"}, want: status.Up},
		{name: "service of the incident", target: "/slack_incident", components: []string{"Apps/Integrations/APIs"}, want: status.Degraded,
			reason: "Slack’s forwarding email feature is failing for some customers — incident"},
		{name: "misspelt service", target: "/slack_ok", components: []string{"Mesaging"}, want: status.Unknown,
			reason: `no Slack service named "Mesaging" (Slack's services are named like "Messaging", "Huddles", "Login/SSO")`},
		{name: "misspelt service beside an outage", target: "/slack_outage", components: []string{"Mesaging", "Notifications"}, want: status.Down,
			reason: "Users are unable to send messages — outage"},

		{name: "no status", target: "/slack_empty", want: status.Unknown, reason: "status page answered in an unexpected shape (no status)"},
		{name: "unknown status", target: "/slack_broken", want: status.Unknown, reason: `status page reports an unknown state "broken"`},
	}
	runVendorCases(t, slackKind, fixturesNow, append(cases, commonPageCases("slack_outage.json", "")...))
}

func TestSlackURL(t *testing.T) {
	for target, want := range map[string]string{
		"":                         "https://slack-status.com/api/v2.0.0/current",
		"https://slack-status.com": "https://slack-status.com/api/v2.0.0/current",
		"https://slack-status.com/api/v2.0.0/current": "https://slack-status.com/api/v2.0.0/current",
		"http://127.0.0.1:8080/":                      "http://127.0.0.1:8080/api/v2.0.0/current",
	} {
		if got := slackURL(target); got != want {
			t.Errorf("slackURL(%q) = %q, want %q", target, got, want)
		}
	}
}
