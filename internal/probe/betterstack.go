package probe

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/web"
)

// betterstackProbe reads a Better Stack (Better Uptime) status page's public JSON,
// GET <page>/index.json
// (https://betterstack.com/docs/uptime/status-pages/subscribing-to-status-updates/subscribing-to-api):
// a JSON:API document whose data.attributes.aggregate_state is the page's state
// (operational, degraded, downtime, maintenance) and whose "included" list holds the
// page's sections (status_page_section), resources (status_page_resource: the
// components, each naming its section) and status reports (status_report: incidents
// and maintenances, each with its affected resources). See
// testdata/betterstack/SOURCES.md.
//
// A maintenance report whose window has not started is only announced: when every
// maintenance report on a page that says "maintenance" is still ahead, the page is up.
//
// index.json also carries the page's uptime history (so says the documentation), which
// grows with the number of resources: it is read up to bsLimit, not 1 MiB.
type betterstackProbe struct {
	client *http.Client
	now    func() time.Time // nil means time.Now
}

type bsIndex struct {
	Data *struct {
		Attributes struct {
			AggregateState string `json:"aggregate_state"`
		} `json:"attributes"`
	} `json:"data"`
	// Included entities are decoded by their type: a type this reader does not know
	// may use the same attribute names for other things.
	Included []struct {
		ID         flexID          `json:"id"`
		Type       string          `json:"type"`
		Attributes json.RawMessage `json:"attributes"`
	} `json:"included"`
}

type bsSection struct {
	id   string
	Name string `json:"name"`
}

type bsResource struct {
	id         string
	PublicName string `json:"public_name"`
	SectionID  flexID `json:"status_page_section_id"`
	Status     string `json:"status"`
}

type bsReport struct {
	Title             string `json:"title"`
	ReportType        string `json:"report_type"` // manual, automatic, maintenance
	StartsAt          string `json:"starts_at"`
	EndsAt            string `json:"ends_at"`
	AggregateState    string `json:"aggregate_state"`
	AffectedResources []struct {
		ResourceID flexID `json:"status_page_resource_id"`
		Status     string `json:"status"`
	} `json:"affected_resources"`
	start time.Time
}

// bsPage is the index read into its parts.
type bsPage struct {
	state     string
	sections  []bsSection
	resources []bsResource
	reports   []bsReport
}

// bsStates are Better Stack's page, resource and report states. A resource that is
// not_monitored has no state the page knows.
var bsStates = map[string]status.Status{
	"operational":   status.Up,
	"degraded":      status.Degraded,
	"downtime":      status.Down,
	"maintenance":   status.Degraded,
	"not_monitored": status.Unknown,
	"":              status.Unknown, // a resource without a state (null)
}

// bsLimit is the most of an index.json read.
const bsLimit = 4 << 20

func (p *betterstackProbe) check(ctx context.Context, svc config.Service) status.Result {
	start := time.Now()
	reader := pageReader(p.client, start)
	reader.Limit = bsLimit
	var idx bsIndex
	if err := reader.GetJSON(ctx, apiURL(svc.Target, "/index.json"), nil, &idx); err != nil {
		return unreadable(start, err)
	}
	if idx.Data == nil || idx.Data.Attributes.AggregateState == "" {
		return unknown(start, "status page answered in an unexpected shape (no data.attributes.aggregate_state)")
	}
	page, err := idx.read(reader)
	if err != nil {
		return unreadable(start, err)
	}
	now := clock(p.now)
	var res status.Result
	if len(svc.Components) > 0 {
		res = page.judgeComponents(svc.Components, now)
	} else {
		res = page.judgePage(now)
	}
	res.Latency = time.Since(start)
	return res
}

// read sorts the included entities by type, decoding each type's attributes; the
// reports come newest first.
func (idx *bsIndex) read(reader web.Client) (*bsPage, error) {
	page := &bsPage{state: idx.Data.Attributes.AggregateState}
	for _, inc := range idx.Included {
		var err error
		switch inc.Type {
		case "status_page_section":
			s := bsSection{id: string(inc.ID)}
			err = decodeAttributes(reader, inc.Attributes, &s)
			page.sections = append(page.sections, s)
		case "status_page_resource":
			r := bsResource{id: string(inc.ID)}
			err = decodeAttributes(reader, inc.Attributes, &r)
			page.resources = append(page.resources, r)
		case "status_report":
			var r bsReport
			err = decodeAttributes(reader, inc.Attributes, &r)
			r.start, _ = vendorTime(r.StartsAt)
			page.reports = append(page.reports, r)
		}
		if err != nil {
			return nil, err
		}
	}
	sort.SliceStable(page.reports, func(i, j int) bool { return page.reports[i].start.After(page.reports[j].start) })
	return page, nil
}

func decodeAttributes(reader web.Client, raw json.RawMessage, v any) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	return reader.DecodeJSON(raw, v)
}

// open reports whether the report is trouble at now: not resolved, started, not ended.
func (r bsReport) open(now time.Time) bool {
	switch strings.ToLower(r.AggregateState) {
	case "resolved", "operational":
		return false
	}
	if !r.start.IsZero() && r.start.After(now.Add(feedSkew)) {
		return false
	}
	if end, ok := vendorTime(r.EndsAt); ok && !end.After(now) {
		return false
	}
	return true
}

func (r bsReport) isMaintenance() bool { return r.ReportType == "maintenance" }

func (r bsReport) affects(resourceID string) bool {
	for _, a := range r.AffectedResources {
		if string(a.ResourceID) == resourceID && a.Status != "resolved" {
			return true
		}
	}
	return false
}

func (page *bsPage) judgePage(now time.Time) status.Result {
	st, ok := bsStates[page.state]
	if !ok || st == status.Unknown {
		return status.Result{Status: status.Unknown, Reason: "status page reports an unknown state " + quoted(page.state)}
	}
	switch {
	case st == status.Up:
		return status.Result{Status: status.Up}
	case page.state == "maintenance":
		m, announced := page.maintenance(now, "")
		if m == nil && announced {
			return status.Result{Status: status.Up}
		}
		return status.Result{Status: status.Degraded, Reason: maintenanceReason(m)}
	}
	res := status.Result{Status: st}
	for _, r := range page.reports {
		if !r.isMaintenance() && r.open(now) {
			res.Reason = quote(r.Title, r.AggregateState)
			return res
		}
	}
	// No report: the monitors said it. The worst resource is the reason.
	worst := -1
	for i, r := range page.resources {
		if rs, ok := bsStates[r.Status]; ok && rs != status.Up && rs != status.Unknown && (worst < 0 || worse(rs, bsStates[page.resources[worst].Status])) {
			worst = i
		}
	}
	if worst >= 0 {
		r := page.resources[worst]
		res.Reason = sanitize.Text(r.PublicName) + ": " + r.Status
		return res
	}
	res.Reason = page.state
	return res
}

// maintenance is the maintenance report under way (about the resource, when one is
// given); announced is true when there are maintenance reports and all are ahead.
func (page *bsPage) maintenance(now time.Time, resourceID string) (under *bsReport, announced bool) {
	for i := range page.reports {
		r := &page.reports[i]
		if !r.isMaintenance() || (resourceID != "" && len(r.AffectedResources) > 0 && !r.affects(resourceID)) {
			continue
		}
		if r.open(now) {
			return r, false
		}
		if !r.start.IsZero() && r.start.After(now) {
			announced = true
		}
	}
	return nil, announced
}

func maintenanceReason(r *bsReport) string {
	if r == nil {
		return maintenance
	}
	return maintenance + " — " + sanitize.Text(r.Title)
}

// components lists the page's sections (the groups) and resources (the components),
// for judging and for the component picker.
func (page *bsPage) components() []pageComponent {
	list := make([]pageComponent, 0, len(page.sections)+len(page.resources))
	for _, s := range page.sections {
		list = append(list, pageComponent{id: "section " + s.id, name: s.Name, isGroup: true})
	}
	for _, r := range page.resources {
		pc := pageComponent{id: "resource " + r.id, name: r.PublicName, state: r.Status}
		if r.SectionID != "" {
			pc.group = "section " + string(r.SectionID)
		}
		list = append(list, pc)
	}
	return list
}

// judgeComponents reads only the named resources: the worst of them decides. A
// section stands for its resources.
func (page *bsPage) judgeComponents(names []string, now time.Time) status.Result {
	ix := indexComponents(page.components())
	worst, i, fail := ix.worstNamed(names, bsStates)
	if fail != nil {
		return *fail
	}
	culprit := ix.list[i]
	resourceID := strings.TrimPrefix(culprit.id, "resource ")
	switch {
	case worst == status.Up:
		return status.Result{Status: status.Up}
	case worst == status.Unknown:
		return status.Result{Status: status.Unknown, Reason: "component " + quoted(culprit.name) + " is not monitored by the status page"}
	case culprit.state == "maintenance":
		m, _ := page.maintenance(now, resourceID)
		return status.Result{Status: status.Degraded, Reason: maintenanceReason(m)}
	}
	for _, r := range page.reports {
		if !r.isMaintenance() && r.open(now) && r.affects(resourceID) {
			return status.Result{Status: worst, Reason: quote(r.Title, r.AggregateState)}
		}
	}
	return status.Result{Status: worst, Reason: sanitize.Text(ix.label(i)) + ": " + culprit.state}
}
