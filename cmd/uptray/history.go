package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/uptray/uptray/internal/alert"
	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/store"
)

// historyTap hands the engine's results and transitions to the recorder once the
// history file is open (that happens off the engine's path, after start).
type historyTap struct {
	rec atomic.Pointer[store.Recorder]
}

func (h *historyTap) result(name string, r status.Result) {
	if rec := h.rec.Load(); rec != nil {
		rec.RecordResult(name, r)
	}
}

func (h *historyTap) transition(t status.Transition) {
	if rec := h.rec.Load(); rec != nil {
		rec.RecordTransition(t)
	}
}

// recordHistory opens the history file and records into it until ctx ends. A corrupt
// file moved aside or a recording that stops (a full disk) is one notice, never more:
// monitoring goes on either way.
func (h *historyTap) run(ctx context.Context, log *slog.Logger, notify func(title, body string)) {
	s, recovered, err := store.Open(ctx, store.DefaultPath(), store.Options{Clock: clock.Real{}, Log: log})
	if err != nil {
		log.Warn("history unavailable; monitoring goes on without it", "err", err)
		n := alert.HistoryUnavailableNotice(err.Error())
		notify(n.Title, n.Body)
		return
	}
	defer s.Close()
	if recovered != nil {
		n := alert.HistoryDamagedNotice(recovered.MovedTo)
		notify(n.Title, n.Body)
	}
	rec := store.NewRecorder(s, store.RecorderOptions{Clock: clock.Real{}, Log: log})
	h.rec.Store(rec)
	defer func() { h.rec.Store(nil); rec.Close() }()
	if err := rec.Run(ctx); err != nil && ctx.Err() == nil {
		log.Warn("history recording stopped", "err", err)
		n := alert.HistoryStoppedNotice(err.Error())
		notify(n.Title, n.Body)
	}
}

// historyRow is one service's line of `uptray history`.
type historyRow struct {
	Name     string        `json:"name"`
	Uptime   *float64      `json:"uptime_percent"` // nil: nothing known in the period
	Downtime time.Duration `json:"downtime_ns"`
	Outages  int           `json:"outages"`
	P95      time.Duration `json:"p95_latency_ns"`
}

// runHistory prints, per service, uptime, downtime, outages and p95 latency over the
// last `since`, or with events the changes of state. Exit 2 on a bad duration or an
// unknown name.
func runHistory(names []string, since string, events, asJSON, asCSV bool, stdout, stderr io.Writer) int {
	d, err := parseSince(since)
	if err != nil || d <= 0 {
		fmt.Fprintf(stderr, "uptray history: --since %q is not a duration (like 24h, 7d, 90d)\n", since)
		return exitConfigError
	}
	r, err := store.OpenReader(store.DefaultPath(), clock.Real{})
	if err != nil {
		fmt.Fprintf(stderr, "uptray history: %v\n", err)
		return exitConfigError
	}
	defer r.Close()
	if len(names) == 0 {
		if names, err = r.Services(); err != nil {
			fmt.Fprintf(stderr, "uptray history: %v\n", err)
			return exitProblem
		}
	}
	to := time.Now()
	from := to.Add(-d)
	if events {
		return printEvents(r, names, from, to, asJSON, stdout, stderr)
	}
	rows := make([]historyRow, 0, len(names))
	for _, name := range names {
		row := historyRow{Name: name}
		up, down, outages, err := r.Uptime(name, from, to)
		switch {
		case errors.Is(err, store.ErrUnknownService):
			fmt.Fprintf(stderr, "uptray history: no service %q in the history\n", name)
			return exitConfigError
		case err == nil:
			percent := up * 100
			row.Uptime = &percent
		case !errors.Is(err, store.ErrNoData):
			fmt.Fprintf(stderr, "uptray history: %s: %v\n", name, err)
			return exitProblem
		}
		row.Downtime, row.Outages = down, outages
		if points, err := r.Latency(name, from, to, d); err == nil {
			for _, p := range points {
				row.P95 = max(row.P95, p.P95)
			}
		}
		rows = append(rows, row)
	}
	switch {
	case asJSON:
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rows)
	case asCSV:
		w := csv.NewWriter(stdout)
		w.Write([]string{"name", "uptime_percent", "downtime_seconds", "outages", "p95_ms"})
		for _, row := range rows {
			w.Write([]string{row.Name, uptimeText(row.Uptime, false), strconv.Itoa(int(row.Downtime.Seconds())),
				strconv.Itoa(row.Outages), strconv.FormatInt(row.P95.Milliseconds(), 10)})
		}
		w.Flush()
	default:
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "NAME\tUPTIME\tDOWNTIME\tOUTAGES\tP95\t(last %s)\n", since)
		for _, row := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t\n", row.Name, uptimeText(row.Uptime, true),
				row.Downtime.Round(time.Second), row.Outages, status.FormatLatency(row.P95))
		}
		tw.Flush()
	}
	return exitOK
}

func printEvents(r *store.Reader, names []string, from, to time.Time, asJSON bool, stdout, stderr io.Writer) int {
	var all []store.Event
	for _, name := range names {
		evs, err := r.Events(name, from, to)
		if errors.Is(err, store.ErrUnknownService) {
			fmt.Fprintf(stderr, "uptray history: no service %q in the history\n", name)
			return exitConfigError
		}
		if err != nil {
			fmt.Fprintf(stderr, "uptray history: %s: %v\n", name, err)
			return exitProblem
		}
		all = append(all, evs...)
	}
	if asJSON {
		json.NewEncoder(stdout).Encode(all)
		return exitOK
	}
	for _, ev := range all {
		name := ev.Service
		if name == "" {
			name = "(this laptop)"
		}
		line := fmt.Sprintf("%s  %-20s %s → %s", ev.At.Format("2006-01-02 15:04:05"), name, ev.From, ev.To)
		if !ev.Until.IsZero() {
			line += " for " + ev.Until.Sub(ev.At).Round(time.Second).String()
		}
		if ev.Reason != "" {
			line += "  " + oneLine(ev.Reason)
		}
		fmt.Fprintln(stdout, strings.TrimSpace(line))
	}
	return exitOK
}

func uptimeText(up *float64, percent bool) string {
	switch {
	case up == nil && percent:
		return "—"
	case up == nil:
		return ""
	case percent:
		return strconv.FormatFloat(*up, 'f', 2, 64) + " %"
	}
	return strconv.FormatFloat(*up, 'f', 3, 64)
}

// parseSince reads a period like 90m, 24h or 7d (days are what people ask for).
func parseSince(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		return time.Duration(n) * 24 * time.Hour, err
	}
	return time.ParseDuration(s)
}
