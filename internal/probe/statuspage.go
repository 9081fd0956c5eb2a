package probe

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
)

// Vendor status pages (statuspage, instatus, feed) say how a service someone else runs
// is doing, in the vendor's own words. A page that cannot be read is Unknown, never
// Down: Uptray does not claim a vendor is down because its status page moved.
//
// The vendor's words are data, never control: each goes through sanitize.Text where a
// reason is built from it, before any formatting, so a 500 KB status word is cut to
// 200 characters before it is quoted and an escape sequence never reaches a terminal.

const (
	acceptJSON  = "application/json"
	tooLarge    = "status page larger than 1 MiB"
	notJSON     = "status page did not answer with JSON"
	brokenJSON  = "status page sent malformed JSON"
	maintenance = "maintenance"
)

// pageClient is the client the page probes and sources share: the http probe's
// verifying client (its keep-alive transport, proxy and trusted roots), sending
// Uptray's User-Agent on every request.
func (p *httpProbe) pageClient() *http.Client {
	c := *p.verifying
	c.Transport = userAgent{next: p.verifying.Transport, ua: p.userAgent}
	return &c
}

// userAgent sets the User-Agent of requests that do not carry one.
type userAgent struct {
	next http.RoundTripper
	ua   string
}

func (u userAgent) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("User-Agent") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("User-Agent", u.ua)
	}
	return u.next.RoundTrip(req)
}

// unknown is the result of a page that could not be read or understood.
func unknown(start time.Time, reason string) status.Result {
	return status.Result{Status: status.Unknown, Latency: time.Since(start), Reason: reason}
}

// fetchPage GETs url and returns its body, at most 1 MiB of it. When the page cannot
// be read, it returns the Unknown result saying why instead.
func fetchPage(ctx context.Context, client *http.Client, url, accept string, start time.Time) ([]byte, *status.Result) {
	fail := func(reason string) ([]byte, *status.Result) {
		res := unknown(start, reason)
		return nil, &res
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fail("bad URL: " + innermost(err))
	}
	req.Header.Set("Accept", accept)
	resp, err := client.Do(req)
	if err != nil {
		if errors.Is(err, context.Canceled) && ctx.Err() == context.Canceled {
			return fail("check canceled")
		}
		if errors.Is(err, errTooManyRedirects) {
			return fail("status page: " + errTooManyRedirects.Error())
		}
		return fail("status page unreachable: " + Describe(ctx, start, err))
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fail("HTTP " + strconv.Itoa(resp.StatusCode) + " from status page")
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	switch {
	case err != nil:
		return fail("reading the status page: " + Describe(ctx, start, err))
	case len(body) > maxBody:
		return fail(tooLarge) // closing the body hangs up: the rest is never read
	}
	return body, nil
}

// worstNamed finds the components a service names (both page formats list them the
// same way) and returns the worst state among them and the component that has it. It
// fails with an Unknown result when a state is not one states knows, or when a named
// component is missing and none of the others is in trouble.
func worstNamed[C any](comps []C, names []string, states map[string]status.Status, read func(*C) (name, state string)) (status.Status, *C, *status.Result) {
	var (
		worst   = status.Unknown
		culprit *C
		missing []string
	)
	for _, name := range names {
		found := false
		for i := range comps {
			c := &comps[i]
			cname, cstate := read(c)
			if !sameName(cname, name) {
				continue
			}
			found = true
			st, ok := states[cstate]
			if !ok {
				return 0, nil, &status.Result{Status: status.Unknown, Reason: "component " + quoted(cname) + " has an unknown state " + quoted(cstate)}
			}
			if culprit == nil || status.Worst(worst, st) != worst {
				worst, culprit = status.Worst(worst, st), c
			}
		}
		if !found {
			missing = append(missing, quoted(name))
		}
	}
	if len(missing) > 0 && (culprit == nil || worst == status.Up) {
		return 0, nil, &status.Result{Status: status.Unknown, Reason: "no component named " + strings.Join(missing, ", ") + " on the status page"}
	}
	return worst, culprit, nil
}

// fetchJSON GETs a status page's JSON API and decodes it into v; on failure it returns
// the Unknown result to report (Uptray never calls a vendor down for a page it
// cannot read).
func fetchJSON(ctx context.Context, client *http.Client, url string, v any, start time.Time) *status.Result {
	body, fail := fetchPage(ctx, client, url, acceptJSON, start)
	if fail != nil {
		return fail
	}
	if reason := decodeJSON(body, v); reason != "" {
		r := unknown(start, reason)
		return &r
	}
	return nil
}

// decodeJSON decodes a page's JSON into v, returning the reason it could not.
func decodeJSON(body []byte, v any) string {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(trimmed) == 0 || (trimmed[0] != '{' && trimmed[0] != '[') {
		return notJSON
	}
	err := json.Unmarshal(trimmed, v)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "top level"
		}
		// Both come from the page: the path names its keys, the value may be a number
		// as long as the page.
		return "status page answered in an unexpected shape (" + sanitize.Text(field) + ": " + sanitize.Text(typeErr.Value) + ")"
	}
	return brokenJSON
}

// pageURL appends a page's API path to the base URL the user gave, unless the user
// gave the API address itself.
func pageURL(base, path string) string {
	if strings.HasSuffix(strings.SplitN(base, "?", 2)[0], ".json") {
		return base
	}
	return strings.TrimRight(base, "/") + path
}

// quote is the vendor's words for an incident: "Elevated error rates — investigating".
func quote(name, state string) string {
	name, state = sanitize.Text(name), strings.ToLower(sanitize.Text(state))
	if state == "" {
		return name
	}
	return name + " — " + state
}

// quoted is a remote word in quotes, sanitised before it is quoted.
func quoted(word string) string { return strconv.Quote(sanitize.Text(word)) }

func sameName(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// statuspageProbe reads an Atlassian Statuspage page's /api/v2/summary.json.
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

type spComponent struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
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

// affects reports whether the incident names the component (by id or by name).
func (i spIncident) affects(c spComponent) bool {
	for _, ic := range i.Components {
		if (c.ID != "" && ic.ID == c.ID) || sameName(ic.Name, c.Name) {
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
	if fail := fetchJSON(ctx, p.client, pageURL(svc.Target, "/api/v2/summary.json"), &s, start); fail != nil {
		return *fail
	}
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

// judgePage reads the page's overall indicator, and its components for maintenance.
func (s *spSummary) judgePage() status.Result {
	st, ok := spIndicators[s.Status.Indicator]
	if !ok {
		return status.Result{Status: status.Unknown, Reason: "status page reports an unknown state " + quoted(s.Status.Indicator)}
	}
	inMaintenance := s.Status.Indicator == "maintenance"
	for _, c := range s.Components {
		inMaintenance = inMaintenance || c.Status == "under_maintenance"
	}
	if inMaintenance && st == status.Up {
		st = status.Degraded
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
	if inMaintenance {
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
	worst, culprit, fail := worstNamed(s.Components, names, spComponentStates,
		func(c *spComponent) (string, string) { return c.Name, c.Status })
	if fail != nil {
		return *fail
	}
	res := status.Result{Status: worst}
	if worst == status.Up {
		return res
	}
	for _, inc := range s.Incidents {
		if inc.open() && inc.affects(*culprit) {
			res.Reason = quote(inc.Name, inc.Status)
			return res
		}
	}
	if culprit.Status == "under_maintenance" {
		res.Reason = s.maintenanceReason(culprit)
		return res
	}
	res.Reason = sanitize.Text(culprit.Name) + ": " + strings.ReplaceAll(culprit.Status, "_", " ") // a known state
	return res
}

// maintenanceReason is "maintenance", with the vendor's name for the maintenance
// under way when there is one (about component c, when c is given).
func (s *spSummary) maintenanceReason(c *spComponent) string {
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
