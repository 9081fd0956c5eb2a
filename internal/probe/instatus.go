package probe

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/web"
)

// instatusProbe reads an Instatus page's public /summary.json (the page's state, its
// active incidents and maintenances) and, with components set, /v3/components.json:
// the public summary lists no components. The components list is flat, each component
// naming its group ({id, name}) or null.
type instatusProbe struct {
	client *http.Client
}

type isSummary struct {
	Page *struct {
		Name   string `json:"name"`
		Status string `json:"status"`
	} `json:"page"`
	ActiveIncidents    []isEvent `json:"activeIncidents"`
	ActiveMaintenances []isEvent `json:"activeMaintenances"`
}

// isEvent is an active incident or maintenance.
type isEvent struct {
	Name   string `json:"name"`
	Status string `json:"status"` // a maintenance: NOTSTARTEDYET, INPROGRESS, COMPLETED
	Impact string `json:"impact"`
}

// isComponents is /v3/components.json: {"components": [...]}, or a bare list.
type isComponents struct {
	Components []isComponent `json:"components"`
}

type isComponent struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
	Group  *struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"group"`
	IsParent bool `json:"isParent"`
	// Children are read where a page nests components instead of naming the group.
	Children []isComponent `json:"children"`
	parent   string        // the id of the component whose Children held this one
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
	page := pageReader(p.client, start)
	var s isSummary
	if err := page.GetJSON(ctx, pageURL(svc.Target, "/summary.json"), nil, &s); err != nil {
		return unreadable(start, err)
	}
	if s.Page == nil || s.Page.Status == "" {
		return unknown(start, "status page answered in an unexpected shape (no page.status)")
	}
	var res status.Result
	if len(svc.Components) > 0 {
		comps, err := readInstatusComponents(ctx, page, svc.Target)
		if err != nil {
			return unreadable(start, err)
		}
		res = s.judgeComponents(comps, svc.Components)
	} else {
		res = s.judgePage()
	}
	res.Latency = time.Since(start)
	return res
}

// instatusBase is the page's address without the API file the user may have given
// (".../summary.json", ".../v2/summary.json").
func instatusBase(target string) string {
	base := strings.TrimRight(strings.SplitN(target, "?", 2)[0], "/")
	base = strings.TrimSuffix(base, "/summary.json")
	for _, v := range []string{"/v1", "/v2", "/v3"} {
		base = strings.TrimSuffix(base, v)
	}
	return base
}

func (s *isSummary) judgePage() status.Result {
	switch s.Page.Status {
	case "UP":
		return status.Result{Status: status.Up}
	case "UNDERMAINTENANCE":
		// A window that has not started yet does not make the page amber.
		if s.onlyUpcoming() {
			return status.Result{Status: status.Up}
		}
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
	ix := indexComponents(instatusComponents(comps))
	worst, i, fail := ix.worstNamed(names, isComponentStates)
	if fail != nil {
		return *fail
	}
	culprit := ix.list[i]
	res := status.Result{Status: worst}
	switch {
	case worst == status.Up:
	case culprit.state == "UNDERMAINTENANCE":
		res.Reason = s.maintenanceReason()
	case len(s.ActiveIncidents) > 0:
		// The summary does not say which components an incident touches.
		res.Reason = quote(s.ActiveIncidents[0].Name, s.ActiveIncidents[0].Status)
	default:
		res.Reason = sanitize.Text(ix.label(i)) + ": " + isWords[culprit.state]
	}
	return res
}

var isWords = map[string]string{
	"DEGRADEDPERFORMANCE": "degraded performance",
	"MINOROUTAGE":         "minor outage",
	"PARTIALOUTAGE":       "partial outage",
	"MAJOROUTAGE":         "major outage",
}

// inProgress is the maintenance under way, if one is.
func (s *isSummary) inProgress() *isEvent {
	for i := range s.ActiveMaintenances {
		if s.ActiveMaintenances[i].Status == "INPROGRESS" {
			return &s.ActiveMaintenances[i]
		}
	}
	return nil
}

// onlyUpcoming reports whether every active maintenance is one that has not started
// (or has ended): what the page calls maintenance is then only announced.
func (s *isSummary) onlyUpcoming() bool {
	for _, m := range s.ActiveMaintenances {
		if m.Status != "NOTSTARTEDYET" && m.Status != "COMPLETED" {
			return false
		}
	}
	return len(s.ActiveMaintenances) > 0
}

// maintenanceReason names the maintenance under way; one that has not started yet is
// not the reason for anything.
func (s *isSummary) maintenanceReason() string {
	if m := s.inProgress(); m != nil {
		return maintenance + " — " + sanitize.Text(m.Name)
	}
	for _, m := range s.ActiveMaintenances {
		if m.Status != "NOTSTARTEDYET" && m.Status != "COMPLETED" {
			return maintenance + " — " + sanitize.Text(m.Name)
		}
	}
	return maintenance
}

// instatusComponents lists the components for the index. A group is a component its
// children name (or one that held them as children); a group only named by its
// children, not listed itself, is added so that its name can be written.
func instatusComponents(comps []isComponent) []pageComponent {
	list := make([]pageComponent, 0, len(comps))
	listed := make(map[string]bool, len(comps))
	for _, c := range comps {
		if c.ID != "" {
			listed[c.ID] = true
		}
	}
	groups := map[string]bool{}
	for _, c := range comps {
		pc := pageComponent{id: c.ID, name: c.Name, state: c.Status, group: c.parent, isGroup: c.IsParent || len(c.Children) > 0}
		if c.Group != nil && c.Group.ID != "" {
			pc.group = c.Group.ID
			if !listed[c.Group.ID] && !groups[c.Group.ID] {
				list = append(list, pageComponent{id: c.Group.ID, name: c.Group.Name, isGroup: true})
			}
			groups[c.Group.ID] = true
		}
		list = append(list, pc)
	}
	return list
}

// flatten lists components with their children (nested groups) in one slice, each
// child knowing its parent: returning a slice per level would copy a component once
// per level above it, and a page may nest them thousands deep.
// readInstatusComponents reads the page's /v3/components.json (an object holding the
// list, or the bare list) and flattens any nesting.
func readInstatusComponents(ctx context.Context, page web.Client, target string) ([]isComponent, error) {
	body, err := page.Get(ctx, instatusBase(target)+"/v3/components.json", http.Header{"Accept": {web.AcceptJSON}})
	if err != nil {
		return nil, err
	}
	var list isComponents
	if trimmed := bytes.TrimSpace(body); len(trimmed) > 0 && trimmed[0] == '[' {
		err = page.DecodeJSON(trimmed, &list.Components)
	} else {
		err = page.DecodeJSON(body, &list)
	}
	if err != nil {
		return nil, err
	}
	return flatten(list.Components), nil
}

func flatten(comps []isComponent) []isComponent {
	var out []isComponent
	var walk func([]isComponent, string)
	walk = func(cs []isComponent, parent string) {
		for _, c := range cs {
			if c.parent == "" {
				c.parent = parent
			}
			out = append(out, c)
			walk(c.Children, c.ID)
		}
	}
	walk(comps, "")
	return out
}
