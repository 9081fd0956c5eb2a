package source

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
)

// kumaPage is Uptime Kuma's GET /api/status-page/<slug>.
type kumaPage struct {
	Config *struct {
		Slug  string `json:"slug"`
		Title string `json:"title"`
	} `json:"config"`
	PublicGroupList []struct {
		ID          int    `json:"id"`
		Name        string `json:"name"`
		MonitorList []struct {
			ID   int    `json:"id"`
			Name string `json:"name"`
		} `json:"monitorList"`
	} `json:"publicGroupList"`
}

// kumaHeartbeats is GET /api/status-page/heartbeat/<slug>: monitor id → heartbeats.
type kumaHeartbeats struct {
	HeartbeatList map[string][]kumaBeat `json:"heartbeatList"`
}

type kumaBeat struct {
	Status int      `json:"status"` // 0 down, 1 up, 2 pending, 3 maintenance
	Time   string   `json:"time"`   // "2026-03-05 10:31:02.123", sorts as text
	Msg    string   `json:"msg"`
	Ping   *float64 `json:"ping"` // milliseconds; null when there was no answer
}

// fetchUptimeKuma reads a public status page of an Uptime Kuma server: its monitors
// and their latest heartbeats.
func fetchUptimeKuma(ctx context.Context, client *http.Client, src config.Source) ([]Entry, error) {
	start := time.Now()
	slug := url.PathEscape(src.Slug)
	var page kumaPage
	if err := getJSON(ctx, client, src, "/api/status-page/"+slug, nil, &page); err != nil {
		return nil, err
	}
	if page.Config == nil && page.PublicGroupList == nil {
		return nil, errors.New("the server answered in an unexpected shape (not a status page)")
	}
	var beats kumaHeartbeats
	if err := getJSON(ctx, client, src, "/api/status-page/heartbeat/"+slug, nil, &beats); err != nil {
		return nil, err
	}
	if beats.HeartbeatList == nil {
		return nil, errors.New("the server answered in an unexpected shape (no heartbeatList)")
	}
	var entries []Entry
	// A monitor may be listed many times (in several groups, or by a hostile page
	// 50,000 times): its heartbeats are read once, not once per listing.
	results := map[int]status.Result{}
	for _, g := range page.PublicGroupList {
		if ctx.Err() != nil {
			return nil, stopped(ctx, start)
		}
		group := sanitize.Text(g.Name)
		for _, m := range g.MonitorList {
			if ctx.Err() != nil {
				return nil, stopped(ctx, start)
			}
			e := Entry{Name: sanitize.Text(m.Name), Group: group}
			if e.Name == "" {
				e.Name = "monitor " + strconv.Itoa(m.ID)
			}
			res, ok := results[m.ID]
			if !ok {
				res = kumaResult(beats.HeartbeatList[strconv.Itoa(m.ID)])
				results[m.ID] = res
			}
			e.Result = res
			entries = append(entries, e)
		}
	}
	return finish(ctx, start, src, entries)
}

// kumaResult reads a monitor's latest heartbeat. Its loop needs no ctx check: each
// monitor's beats are read once, so all calls together read the answer once.
func kumaResult(list []kumaBeat) status.Result {
	if len(list) == 0 {
		return status.Result{Status: status.Unknown, Reason: "no heartbeat yet"}
	}
	latest := list[len(list)-1]
	for _, b := range list {
		if b.Time > latest.Time {
			latest = b
		}
	}
	res := status.Result{}
	if latest.Ping != nil && *latest.Ping > 0 {
		res.Latency = time.Duration(*latest.Ping * float64(time.Millisecond))
	}
	msg := sanitize.Text(latest.Msg)
	switch latest.Status {
	case 1:
		res.Status = status.Up
	case 0:
		res.Status, res.Reason = status.Down, or(msg, "down")
	case 2:
		res.Status, res.Reason = status.Degraded, or(msg, "pending")
	case 3:
		res.Status, res.Reason = status.Degraded, "maintenance"
	default:
		res.Status, res.Reason = status.Unknown, "unknown heartbeat status "+strconv.Itoa(latest.Status)
	}
	return res
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
