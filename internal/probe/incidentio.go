package probe

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/web"
)

// incidentioProbe reads an incident.io status page through its Widget API,
// GET <page>/api/v1/summary (https://docs.incident.io/status-pages/widget-api): the
// page's ongoing incidents, the maintenances in progress and those scheduled, each with
// the components it affects. The shape is the one the page's own widget serves and
// public clients read (PostHog, www.posthogstatus.com; Replicate,
// www.replicatestatus.com): see testdata/incidentio/SOURCES.md.
//
// The page's owner switches the Widget API on. A page without it answers 404; every
// incident.io page also serves a Statuspage-compatible /api/v2/summary.json (read by
// public clients of status.clio.com and of the incident.io pages in
// github.com/PedroTroller/statuswatch), which is then read as a statuspage page is.
//
// The Widget API lists only the components an event affects, never all of the page's:
// a named component no ongoing event affects is up (a misspelt name cannot be told
// from a healthy one), and an incident that names no component affects them all, as
// the page shows it.
type incidentioProbe struct {
	client *http.Client
}

type ioSummary struct {
	OngoingIncidents       *[]ioEvent `json:"ongoing_incidents"`
	InProgressMaintenances []ioEvent  `json:"in_progress_maintenances"`
	// ScheduledMaintenances have not started: they are read, never counted.
	ScheduledMaintenances []ioEvent `json:"scheduled_maintenances"`
}

// ioEvent is an incident (status investigating, identified, monitoring, resolved) or
// a maintenance (maintenance_scheduled, maintenance_in_progress, maintenance_complete).
type ioEvent struct {
	Name               string        `json:"name"`
	Status             string        `json:"status"`
	CurrentWorstImpact string        `json:"current_worst_impact"`
	AffectedComponents []ioComponent `json:"affected_components"`
}

type ioComponent struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	GroupName     string `json:"group_name"`
	CurrentStatus string `json:"current_status"`
}

// ioStates are incident.io's component states and incident impacts.
var ioStates = map[string]status.Status{
	"operational":          status.Up,
	"degraded_performance": status.Degraded,
	"partial_outage":       status.Down,
	"full_outage":          status.Down,
}

func (p *incidentioProbe) check(ctx context.Context, svc config.Service) status.Result {
	start := time.Now()
	reader := pageReader(p.client, start)
	var s ioSummary
	if err := reader.GetJSON(ctx, ioBase(svc.Target)+"/api/v1/summary", nil, &s); err != nil {
		if httpStatus(err) == http.StatusNotFound {
			return p.compatible(ctx, reader, svc, start)
		}
		return unreadable(start, err)
	}
	if s.OngoingIncidents == nil {
		return unknown(start, "status page answered in an unexpected shape (no ongoing_incidents)")
	}
	res := s.judge(svc.Components)
	res.Latency = time.Since(start)
	return res
}

// compatible reads the page's Statuspage-compatible summary, for a page whose Widget
// API is off, and judges it as the statuspage kind does.
func (p *incidentioProbe) compatible(ctx context.Context, reader web.Client, svc config.Service, start time.Time) status.Result {
	var s spSummary
	if err := reader.GetJSON(ctx, ioBase(svc.Target)+"/api/v2/summary.json", nil, &s); err != nil {
		if httpStatus(err) == http.StatusNotFound {
			return unknown(start, err.Error()+" (neither incident.io's widget API nor /api/v2/summary.json: is it an incident.io page?)")
		}
		return unreadable(start, err)
	}
	return s.judge(svc, start)
}

// ioBase is the page's address without the API path the user may have given
// (".../api/v1/summary", ".../api/v2/summary.json").
func ioBase(target string) string {
	base := strings.TrimRight(strings.SplitN(target, "?", 2)[0], "/")
	for _, api := range []string{"/api/v1/summary", "/api/v2/summary.json"} {
		base = strings.TrimSuffix(base, api)
	}
	return base
}

// judge reads the ongoing incidents (the worst decides, its name and status are the
// reason), then the maintenances in progress. With names, only the events that affect
// a named component count.
func (s *ioSummary) judge(names []string) status.Result {
	res := status.Result{Status: status.Up}
	for _, inc := range *s.OngoingIncidents {
		if inc.Status == "resolved" {
			continue
		}
		if st, ok := inc.state(names); ok && worse(st, res.Status) {
			res = status.Result{Status: st, Reason: quote(inc.Name, inc.Status)}
		}
	}
	if res.Status != status.Up {
		return res
	}
	for _, m := range s.InProgressMaintenances {
		if m.Status != "" && m.Status != "maintenance_in_progress" {
			continue
		}
		if len(names) == 0 || len(m.AffectedComponents) == 0 || m.touches(names) {
			return status.Result{Status: status.Degraded, Reason: maintenance + " — " + sanitize.Text(m.Name)}
		}
	}
	return res
}

// impact is how bad the incident is as a whole: an ongoing incident whose impact is
// missing or not one incident.io documents is still trouble.
func (e ioEvent) impact() status.Status {
	if st, ok := ioStates[e.CurrentWorstImpact]; ok && st != status.Up {
		return st
	}
	return status.Degraded
}

// state is what the incident means for the named components (for the page, with no
// names); ok is false when it touches none of them. An affected component is read by
// its own current status; one that is operational again is up.
func (e ioEvent) state(names []string) (st status.Status, ok bool) {
	if len(names) == 0 || len(e.AffectedComponents) == 0 {
		return e.impact(), true
	}
	st = status.Unknown
	for _, c := range e.AffectedComponents {
		if !c.named(names) {
			continue
		}
		cs, known := ioStates[c.CurrentStatus]
		if !known {
			cs = e.impact()
		}
		st, ok = status.Worst(st, cs), true
	}
	return st, ok
}

func (e ioEvent) touches(names []string) bool {
	for _, c := range e.AffectedComponents {
		if c.named(names) {
			return true
		}
	}
	return false
}

// named reports whether one of names means c: its name, its group's name (a group
// stands for its components) or "group/name".
func (c ioComponent) named(names []string) bool {
	for _, n := range names {
		if sameName(n, c.Name) || (c.GroupName != "" && sameName(n, c.GroupName)) || inGroup(n, c.GroupName, c.Name) {
			return true
		}
	}
	return false
}

// inGroup reports whether path is "group/name", trying each "/" in turn (names may
// hold "/" themselves).
func inGroup(path, group, name string) bool {
	if group == "" {
		return false
	}
	for i := strings.IndexByte(path, '/'); i >= 0; {
		if sameName(path[:i], group) && sameName(path[i+1:], name) {
			return true
		}
		next := strings.IndexByte(path[i+1:], '/')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}
