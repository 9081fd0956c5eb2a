package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/store"
)

// writeHistory records, in the default history file under a temp XDG_DATA_HOME, a
// service that was up, then down for 20 minutes, then up again.
func writeHistory(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	start := time.Now().Add(-2 * time.Hour).Truncate(time.Second)
	clk := clock.NewFake(start)
	s, _, err := store.Open(context.Background(), store.DefaultPath(), store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	rec := store.NewRecorder(s, store.RecorderOptions{Clock: clk})
	at := func(m int) time.Time { return start.Add(time.Duration(m) * time.Minute) }
	for m := 0; m < 110; m++ {
		st := status.Up
		if m >= 30 && m < 50 {
			st = status.Down
		}
		clk.Set(at(m))
		rec.RecordResult("Payments", status.Result{Status: st, Latency: 40 * time.Millisecond, At: at(m)})
		switch m {
		case 0:
			rec.RecordTransition(status.Transition{Service: "Payments", From: status.Unknown, To: status.Up, At: at(m)})
		case 30:
			rec.RecordTransition(status.Transition{Service: "Payments", From: status.Up, To: status.Down, Reason: "HTTP 503 (want 200)", At: at(m)})
		case 50:
			rec.RecordTransition(status.Transition{Service: "Payments", From: status.Down, To: status.Up, At: at(m)})
		}
	}
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	s.Close()
}

func TestHistoryCommand(t *testing.T) {
	writeHistory(t)
	var out, errOut bytes.Buffer
	if code := run([]string{"history", "--since", "1d"}, &out, &errOut); code != exitOK {
		t.Fatalf("history: exit %d, %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "Payments") || !strings.Contains(out.String(), "20m0s") {
		t.Errorf("history output lacks the 20 min outage:\n%s", out.String())
	}
	out.Reset()
	if code := run([]string{"history", "Payments", "--events", "--since", "24h"}, &out, &errOut); code != exitOK ||
		!strings.Contains(out.String(), "Up → Down for 20m0s  HTTP 503 (want 200)") {
		t.Errorf("history --events: exit %d\n%s", code, out.String())
	}
	out.Reset()
	if code := run([]string{"history", "--csv"}, &out, &errOut); code != exitOK || !strings.HasPrefix(out.String(), "name,uptime_percent") {
		t.Errorf("history --csv: exit %d\n%s", code, out.String())
	}
	for _, args := range [][]string{{"history", "Nope"}, {"history", "--since", "soon"}} {
		errOut.Reset()
		if code := run(args, &out, &errOut); code != exitConfigError {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errOut.String())
		}
	}
}
