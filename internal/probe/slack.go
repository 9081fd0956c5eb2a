package probe

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// slackStatusAPI is Slack's status API, version 2.0.0: every active incident at once
// (version 1.0.0 shows only the most urgent one).
const slackStatusAPI = "https://slack-status.com/api/v2.0.0/current"

// slackProbe reads Slack's status API (https://docs.slack.dev/reference/slack-status-api):
// {"status": "ok" | "active", "active_incidents": [...]}, each incident with a title, a
// type (incident, notice, outage), a status (active, resolved; for planned
// maintenance scheduled, completed, cancelled) and the Slack services it affects.
// See testdata/slack/SOURCES.md.
//
// An outage is Down; an incident or a notice is Degraded; a maintenance that is only
// scheduled does not count. Components are Slack's services ("Messaging", "Huddles"):
// only incidents naming one of them count.
type slackProbe struct {
	client *http.Client
}

type slackCurrent struct {
	Status          string          `json:"status"`
	ActiveIncidents []slackIncident `json:"active_incidents"`
}

type slackIncident struct {
	Title    string   `json:"title"`
	Type     string   `json:"type"`
	Status   string   `json:"status"`
	Services []string `json:"services"`
}

// slackServices are the service names Slack's documentation lists ("current and past
// service names"). A service named in an incident is known too, so a service Slack
// adds is read as soon as it is in the news.
var slackServices = []string{
	"Login/SSO", "Messaging", "Notifications", "Search", "Workspace/Org Administration",
	"Connections", "Files", "Huddles", "Apps/Integrations/APIs", "Workflows", "Posts/Files",
	"Calls", "Link Previews",
}

var slackTypes = map[string]status.Status{
	"outage":   status.Down,
	"incident": status.Degraded,
	"notice":   status.Degraded,
}

// slackURL is the API address for a target: the API itself by default, or the API on
// the host the user gave (a test server, a proxy).
func slackURL(target string) string {
	if strings.TrimSpace(target) == "" {
		return slackStatusAPI
	}
	if strings.Contains(target, "/api/") {
		return target
	}
	return strings.TrimRight(target, "/") + "/api/v2.0.0/current"
}

func (p *slackProbe) check(ctx context.Context, svc config.Service) status.Result {
	start := time.Now()
	var cur slackCurrent
	if err := pageReader(p.client, start).GetJSON(ctx, slackURL(svc.Target), nil, &cur); err != nil {
		return unreadable(start, err)
	}
	if cur.Status == "" {
		return unknown(start, "status page answered in an unexpected shape (no status)")
	}
	res := cur.judge(svc.Components)
	res.Latency = time.Since(start)
	return res
}

// open reports whether the incident is trouble now: active, or a status Slack has not
// documented (a new word is not good news). Resolved, completed, cancelled and
// scheduled ones are not.
func (i slackIncident) open() bool {
	switch strings.ToLower(i.Status) {
	case "resolved", "completed", "cancelled", "canceled", "scheduled", "ok":
		return false
	}
	return true
}

func (i slackIncident) state() status.Status {
	if st, ok := slackTypes[strings.ToLower(i.Type)]; ok {
		return st
	}
	return status.Degraded
}

func (i slackIncident) affects(name string) bool {
	for _, s := range i.Services {
		if sameName(s, name) {
			return true
		}
	}
	return false
}

func (cur *slackCurrent) judge(names []string) status.Result {
	var missing []string
	for _, n := range names {
		if !cur.knows(n) {
			missing = append(missing, quoted(n))
		}
	}
	res := status.Result{Status: status.Up}
	for _, inc := range cur.ActiveIncidents {
		if !inc.open() || (len(names) > 0 && !inc.touches(names)) {
			continue
		}
		if st := inc.state(); worse(st, res.Status) {
			res = status.Result{Status: st, Reason: quote(inc.Title, inc.Type)}
		}
	}
	switch {
	case res.Status != status.Up:
		return res
	case len(missing) > 0:
		return status.Result{Status: status.Unknown, Reason: "no Slack service named " + strings.Join(missing, ", ") +
			` (Slack's services are named like "Messaging", "Huddles", "Login/SSO")`}
	case cur.Status != "ok" && cur.Status != "active":
		return status.Result{Status: status.Unknown, Reason: "status page reports an unknown state " + quoted(cur.Status)}
	}
	return res
}

func (i slackIncident) touches(names []string) bool {
	for _, n := range names {
		if i.affects(n) {
			return true
		}
	}
	return false
}

// knows reports whether name is a Slack service: one Slack documents, or one an
// incident in the answer names.
func (cur *slackCurrent) knows(name string) bool {
	for _, s := range slackServices {
		if sameName(s, name) {
			return true
		}
	}
	for _, inc := range cur.ActiveIncidents {
		if inc.affects(name) {
			return true
		}
	}
	return false
}
