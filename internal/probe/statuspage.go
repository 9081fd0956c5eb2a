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

// statuspageProbe reads an Atlassian Statuspage page's /api/v2/summary.json.
//
// The page's own state is status.indicator: a component under maintenance somewhere on
// a page of hundreds is the vendor's routine, not trouble for the service; with
// components set, only the named ones count (a group stands for its children).
type statuspageProbe struct {
	client *http.Client
}

type spSummary struct {
	Page                  *struct{ Name string } `json:"page"`
	Status                *spStatus              `json:"status"`
	Components            []spComponent          `json:"components"`
	Incidents             []spIncident           `json:"incidents"`
	ScheduledMaintenances []spIncident           `json:"scheduled_maintenances"`
}

type spStatus struct {
	Indicator   string `json:"indicator"`
	Description string `json:"description"`
}

// spComponent is a component, or a component group ("group": true, its children's ids
// in "components"; each child names it in "group_id").
type spComponent struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Status     string   `json:"status"`
	GroupID    string   `json:"group_id"`
	Group      bool     `json:"group"`
	Components []string `json:"components"`
}

// spIncident is an incident or a scheduled maintenance.
type spIncident struct {
	Name       string        `json:"name"`
	Status     string        `json:"status"`
	Impact     string        `json:"impact"`
	Components []spComponent `json:"components"`
}

func (i spIncident) open() bool {
	switch i.Status {
	case "resolved", "postmortem", "completed", "scheduled":
		return false
	}
	return true
}

// affects reports whether the incident names the component: by id where both have one
// (two components may share a name in different groups), else by name.
func (i spIncident) affects(c pageComponent) bool {
	for _, ic := range i.Components {
		if c.id != "" && ic.ID != "" {
			if ic.ID == c.id {
				return true
			}
		} else if sameName(ic.Name, c.name) {
			return true
		}
	}
	return false
}

var spIndicators = map[string]status.Status{
	"none":        status.Up,
	"minor":       status.Degraded,
	"major":       status.Down,
	"critical":    status.Down,
	"maintenance": status.Degraded,
}

var spComponentStates = map[string]status.Status{
	"operational":          status.Up,
	"degraded_performance": status.Degraded,
	"partial_outage":       status.Down,
	"major_outage":         status.Down,
	"under_maintenance":    status.Degraded,
}

func (p *statuspageProbe) check(ctx context.Context, svc config.Service) status.Result {
	start := time.Now()
	var s spSummary
	if err := pageReader(p.client, start).GetJSON(ctx, pageURL(svc.Target, "/api/v2/summary.json"), nil, &s); err != nil {
		return unreadable(start, err)
	}
	return s.judge(svc, start)
}

// judge is the verdict on a summary.json page: the named components, or the page's
// indicator (also for incident.io pages, which serve the same shape).
func (s spSummary) judge(svc config.Service, start time.Time) status.Result {
	if s.Status == nil || s.Status.Indicator == "" {
		return unknown(start, "status page answered in an unexpected shape (no status.indicator)")
	}
	var res status.Result
	if len(svc.Components) > 0 {
		res = s.judgeComponents(svc.Components)
	} else {
		res = s.judgePage()
	}
	res.Latency = time.Since(start)
	return res
}

// judgePage reads the page's overall indicator.
func (s *spSummary) judgePage() status.Result {
	st, ok := spIndicators[s.Status.Indicator]
	if !ok {
		return status.Result{Status: status.Unknown, Reason: "status page reports an unknown state " + quoted(s.Status.Indicator)}
	}
	res := status.Result{Status: st}
	if st == status.Up {
		return res
	}
	for _, inc := range s.Incidents {
		if inc.open() {
			res.Reason = quote(inc.Name, inc.Status)
			return res
		}
	}
	if s.Status.Indicator == "maintenance" {
		res.Reason = s.maintenanceReason(nil)
		return res
	}
	res.Reason = sanitize.Text(s.Status.Description)
	if res.Reason == "" {
		res.Reason = s.Status.Indicator
	}
	return res
}

// judgeComponents reads only the named components: the worst of them decides.
func (s *spSummary) judgeComponents(names []string) status.Result {
	ix := indexComponents(s.components())
	worst, i, fail := ix.worstNamed(names, spComponentStates)
	if fail != nil {
		return *fail
	}
	res := status.Result{Status: worst}
	if worst == status.Up {
		return res
	}
	culprit := ix.list[i]
	for _, inc := range s.Incidents {
		if inc.open() && inc.affects(culprit) {
			res.Reason = quote(inc.Name, inc.Status)
			return res
		}
	}
	if culprit.state == "under_maintenance" {
		res.Reason = s.maintenanceReason(&culprit)
		return res
	}
	res.Reason = sanitize.Text(ix.label(i)) + ": " + strings.ReplaceAll(culprit.state, "_", " ") // a known state
	return res
}

// components lists the page's components for the index. A child the page lists only
// in its group's "components" (no group_id of its own) is put in that group too.
func (s *spSummary) components() []pageComponent {
	list := make([]pageComponent, len(s.Components))
	at := make(map[string]int, len(s.Components))
	for i, c := range s.Components {
		list[i] = pageComponent{id: c.ID, name: c.Name, state: c.Status, group: c.GroupID, isGroup: c.Group}
		if c.ID != "" {
			at[c.ID] = i
		}
	}
	for _, c := range s.Components {
		if !c.Group || c.ID == "" {
			continue
		}
		for _, child := range c.Components {
			if k, ok := at[child]; ok && list[k].group == "" && k != at[c.ID] {
				list[k].group = c.ID
			}
		}
	}
	return list
}

// maintenanceReason is "maintenance", with the vendor's name for the maintenance
// under way when there is one (about component c, when c is given).
func (s *spSummary) maintenanceReason(c *pageComponent) string {
	for _, m := range s.ScheduledMaintenances {
		if m.Status != "in_progress" && m.Status != "verifying" {
			continue
		}
		if c == nil || len(m.Components) == 0 || m.affects(*c) {
			return maintenance + " — " + sanitize.Text(m.Name)
		}
	}
	return maintenance
}
