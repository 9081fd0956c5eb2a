package source

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
)

// NoAlerts names the one entry of an Alertmanager with no active alerts.
const NoAlerts = "no active alerts"

// amAlert is one element of Alertmanager's GET /api/v2/alerts.
type amAlert struct {
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
	StartsAt    string            `json:"startsAt"`
	EndsAt      string            `json:"endsAt"`
	Fingerprint string            `json:"fingerprint"`
	Status      struct {
		State       string   `json:"state"` // active, suppressed, unprocessed
		SilencedBy  []string `json:"silencedBy"`
		InhibitedBy []string `json:"inhibitedBy"`
	} `json:"status"`
}

// fetchAlertmanager turns each active, unsilenced, uninhibited alert (carrying the
// source's labels) into an entry: Down for severity critical, page or error,
// Degraded otherwise. No alert at all is one Up entry, NoAlerts.
func fetchAlertmanager(ctx context.Context, client *http.Client, src config.Source) ([]Entry, error) {
	q := url.Values{"active": {"true"}, "silenced": {"false"}, "inhibited": {"false"}}
	keys := make([]string, 0, len(src.Labels))
	for k := range src.Labels {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		q.Add("filter", k+"="+strconv.Quote(src.Labels[k]))
	}
	start := time.Now()
	var alerts []amAlert
	if err := getJSON(ctx, client, src, "/api/v2/alerts", q, &alerts); err != nil {
		return nil, err
	}
	var entries []Entry
	for _, a := range alerts {
		if ctx.Err() != nil {
			return nil, stopped(ctx, start)
		}
		if !wantAlert(a, src.Labels) {
			continue
		}
		entries = append(entries, Entry{Name: alertName(a), Result: alertResult(a)})
	}
	entries, err := finish(ctx, start, src, entries)
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return []Entry{{Name: NoAlerts, Result: status.Result{Status: status.Up}}}, nil
	}
	return entries, nil
}

// wantAlert checks again what the query asked for, in case a server ignores it.
func wantAlert(a amAlert, labels map[string]string) bool {
	if (a.Status.State != "" && a.Status.State != "active") || len(a.Status.SilencedBy) > 0 || len(a.Status.InhibitedBy) > 0 {
		return false
	}
	for k, v := range labels {
		if a.Labels[k] != v {
			return false
		}
	}
	return true
}

// alertName is "alertname instance" (or service), cut as a whole to one name's length.
func alertName(a amAlert) string {
	name := or(sanitize.Text(a.Labels["alertname"]), "alert")
	for _, l := range []string{"instance", "service"} {
		if v := sanitize.Text(a.Labels[l]); v != "" {
			return sanitize.Text(name + " " + v)
		}
	}
	return name
}

func alertResult(a amAlert) status.Result {
	res := status.Result{Status: status.Degraded}
	switch strings.ToLower(a.Labels["severity"]) {
	case "critical", "page", "error":
		res.Status = status.Down
	}
	res.Reason = sanitize.Text(a.Annotations["summary"])
	if res.Reason == "" {
		res.Reason = sanitize.Text(a.Annotations["description"])
	}
	if res.Reason == "" {
		res.Reason = sanitize.Text("alert " + or(sanitize.Text(a.Labels["alertname"]), "firing"))
	}
	return res
}
