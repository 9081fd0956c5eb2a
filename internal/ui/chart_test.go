package ui

import (
	"testing"
	"time"

	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/store"
)

func TestChartGeometryBandsAndBars(t *testing.T) {
	from := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	to := from.Add(10 * time.Hour)
	d := chartData{From: from, To: to, Step: time.Hour, Now: to,
		Points: []store.Point{
			{At: from, P95: 100 * time.Millisecond, Status: status.Up},
			{At: from.Add(2 * time.Hour), P95: 180 * time.Millisecond, Status: status.Degraded},
			{At: from.Add(3 * time.Hour), Status: status.Down}, // no check answered
		},
		Events: []store.Event{
			{Service: "Pay", From: status.Up, To: status.Down, At: from.Add(2 * time.Hour), Until: from.Add(3 * time.Hour)},
			{Service: "", From: status.Up, To: status.Offline, At: from.Add(5 * time.Hour), Until: from.Add(6 * time.Hour)},
			{Service: "", From: status.Offline, To: status.Up, At: from.Add(6 * time.Hour)},
			{Service: "Pay", From: status.Up, To: status.Down, At: from.Add(9 * time.Hour)}, // still down
			{Service: "Pay", From: status.Down, To: status.Up, At: from.Add(-time.Hour), Until: from.Add(2 * time.Hour)},
		},
	}
	g := chartGeometry(d, 1000, 200)
	want := []chartBand{{X0: 500, X1: 600, Offline: true}, {X0: 200, X1: 300}, {X0: 900, X1: 1000}}
	if len(g.Bands) != len(want) {
		t.Fatalf("bands = %+v, want %+v", g.Bands, want)
	}
	for i, b := range want {
		if !chartNear(g.Bands[i].X0, b.X0) || !chartNear(g.Bands[i].X1, b.X1) || g.Bands[i].Offline != b.Offline {
			t.Errorf("band %d = %+v, want %+v", i, g.Bands[i], b)
		}
	}
	if g.Max != 200*time.Millisecond {
		t.Errorf("Max = %v, want 200ms (180 ms rounded up)", g.Max)
	}
	if len(g.Bars) != 2 {
		t.Fatalf("bars = %+v, want 2 (the step without latency has none)", g.Bars)
	}
	// 100 ms of 200 ms: half the height; a bar is one step wide less a gap.
	if b := g.Bars[0]; !chartNear(b.X, 0) || !chartNear(b.Y, 100) || !chartNear(b.W, 99) {
		t.Errorf("bar 0 = %+v", b)
	}
	if b := g.Bars[1]; !chartNear(b.X, 200) || !chartNear(b.Y, 20) || b.Status != status.Degraded {
		t.Errorf("bar 1 = %+v", b)
	}
}

func TestChartGeometryClipsAndKeepsShortOutagesVisible(t *testing.T) {
	from := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	to := from.Add(100 * time.Hour)
	d := chartData{From: from, To: to, Events: []store.Event{
		{Service: "Pay", To: status.Down, At: from.Add(-5 * time.Hour), Until: from.Add(10 * time.Hour)}, // from before the range
		{Service: "Pay", To: status.Down, At: from.Add(50 * time.Hour), Until: from.Add(50*time.Hour + time.Second)},
		{Service: "Pay", To: status.Down, At: to.Add(time.Hour)}, // after it
		{Service: "Pay", To: status.Degraded, At: from.Add(60 * time.Hour)},
	}}
	g := chartGeometry(d, 100, 50)
	if len(g.Bands) != 2 {
		t.Fatalf("bands = %+v", g.Bands)
	}
	if !chartNear(g.Bands[0].X0, 0) || !chartNear(g.Bands[0].X1, 10) {
		t.Errorf("clipped band = %+v", g.Bands[0])
	}
	if w := g.Bands[1].X1 - g.Bands[1].X0; w < 2 {
		t.Errorf("a one-second outage is %v px wide: invisible", w)
	}
	if g.Max != 0 || len(g.Bars) != 0 {
		t.Errorf("no points, yet %+v", g)
	}
	if g := chartGeometry(chartData{From: to, To: from}, 100, 50); len(g.Bands)+len(g.Bars) != 0 {
		t.Errorf("an empty range drew %+v", g)
	}
}

func TestNiceCeil(t *testing.T) {
	for in, want := range map[time.Duration]time.Duration{
		0:                       time.Millisecond,
		180 * time.Millisecond:  200 * time.Millisecond,
		200 * time.Millisecond:  200 * time.Millisecond,
		201 * time.Millisecond:  500 * time.Millisecond,
		730 * time.Millisecond:  time.Second,
		1500 * time.Millisecond: 2 * time.Second,
		12 * time.Millisecond:   20 * time.Millisecond,
	} {
		if got := niceCeil(in); got != want {
			t.Errorf("niceCeil(%v) = %v, want %v", in, got, want)
		}
	}
}

func chartNear(a, b float32) bool { return a-b < 0.01 && b-a < 0.01 }

func TestChartTicks(t *testing.T) {
	now := time.Date(2026, 3, 12, 10, 54, 0, 0, time.Local)
	for _, c := range []struct {
		span  time.Duration
		first string
		n     int
	}{
		{24 * time.Hour, "12:00", 4},       // 12:00, 18:00, 00:00, 06:00
		{7 * 24 * time.Hour, "Fri 6", 7},   // each midnight
		{30 * 24 * time.Hour, "16 Feb", 4}, // Mondays
		{90 * 24 * time.Hour, "22 Dec", 6}, // every other Monday
	} {
		ticks := chartTicks(now.Add(-c.span), now)
		if len(ticks) != c.n || ticks[0].Label != c.first {
			t.Errorf("%v: ticks %+v, want %d from %q", c.span, ticks, c.n, c.first)
			continue
		}
		for i, tk := range ticks {
			if tk.X <= 0 || tk.X >= 1 || (i > 0 && tk.X <= ticks[i-1].X) {
				t.Errorf("%v: tick %d at %v", c.span, i, tk.X)
			}
		}
	}
	if got := scaleText(time.Second); got != "1 s" {
		t.Errorf("scaleText(1s) = %q", got)
	}
}
