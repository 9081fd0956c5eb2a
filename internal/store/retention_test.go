package store

import (
	"testing"
	"time"

	"github.com/uptray/uptray/internal/status"
)

// Three days of one check a minute: the last 48 hours stay raw, everything is rolled
// up into 5-minute buckets, and charts read across the boundary without a hole.
func TestRollupsAndRetention(t *testing.T) {
	f := newFixture(t, RecorderOptions{})
	const minutes = 3 * 24 * 60
	for i := range minutes {
		st, lat := status.Up, time.Duration(i%5+1)*10*time.Millisecond // 10…50 ms in each bucket
		if i%100 == 99 {
			st, lat = status.Down, 10*time.Second
		}
		f.result("A", st, lat)
		f.clk.Advance(time.Minute)
		if i%5 == 4 {
			f.flush(t)
		}
	}
	now := f.clk.Now()

	var oldest int64
	if err := f.st.db.QueryRow("SELECT min(at) FROM results").Scan(&oldest); err != nil {
		t.Fatal(err)
	}
	lag := f.rec.opts.RetainEvery + rollupGrace + Bucket // retention runs every RetainEvery
	if age := now.Sub(time.UnixMilli(oldest)); age < RawFor || age > RawFor+lag {
		t.Errorf("the oldest raw result is %v old, want 48 h (within %v)", age, lag)
	}
	if n := f.count(t, "SELECT count(*) FROM rollups"); n < minutes/5-int(lag/Bucket) || n > minutes/5 {
		t.Errorf("%d rollups, want one per bucket closed before the last retention (%d)", n, minutes/5)
	}
	var ru rollup
	if err := f.st.db.QueryRow("SELECT checks, up, degraded, down, p50_us, p95_us, max_us FROM rollups WHERE bucket = ?", t0.Unix()).
		Scan(&ru.checks, &ru.up, &ru.degraded, &ru.down, &ru.p50, &ru.p95, &ru.max); err != nil {
		t.Fatal(err)
	}
	if want := (rollup{checks: 5, up: 5, p50: 30000, p95: 50000, max: 50000}); ru != want {
		t.Errorf("first bucket %+v, want %+v", ru, want)
	}
	if err := f.st.db.QueryRow("SELECT checks, up, down, max_us FROM rollups WHERE bucket = ?", t0.Add(95*time.Minute).Unix()).
		Scan(&ru.checks, &ru.up, &ru.down, &ru.max); err != nil || ru.checks != 5 || ru.up != 4 || ru.down != 1 || ru.max != 40000 {
		t.Errorf("the bucket with a failed check: %+v, %v; want 4 up, 1 down, max of the answers only", ru, err)
	}

	r := f.st.Reader()
	pts, err := r.Latency("A", t0, now, Bucket)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != minutes/5 {
		t.Errorf("%d five-minute points over 3 days, want %d: no hole between rollups and raw results", len(pts), minutes/5)
	}
	if p := pts[0]; p.P50 != 30*time.Millisecond || p.P95 != 50*time.Millisecond || p.Status != status.Up || p.Checks != 5 {
		t.Errorf("first point %+v", p)
	}
	if p := pts[19]; p.Status != status.Down || p.Down != 1 {
		t.Errorf("the step with a failed check: %+v", p)
	}
	// A one-minute step around the 48-hour line: one point a bucket before it (from
	// rollups), one a minute after (raw).
	edge := time.UnixMilli(oldest)
	fine, err := r.Latency("A", edge.Add(-time.Hour), edge.Add(time.Hour), time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(fine) != 12+60 {
		t.Errorf("%d points, want 12 rollups and 60 raw results", len(fine))
	}
	if day, err := r.Latency("A", now.Add(-24*time.Hour), now, time.Hour); err != nil || len(day) != 24 || day[0].Checks != 60 {
		t.Errorf("a day in hours: %d points, %v", len(day), err)
	}
}

// Rollups past 90 days, events and sessions past a year, and services left with no
// history go; the rest stays.
func TestExpiry(t *testing.T) {
	f := newFixture(t, RecorderOptions{})
	f.result("A", status.Up, time.Millisecond)
	f.transition("A", status.Unknown, status.Up, "")
	f.flush(t)
	now := f.clk.Now()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{"INSERT INTO services(name) VALUES ('Gone')", nil},
		{"INSERT INTO rollups VALUES (1, ?, 1, 1, 0, 0, 1, 1, 1), (1, ?, 1, 1, 0, 0, 1, 1, 1)",
			[]any{floorBucket(now.Add(-RollupFor - time.Hour)), floorBucket(now.Add(-RollupFor + 48*time.Hour))}},
		{"INSERT INTO sessions(id, started, last_seen) VALUES (100, ?, ?)", []any{now.Add(-EventsFor - 2*time.Hour).UnixMilli(), now.Add(-EventsFor - time.Hour).UnixMilli()}},
		{"INSERT INTO events(service_id, at, from_status, to_status, session) SELECT id, ?, 1, 3, 100 FROM services WHERE name = 'Gone'", []any{now.Add(-EventsFor - time.Hour).UnixMilli()}},
	} {
		if _, err := f.st.db.Exec(q.sql, q.args...); err != nil {
			t.Fatal(q.sql, err)
		}
	}
	f.clk.Advance(expireEvery)
	f.flush(t)
	f.clk.Advance(sweepEvery)
	f.result("A", status.Up, time.Millisecond) // the services sweep waits for the day's batch
	f.flush(t)
	if n := f.count(t, "SELECT count(*) FROM rollups WHERE bucket < ?", floorBucket(now.Add(-RollupFor))); n != 0 {
		t.Errorf("%d rollups older than 90 days left", n)
	}
	if n := f.count(t, "SELECT count(*) FROM rollups WHERE service_id = 1"); n < 2 {
		t.Errorf("%d rollups of A, want the recent ones kept", n)
	}
	if n := f.count(t, "SELECT count(*) FROM events"); n != 1 {
		t.Errorf("%d events, want only the recent one", n)
	}
	if n := f.count(t, "SELECT count(*) FROM sessions WHERE id = 100"); n != 0 {
		t.Error("a session older than a year is left")
	}
	names, err := f.st.Reader().Services()
	if err != nil || len(names) != 1 || names[0] != "A" {
		t.Errorf("Services() = %q, %v; want [A]: a service with no history left is forgotten", names, err)
	}
}

func TestPercentiles(t *testing.T) {
	lat := []int64{50, 10, 40, 20, 30}
	if r := (rollup{}).finish(lat); r.p50 != 30 || r.p95 != 50 || r.max != 50 {
		t.Errorf("finish: %+v", r)
	}
	if got := nearestRank([]int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.95); got != 10 {
		t.Errorf("p95 of 1…10 = %d, want 10", got)
	}
	// Two buckets: 3 checks at median 10, 1 check at median 100: the median is 10.
	if got := weightedRank([]weighted{{100, 1}, {10, 3}}, 0.5); got != 10 {
		t.Errorf("weighted median = %d, want 10", got)
	}
	if got := weightedRank([]weighted{{100, 1}, {10, 3}}, 0.95); got != 100 {
		t.Errorf("weighted p95 = %d, want 100", got)
	}
	if floorDiv(-1, 300) != -1 || floorDiv(299, 300) != 0 {
		t.Error("floorDiv rounds towards minus infinity")
	}
}
