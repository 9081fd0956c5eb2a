package probe

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
)

// instatusProbe reads an Instatus page's /summary.json; with components set, their
// states from the summary or, where the summary lists none, /v2/components.json.
type instatusProbe struct {
	client *http.Client
}

type isSummary struct {
	Page *struct {
		Name   string `json:"name"`
		Status string `json:"status"`
	} `json:"page"`
	ActiveIncidents    []isEvent     `json:"activeIncidents"`
	ActiveMaintenances []isEvent     `json:"activeMaintenances"`
	Components         []isComponent `json:"components"`
}

// isEvent is an active incident or maintenance.
type isEvent struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	Impact string `json:"impact"`
}

type isComponent struct {
	Name     string        `json:"name"`
	Status   string        `json:"status"`
	Children []isComponent `json:"children"`
}

var isComponentStates = map[string]status.Status{
	"OPERATIONAL":         status.Up,
	"DEGRADEDPERFORMANCE": status.Degraded,
	"MINOROUTAGE":         status.Degraded, // in Instatus' components API
	"PARTIALOUTAGE":       status.Down,
	"MAJOROUTAGE":         status.Down,
	"UNDERMAINTENANCE":    status.Degraded,
}

func (p *instatusProbe) check(ctx context.Context, svc config.Service) status.Result {
	start := time.Now()
	var s isSummary
	if fail := fetchJSON(ctx, p.client, pageURL(svc.Target, "/summary.json"), &s, start); fail != nil {
		return *fail
	}
	if s.Page == nil || s.Page.Status == "" {
		return unknown(start, "status page answered in an unexpected shape (no page.status)")
	}
	var res status.Result
	if len(svc.Components) > 0 {
		comps := s.Components
		if len(comps) == 0 {
			var list struct {
				Components []isComponent `json:"components"`
			}
			base := strings.TrimSuffix(strings.TrimRight(svc.Target, "/"), "/summary.json")
			if fail := fetchJSON(ctx, p.client, base+"/v2/components.json", &list, start); fail != nil {
				return *fail
			}
			comps = list.Components
		}
		res = s.judgeComponents(flatten(comps), svc.Components)
	} else {
		res = s.judgePage()
	}
	res.Latency = time.Since(start)
	return res
}

func (s *isSummary) judgePage() status.Result {
	switch s.Page.Status {
	case "UP":
		return status.Result{Status: status.Up}
	case "UNDERMAINTENANCE":
		return status.Result{Status: status.Degraded, Reason: s.maintenanceReason()}
	case "HASISSUES":
		// The impact of the active incidents says how bad: an outage is Down.
		st := status.Degraded
		for _, inc := range s.ActiveIncidents {
			if isComponentStates[inc.Impact] == status.Down {
				st = status.Down
			}
		}
		if len(s.ActiveIncidents) > 0 {
			inc := s.ActiveIncidents[0]
			return status.Result{Status: st, Reason: quote(inc.Name, inc.Status)}
		}
		return status.Result{Status: st, Reason: "the status page reports issues"}
	}
	return status.Result{Status: status.Unknown, Reason: "status page reports an unknown state " + quoted(s.Page.Status)}
}

func (s *isSummary) judgeComponents(comps []isComponent, names []string) status.Result {
	if len(comps) == 0 {
		return status.Result{Status: status.Unknown, Reason: "status page lists no components"}
	}
	worst, culprit, fail := worstNamed(comps, names, isComponentStates,
		func(c *isComponent) (string, string) { return c.Name, c.Status })
	if fail != nil {
		return *fail
	}
	res := status.Result{Status: worst}
	switch {
	case worst == status.Up:
	case culprit.Status == "UNDERMAINTENANCE":
		res.Reason = s.maintenanceReason()
	case len(s.ActiveIncidents) > 0:
		// The summary does not say which components an incident touches.
		res.Reason = quote(s.ActiveIncidents[0].Name, s.ActiveIncidents[0].Status)
	default:
		res.Reason = sanitize.Text(culprit.Name) + ": " + isWords[culprit.Status]
	}
	return res
}

var isWords = map[string]string{
	"DEGRADEDPERFORMANCE": "degraded performance",
	"PARTIALOUTAGE":       "partial outage",
	"MAJOROUTAGE":         "major outage",
}

func (s *isSummary) maintenanceReason() string {
	if len(s.ActiveMaintenances) > 0 {
		return maintenance + " — " + sanitize.Text(s.ActiveMaintenances[0].Name)
	}
	return maintenance
}

// flatten lists components with their children (component groups), into one slice:
// returning a slice per level would copy a component once per level above it, and a
// page may nest them thousands deep.
func flatten(comps []isComponent) []isComponent {
	var out []isComponent
	var walk func([]isComponent)
	walk = func(cs []isComponent) {
		for _, c := range cs {
			out = append(out, c)
			walk(c.Children)
		}
	}
	walk(comps)
	return out
}
