package store

import (
	"time"

	"github.com/uptray/uptray/internal/status"
)

// Point is one step of a latency chart. Latencies are of the checks that answered (Up
// or Degraded); a step where every check failed has Checks but no latency.
type Point struct {
	At                 time.Time // the step's start
	P50, P95, Max      time.Duration
	Status             status.Status // the worst check in the step: Down, Degraded, Up; Unknown if none answered or failed
	Checks             int
	Up, Degraded, Down int
}

// Latency returns one Point per step in [from, to) that has checks, oldest first. A
// step of 5 minutes or more is read from the 5-minute rollups (exact when the step is
// 5 minutes; over longer steps P50 and P95 are weighted over the rollups'), and raw
// results for the minutes not rolled up yet. A finer step is read from raw results
// where they are still kept (48 hours) and rollups before that, one per bucket.
// step ≤ 0 means 5 minutes.
func (r *Reader) Latency(service string, from, to time.Time, step time.Duration) ([]Point, error) {
	id, err := r.serviceID(service)
	if err != nil {
		return nil, err
	}
	if step <= 0 {
		step = Bucket
	}
	step = max(step, time.Second)
	if !from.Before(to) {
		return nil, nil
	}
	// Where the rollups end and raw results take over: a step of 5 minutes or more
	// reads rollups as far as they go (raw results of every service are interleaved
	// by time, so a range of them costs as much as all services' checks in it); a
	// finer step reads raw results as far back as they are kept.
	split := from
	if step >= Bucket {
		rolledUntil, err := r.meta("rolled_until")
		if err != nil {
			return nil, err
		}
		split = maxTime(from, time.Unix(rolledUntil, 0))
	} else {
		rawFrom, err := r.meta("raw_from")
		if err != nil {
			return nil, err
		}
		split = maxTime(from, time.UnixMilli(rawFrom))
	}
	n := int((to.Sub(from) + step - 1) / step)
	steps := make([]stepAcc, n)
	index := func(t time.Time) int { return int(max(0, t.Sub(from)) / step) }

	if from.Before(split) {
		if err := r.rollupsInto(steps, id, from, minTime(split, to), step); err != nil {
			return nil, err
		}
	}
	if split.Before(to) {
		rows, err := r.db.Query("SELECT at, status, latency_us FROM results WHERE at >= ? AND at < ? AND service_id = ? ORDER BY at",
			split.UnixMilli(), to.UnixMilli(), id)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var at, st, us int64
			if err := rows.Scan(&at, &st, &us); err != nil {
				rows.Close()
				return nil, err
			}
			if i := index(time.UnixMilli(at)); i < n {
				steps[i].addResult(statusOf(st), us)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	var out []Point
	for i := range steps {
		if steps[i].checks > 0 {
			out = append(out, steps[i].point(from.Add(time.Duration(i)*step)))
		}
	}
	return out, nil
}

// stepAcc gathers one step's checks from raw results and rollups alike.
type stepAcc struct {
	rollup
	p50s, p95s []weighted
}

func (a *stepAcc) addResult(st status.Status, us int64) {
	if a.add(st) {
		a.p50s = append(a.p50s, weighted{us, 1})
		a.p95s = append(a.p95s, weighted{us, 1})
		a.max = max(a.max, us)
	}
}

func (a *stepAcc) point(at time.Time) Point {
	p := Point{At: at, Checks: a.checks, Up: a.up, Degraded: a.degraded, Down: a.down,
		P50: time.Duration(weightedRank(a.p50s, 0.50)) * time.Microsecond,
		P95: time.Duration(weightedRank(a.p95s, 0.95)) * time.Microsecond,
		Max: time.Duration(a.max) * time.Microsecond}
	switch {
	case a.down > 0:
		p.Status = status.Down
	case a.degraded > 0:
		p.Status = status.Degraded
	case a.up > 0:
		p.Status = status.Up
	}
	return p
}

// rollupsInto adds service id's rollups whose bucket starts before to (and ends after
// from) to their steps. Counts and maxima are summed by SQLite; only the columns the
// percentiles need come out per rollup, because reading a column costs more than
// the rest of a row's work (a 90-day chart is 26,000 rollups).
func (r *Reader) rollupsInto(steps []stepAcc, id int64, from, to time.Time, step time.Duration) error {
	const where = "FROM rollups WHERE service_id = ? AND bucket > ? AND bucket < ?"
	index := "max(0, bucket * 1000 - ?) / ?" // the step, as index(time.Unix(bucket, 0))
	args := []any{from.UnixMilli(), step.Milliseconds(), id, from.Unix() - bucketSec, to.Unix()}
	rows, err := r.db.Query("SELECT "+index+", sum(checks), sum(up), sum(degraded), sum(down), max(max_us) "+where+" GROUP BY 1", args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var i int
		var ru rollup
		if err := rows.Scan(&i, &ru.checks, &ru.up, &ru.degraded, &ru.down, &ru.max); err != nil {
			rows.Close()
			return err
		}
		if i < len(steps) {
			a := &steps[i]
			a.checks, a.up, a.degraded, a.down = a.checks+ru.checks, a.up+ru.up, a.degraded+ru.degraded, a.down+ru.down
			a.max = max(a.max, ru.max)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = r.db.Query("SELECT "+index+", up + degraded, p50_us, p95_us "+where+" AND up + degraded > 0", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var i, n int
		var p50, p95 int64
		if err := rows.Scan(&i, &n, &p50, &p95); err != nil {
			return err
		}
		if i < len(steps) {
			steps[i].p50s = append(steps[i].p50s, weighted{p50, n})
			steps[i].p95s = append(steps[i].p95s, weighted{p95, n})
		}
	}
	return rows.Err()
}
