package probe

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
)

// statusioAPI is Status.io's Public Status API; a page's id follows it.
const statusioAPI = "https://api.status.io/1.0/status/"

// statusioProbe reads a Status.io page's Public Status API,
// GET https://api.status.io/1.0/status/<page id>
// (https://kb.status.io/developers/public-status-api): result.status_overall (a
// status code), result.status (the components, each with its containers — the
// locations it runs in — and their codes), result.incidents (open incidents, each with
// its messages and the components and containers it affects) and result.maintenance
// (active and upcoming). See testdata/statusio/SOURCES.md.
//
// Codes: 100 Operational, 200 Planned Maintenance, 300 Degraded Performance,
// 400 Partial Service Disruption, 500 Service Disruption, 600 Security Event. A
// partial disruption is Down, as a partial outage is on the other page kinds; a
// security event is Degraded: it says something happened, not that the service is
// unavailable. Upcoming maintenance does not count.
type statusioProbe struct {
	client *http.Client
	now    func() time.Time // nil means time.Now
}

type sioStatus struct {
	Result *struct {
		StatusOverall *struct {
			Status     string `json:"status"`
			StatusCode int    `json:"status_code"`
		} `json:"status_overall"`
		Status    []sioComponent `json:"status"`
		Incidents []sioEvent     `json:"incidents"`
		// Maintenance is {"active": [...], "upcoming": [...]}; read as it comes, as a
		// page with none may write it otherwise.
		Maintenance json.RawMessage `json:"maintenance"`
	} `json:"result"`
}

type sioComponent struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Status     string `json:"status"`
	StatusCode int    `json:"status_code"`
	Containers []struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		Status     string `json:"status"`
		StatusCode int    `json:"status_code"`
	} `json:"containers"`
}

// sioEvent is an incident or a maintenance.
type sioEvent struct {
	ID       string `json:"_id"`
	Name     string `json:"name"`
	Messages []struct {
		Datetime string `json:"datetime"`
		State    int    `json:"state"`  // 100 Investigating, 200 Identified, 300 Monitoring
		Status   int    `json:"status"` // a status code
	} `json:"messages"`
	ComponentsAffected []sioRef `json:"components_affected"`
	ContainersAffected []sioRef `json:"containers_affected"`
	PlannedStart       string   `json:"datetime_planned_start"`
	PlannedEnd         string   `json:"datetime_planned_end"`
}

type sioRef struct {
	ID   string `json:"_id"`
	Name string `json:"name"`
}

type sioMaintenance struct {
	Active   []sioEvent `json:"active"`
	Upcoming []sioEvent `json:"upcoming"`
}

var sioCodes = map[int]status.Status{
	100: status.Up,
	200: status.Degraded,
	300: status.Degraded,
	400: status.Down,
	500: status.Down,
	600: status.Degraded,
}

// sioWords are the codes' names, for a component with no status text of its own.
var sioWords = map[int]string{
	100: "operational",
	200: "planned maintenance",
	300: "degraded performance",
	400: "partial service disruption",
	500: "service disruption",
	600: "security event",
}

var sioStates = map[int]string{100: "investigating", 200: "identified", 300: "monitoring"}

// sioPageID is a Status.io page id: 24 hexadecimal digits.
var sioPageID = regexp.MustCompile(`^[0-9a-fA-F]{24}$`)

// statusioURL is the API address for a target: a page id, the API address itself, or
// a hosted page's address holding its id (https://status.example.com/pages/<id>).
func statusioURL(target string) (string, bool) {
	target = strings.TrimSpace(target)
	if sioPageID.MatchString(target) {
		return statusioAPI + target, true
	}
	if strings.Contains(target, "/1.0/status/") {
		return target, true
	}
	path := strings.SplitN(strings.SplitN(target, "?", 2)[0], "#", 2)[0]
	parts := strings.Split(path, "/")
	for i, part := range parts {
		if part == "pages" && i+1 < len(parts) && sioPageID.MatchString(parts[i+1]) {
			return statusioAPI + parts[i+1], true
		}
	}
	return "", false
}

func (p *statusioProbe) check(ctx context.Context, svc config.Service) status.Result {
	start := time.Now()
	url, ok := statusioURL(svc.Target)
	if !ok {
		return unknown(start, "address is not a Status.io page id or "+statusioAPI+"<page id>")
	}
	reader := pageReader(p.client, start)
	var s sioStatus
	if err := reader.GetJSON(ctx, url, nil, &s); err != nil {
		return unreadable(start, err)
	}
	if s.Result == nil || s.Result.StatusOverall == nil || s.Result.StatusOverall.StatusCode == 0 {
		return unknown(start, "status page answered in an unexpected shape (no result.status_overall)")
	}
	var m sioMaintenance
	if raw := bytes.TrimSpace(s.Result.Maintenance); len(raw) > 0 && raw[0] == '{' {
		if err := reader.DecodeJSON(raw, &m); err != nil {
			return unreadable(start, err)
		}
	}
	page := sioPage{sioStatus: &s, maintenance: m, now: clock(p.now)}
	var res status.Result
	if len(svc.Components) > 0 {
		res = page.judgeComponents(svc.Components)
	} else {
		res = page.judgePage()
	}
	res.Latency = time.Since(start)
	return res
}

type sioPage struct {
	*sioStatus
	maintenance sioMaintenance
	now         time.Time
}

func (p sioPage) judgePage() status.Result {
	overall := p.Result.StatusOverall
	st, ok := sioCodes[overall.StatusCode]
	switch {
	case !ok:
		return status.Result{Status: status.Unknown, Reason: "status page reports an unknown state " + quoted(strconv.Itoa(overall.StatusCode))}
	case st == status.Up:
		return status.Result{Status: status.Up}
	case overall.StatusCode == 200:
		if len(p.maintenance.Active) == 0 && p.onlyUpcoming() {
			return status.Result{Status: status.Up}
		}
		return status.Result{Status: status.Degraded, Reason: p.maintenanceReason("", "")}
	}
	if inc := p.worstIncident("", ""); inc != nil {
		return status.Result{Status: st, Reason: inc.reason()}
	}
	reason := strings.ToLower(sanitize.Text(overall.Status))
	if reason == "" {
		reason = sioWords[overall.StatusCode]
	}
	return status.Result{Status: st, Reason: reason}
}

// onlyUpcoming reports whether every maintenance the page lists is still ahead: a
// page that says "Planned Maintenance" about a window that has not started is up.
func (p sioPage) onlyUpcoming() bool {
	if len(p.maintenance.Upcoming) == 0 {
		return false
	}
	for _, m := range p.maintenance.Upcoming {
		start, ok := vendorTime(m.PlannedStart)
		if !ok || !start.After(p.now) {
			return false
		}
	}
	return true
}

// latest is the event's newest message.
func (e sioEvent) latest() (state, code int) {
	var newest time.Time
	for i, m := range e.Messages {
		t, _ := vendorTime(m.Datetime)
		if i == 0 || t.After(newest) {
			newest, state, code = t, m.State, m.Status
		}
	}
	return state, code
}

func (e sioEvent) reason() string {
	state, _ := e.latest()
	return quote(e.Name, sioStates[state])
}

// affects reports whether the event names the component (and the container, when one
// is given). An event that names no component is about the whole page.
func (e sioEvent) affects(componentID, containerID string) bool {
	if componentID == "" || len(e.ComponentsAffected) == 0 {
		return true
	}
	in := func(refs []sioRef, id string) bool {
		for _, r := range refs {
			if r.ID == id {
				return true
			}
		}
		return false
	}
	if !in(e.ComponentsAffected, componentID) {
		return false
	}
	return containerID == "" || len(e.ContainersAffected) == 0 || in(e.ContainersAffected, containerID)
}

// worstIncident is the open incident whose newest message carries the worst code
// (about the component and container, when given).
func (p sioPage) worstIncident(componentID, containerID string) *sioEvent {
	var worst *sioEvent
	worstCode := -1
	for i := range p.Result.Incidents {
		inc := &p.Result.Incidents[i]
		if !inc.affects(componentID, containerID) {
			continue
		}
		if _, code := inc.latest(); code > worstCode {
			worst, worstCode = inc, code
		}
	}
	return worst
}

func (p sioPage) maintenanceReason(componentID, containerID string) string {
	for _, m := range p.maintenance.Active {
		if m.affects(componentID, containerID) {
			return maintenance + " — " + sanitize.Text(m.Name)
		}
	}
	return maintenance
}

// components lists the page's components, each followed by its containers (the
// locations it runs in), for judging and for the component picker.
func (s *sioStatus) components() []pageComponent {
	var list []pageComponent
	for _, c := range s.Result.Status {
		id := "component " + c.ID
		list = append(list, pageComponent{id: id, name: c.Name, state: strconv.Itoa(c.StatusCode), isGroup: len(c.Containers) > 0})
		for _, k := range c.Containers {
			// A container (a location) belongs to several components: its id is made
			// unique per component.
			list = append(list, pageComponent{id: id + "/" + k.ID, name: k.Name, state: strconv.Itoa(k.StatusCode), group: id})
		}
	}
	return list
}

// judgeComponents reads only the named components: a component stands for its
// containers, "component/container" for one of them; the worst decides.
func (p sioPage) judgeComponents(names []string) status.Result {
	list := p.components()
	states := make(map[string]status.Status, len(sioCodes))
	for code, st := range sioCodes {
		states[strconv.Itoa(code)] = st
	}
	ix := indexComponents(list)
	worst, i, fail := ix.worstNamed(names, states)
	if fail != nil {
		return *fail
	}
	res := status.Result{Status: worst}
	if worst == status.Up {
		return res
	}
	culprit := ix.list[i]
	componentID, containerID, _ := strings.Cut(strings.TrimPrefix(culprit.id, "component "), "/")
	code, _ := strconv.Atoi(culprit.state)
	if code == 200 {
		res.Reason = p.maintenanceReason(componentID, containerID)
		return res
	}
	if inc := p.worstIncident(componentID, containerID); inc != nil {
		res.Reason = inc.reason()
		return res
	}
	res.Reason = sanitize.Text(ix.label(i)) + ": " + sioWords[code]
	return res
}
