package store

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/status"
)

// history builds 14 hours: A goes down twice, the laptop is offline for an hour, and
// Uptray crashes at 9 h and is started again at 12 h.
func history(t *testing.T) *fixture {
	f := newFixture(t, RecorderOptions{})
	h := func(n float64) time.Time { return t0.Add(time.Duration(n * float64(time.Hour))) }
	steps := []struct {
		at       time.Time
		svc      string
		from, to status.Status
	}{
		{h(0), "A", status.Unknown, status.Up},
		{h(1), "B", status.Unknown, status.Up},
		{h(2), "A", status.Up, status.Down},
		{h(3), "A", status.Down, status.Up},
		{h(5), "", status.Up, status.Offline},
		{h(6), "", status.Offline, status.Up},
		{h(8), "A", status.Up, status.Down},
	}
	run := func(until time.Time) { // a batch a minute, as the app's heartbeat
		for f.clk.Now().Before(until) {
			for len(steps) > 0 && !steps[0].at.After(f.clk.Now()) {
				f.transition(steps[0].svc, steps[0].from, steps[0].to, "")
				steps = steps[1:]
			}
			f.result("A", status.Up, time.Millisecond)
			f.clk.Advance(time.Minute)
			f.flush(t)
		}
	}
	run(h(9))
	// Killed: the first Recorder is never closed. Started again at 12 h.
	f.clk.Set(h(12))
	f.rec = NewRecorder(f.st, RecorderOptions{})
	steps = append(steps, struct {
		at       time.Time
		svc      string
		from, to status.Status
	}{h(12), "A", status.Unknown, status.Up})
	run(h(14))
	return f
}

func TestUptimeCountsOnlyKnownTime(t *testing.T) {
	f := history(t)
	r := f.st.Reader()
	h := func(n float64) time.Time { return t0.Add(time.Duration(n * float64(time.Hour))) }
	cases := []struct {
		name     string
		from, to time.Time
		up       float64
		down     time.Duration
		outages  int
		err      error
	}{
		// Known: 0–9 h less the offline hour, and 12–14 h: 10 h, of which Down 2–3 h
		// and 8–9 h (the crash ends what was known of the second outage).
		{"everything", h(0), h(14), 0.8, 2 * time.Hour, 2, nil},
		{"from inside an outage", h(2.5), h(4), 2.0 / 3, 30 * time.Minute, 1, nil},
		{"to beyond now", h(12), h(100), 1, 0, 0, nil},
		{"while Uptray was not running", h(9.5), h(11), 0, 0, 0, ErrNoData},
		{"while offline", h(5.2), h(5.8), 0, 0, 0, ErrNoData},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			up, down, outages, err := r.Uptime("A", tc.from, tc.to)
			if !errors.Is(err, tc.err) || math.Abs(up-tc.up) > 1e-9 || down != tc.down || outages != tc.outages {
				t.Errorf("got %v, %v, %d, %v; want %v, %v, %d, %v", up, down, outages, err, tc.up, tc.down, tc.outages, tc.err)
			}
		})
	}
	if _, _, _, err := r.Uptime("Nobody", h(0), h(14)); !errors.Is(err, ErrUnknownService) {
		t.Errorf("unknown service: %v", err)
	}
}

func TestEventsWithOfflinePeriodsAndDurations(t *testing.T) {
	f := history(t)
	r := f.st.Reader()
	h := func(n float64) time.Time { return t0.Add(time.Duration(n * float64(time.Hour))) }
	evs, err := r.Events("A", h(0), h(14))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		svc       string
		to        status.Status
		at, until time.Time
	}
	want := []row{
		{"A", status.Up, h(0), h(2)},
		{"A", status.Down, h(2), h(3)},
		{"A", status.Up, h(3), h(8)},
		{"", status.Offline, h(5), h(6)},
		{"", status.Up, h(6), h(9)}, // the state is known until Uptray stopped
		{"A", status.Down, h(8), h(9)},
		{"A", status.Up, h(12), time.Time{}}, // still so
	}
	if len(evs) != len(want) {
		t.Fatalf("%d events, want %d: %+v", len(evs), len(want), evs)
	}
	for i, e := range evs {
		if got := (row{e.Service, e.To, e.At, e.Until}); !got.at.Equal(want[i].at) || !got.until.Equal(want[i].until) || got.svc != want[i].svc || got.to != want[i].to {
			t.Errorf("event %d: %+v, want %+v", i, got, want[i])
		}
	}
	if d := evs[1].Duration(f.clk.Now()); d != time.Hour {
		t.Errorf("the first outage lasted %v, want 1h", d)
	}
	all, err := r.Events("", h(0), h(14))
	if err != nil || len(all) != len(want)+1 || all[1].Service != "B" {
		t.Errorf(`Events("") = %d events, %v; want every service's`, len(all), err)
	}
	if names, err := r.Services(); err != nil || len(names) != 2 {
		t.Errorf("Services() = %q, %v", names, err)
	}
	if _, err := r.Latency("Nobody", h(0), h(14), time.Hour); !errors.Is(err, ErrUnknownService) {
		t.Errorf("Latency of an unknown service: %v", err)
	}
}
