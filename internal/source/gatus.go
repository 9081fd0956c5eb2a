package source

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
)

// gatusEndpoint is one element of Gatus's GET /api/v1/endpoints/statuses.
type gatusEndpoint struct {
	Name    string        `json:"name"`
	Group   string        `json:"group"`
	Key     string        `json:"key"`
	Results []gatusResult `json:"results"`
}

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
}

// fetchGatus reads each endpoint's latest result: success is Up; a failure is Down
// with the failed conditions as Gatus shows them ("[STATUS] (500) == 200").
func fetchGatus(ctx context.Context, client *http.Client, src config.Source) ([]Entry, error) {
	start := time.Now()
	var endpoints []gatusEndpoint
	// page 1 of size 1 is the latest result of each endpoint: a small answer.
	q := url.Values{"page": {"1"}, "pageSize": {"1"}}
	if err := getJSON(ctx, client, src, "/api/v1/endpoints/statuses", q, &endpoints); err != nil {
		return nil, err
	}
	entries := make([]Entry, 0, len(endpoints))
	for _, ep := range endpoints {
		if ctx.Err() != nil {
			return nil, stopped(ctx, start)
		}
		name := or(sanitize.Text(ep.Name), sanitize.Text(ep.Key))
		if name == "" {
			name = "unnamed endpoint" // a service needs a name to be shown and told apart
		}
		e := Entry{Name: name, Group: sanitize.Text(ep.Group)}
		if len(ep.Results) == 0 {
			e.Result = status.Result{Status: status.Unknown, Reason: "no result yet"}
			entries = append(entries, e)
			continue
		}
		r := ep.Results[len(ep.Results)-1] // oldest first: the last is the latest
		e.Result.Latency = time.Duration(r.Duration)
		if r.Success {
			e.Result.Status = status.Up
		} else {
			e.Result.Status, e.Result.Reason = status.Down, gatusReason(r)
		}
		entries = append(entries, e)
	}
	return finish(ctx, start, src, entries)
}

// gatusReason lists the failed conditions, as many as a reason holds.
func gatusReason(r gatusResult) string {
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
	if len(failed) > 0 {
		return sanitize.Text(strings.Join(failed, ", "))
	}
	if len(r.Errors) > 0 {
		return or(sanitize.Text(r.Errors[0]), "failed")
	}
	return "failed"
}
