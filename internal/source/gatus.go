package source

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
)

// gatusEndpoint is one element of Gatus's GET /api/v1/endpoints/statuses
// (TwiN/gatus config/endpoint/status.go).
type gatusEndpoint struct {
	Name    string        `json:"name"`
	Group   string        `json:"group"`
	Key     string        `json:"key"`
	Results []gatusResult `json:"results"`
}

// gatusResult is one check of an endpoint, or one step of a suite
// (config/endpoint/result.go). Gatus leaves out a zero status, empty errors and, for
// an endpoint with ui.hide-conditions, the conditions.
type gatusResult struct {
	Status           int      `json:"status"`
	Hostname         string   `json:"hostname"`
	Duration         int64    `json:"duration"` // nanoseconds
	Success          bool     `json:"success"`
	Timestamp        string   `json:"timestamp"`
	Errors           []string `json:"errors"`
	ConditionResults []struct {
		Condition string `json:"condition"`
		Success   bool   `json:"success"`
	} `json:"conditionResults"`
	Name string `json:"name"` // the step's name, in a suite's result only
}

// gatusSuite is one element of GET /api/v1/suites/statuses, served since Gatus 5.24
// (config/suite/suite_status.go, result.go).
type gatusSuite struct {
	Name    string `json:"name"`
	Group   string `json:"group"`
	Key     string `json:"key"`
	Results []struct {
		Success         bool          `json:"success"`
		Duration        int64         `json:"duration"` // nanoseconds
		EndpointResults []gatusResult `json:"endpointResults"`
		Errors          []string      `json:"errors"`
	} `json:"results"`
}

// errGatusToken is a 401 from a Gatus source that has a token: Gatus takes basic auth
// (security.basic) or an OIDC session, never a bearer token, so the token is not sent.
var errGatusToken = errors.New("HTTP 401 from the server (Gatus takes a username and password, not a token)")

// fetchGatus reads each endpoint's and each suite's latest result: success is Up; a
// failure is Down with what Gatus saw (gatusReason). Gatus's group stays the entry's
// group, so the engine shows "Ops Gatus · core".
func fetchGatus(ctx context.Context, client *http.Client, src config.Source) ([]Entry, error) {
	start := time.Now()
	token := src.Token
	src.Token = "" // Gatus has no bearer tokens: a username and password go as basic auth
	// page 1 of size 1 is the latest result of each endpoint or suite: a small answer.
	q := url.Values{"page": {"1"}, "pageSize": {"1"}}
	var endpoints []gatusEndpoint
	if err := getJSON(ctx, client, src, "/api/v1/endpoints/statuses", q, &endpoints); err != nil {
		if statusOf(err) == http.StatusUnauthorized && token != "" && src.Username == "" {
			return nil, errGatusToken
		}
		return nil, err
	}
	entries := make([]Entry, 0, len(endpoints))
	for _, ep := range endpoints {
		if ctx.Err() != nil {
			return nil, stopped(ctx, start)
		}
		e := Entry{Name: gatusName(ep.Name, ep.Key, "unnamed endpoint"), Group: sanitize.Text(ep.Group)}
		if len(ep.Results) == 0 {
			e.Result = status.Result{Status: status.Unknown, Reason: "no result yet"}
		} else {
			r := ep.Results[len(ep.Results)-1] // oldest first: the last is the latest
			e.Result.Latency = time.Duration(r.Duration)
			if r.Success {
				e.Result.Status = status.Up
			} else {
				e.Result.Status, e.Result.Reason = status.Down, gatusReason(r)
			}
		}
		entries = append(entries, e)
	}

	var suites []gatusSuite
	switch err := getJSON(ctx, client, src, "/api/v1/suites/statuses", q, &suites); {
	case err == nil:
	case statusOf(err) == http.StatusNotFound:
		// A Gatus older than 5.24 has no suites.
	case ctx.Err() != nil:
		return nil, err
	default:
		// The endpoints were read: one line says the suites could not be.
		entries = append(entries, Entry{Name: "suites", Result: status.Result{Status: status.Unknown, Reason: err.Error()}})
	}
	for _, s := range suites {
		if ctx.Err() != nil {
			return nil, stopped(ctx, start)
		}
		e := Entry{Name: gatusName(s.Name, s.Key, "unnamed suite"), Group: sanitize.Text(s.Group)}
		if len(s.Results) == 0 {
			e.Result = status.Result{Status: status.Unknown, Reason: "no result yet"}
		} else {
			r := s.Results[len(s.Results)-1] // oldest first, as endpoints
			e.Result.Latency = time.Duration(r.Duration)
			if r.Success {
				e.Result.Status = status.Up
			} else {
				e.Result.Status, e.Result.Reason = status.Down, gatusSuiteReason(r.EndpointResults, r.Errors)
			}
		}
		entries = append(entries, e)
	}
	return finish(ctx, start, src, entries)
}

// gatusName is a check's name, else its key; a service needs a name to be shown and
// told apart.
func gatusName(name, key, unnamed string) string {
	return or(or(sanitize.Text(name), sanitize.Text(key)), unnamed)
}

// gatusSuiteReason names the step that failed and why ("place-order: [STATUS] (500)
// == 201"); a suite that failed on its own (a timeout) gives its own error.
func gatusSuiteReason(steps []gatusResult, errs []string) string {
	for _, st := range steps {
		if st.Success {
			continue
		}
		if name := sanitize.Text(st.Name); name != "" {
			return sanitize.Text(name + ": " + gatusReason(st))
		}
		return gatusReason(st)
	}
	for _, e := range errs {
		if e := sanitize.Text(e); e != "" {
			return e
		}
	}
	return "failed"
}

// gatusReason says why a result failed, most telling first: the error Gatus met
// ("connect: connection refused", where the failed condition would only say
// "[STATUS] (0) == 200"), else the failed conditions as Gatus shows them ("[STATUS]
// (500) == 200"), else the HTTP status where that is all there is (an endpoint with
// ui.hide-conditions).
func gatusReason(r gatusResult) string {
	for _, e := range r.Errors {
		if e := gatusError(e); e != "" {
			return e
		}
	}
	var failed []string
	size := 0
	for _, c := range r.ConditionResults {
		if size > sanitize.MaxRunes {
			break // the rest would be cut off: a result may list thousands
		}
		if c.Success {
			continue
		}
		if cond := sanitize.Text(c.Condition); cond != "" {
			failed = append(failed, cond)
			size += len(cond) + 2
		}
	}
	switch {
	case len(failed) > 0:
		return sanitize.Text(strings.Join(failed, ", "))
	case r.Status != 0:
		return "HTTP " + strconv.Itoa(r.Status)
	}
	return "failed"
}

var (
	// goURLError is the head Go's net/url.Error puts on an HTTP client's error: `Get
	// "https://…": `. The URL may carry a token (Gatus's ui.hide-url is for that).
	goURLError = regexp.MustCompile(`^[A-Za-z]+ "(?:[^"\\]|\\.)*": `)
	// goDial is the head of a net.OpError: `dial tcp 10.0.0.12:443: `.
	goDial = regexp.MustCompile(`^dial (?:tcp|udp)[46]?(?: \S+)?: `)
	// goNoHost is a failed lookup: `lookup auth.internal.example on 127.0.0.11:53: no such host`.
	goNoHost = regexp.MustCompile(`^lookup (\S+?)(?: on \S+)?: no such host$`)
)

// gatusError turns an error Gatus recorded (Go's words, for an http endpoint
// `Get "https://…": dial tcp 10.0.0.12:443: connect: connection refused`) into the
// probes' words: "connect: connection refused", "timed out", "DNS: no such host x".
func gatusError(e string) string {
	e = goURLError.ReplaceAllLiteralString(e, "")
	e = sanitize.Text(goDial.ReplaceAllLiteralString(e, ""))
	switch {
	case strings.Contains(e, "Client.Timeout exceeded"), strings.HasSuffix(e, "i/o timeout"),
		e == "context deadline exceeded":
		return "timed out"
	}
	if m := goNoHost.FindStringSubmatch(e); m != nil {
		return "DNS: no such host " + m[1]
	}
	return e
}
