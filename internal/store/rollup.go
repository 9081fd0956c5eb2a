package store

import (
	"cmp"
	"slices"
	"time"

	"github.com/uptray/uptray/internal/status"
)

const bucketSec = int64(Bucket / time.Second)

// floorBucket is the start (Unix s) of the 5-minute bucket t falls in.
func floorBucket(t time.Time) int64 { return floorDiv(t.Unix(), bucketSec) * bucketSec }

// floorDiv rounds towards minus infinity, so times before 1970 (a fake clock's zero)
// still fall in the right bucket.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// rollup is one service's 5-minute bucket. Latencies are µs.
type rollup struct {
	bucket                     int64 // Unix s
	checks, up, degraded, down int
	p50, p95, max              int64
}

// add counts one check and reports whether its latency counts: only answers (Up,
// Degraded) have a latency worth charting; a failure's is its timeout.
func (r *rollup) add(st status.Status) bool {
	r.checks++
	switch st {
	case status.Up:
		r.up++
	case status.Degraded:
		r.degraded++
	case status.Down:
		r.down++
		return false
	default:
		return false
	}
	return true
}

// finish fills in the percentiles of lat (sorted in place).
func (r rollup) finish(lat []int64) rollup {
	if len(lat) == 0 {
		return r
	}
	slices.Sort(lat)
	r.p50, r.p95, r.max = nearestRank(lat, 0.50), nearestRank(lat, 0.95), lat[len(lat)-1]
	return r
}

// nearestRank is the q-th percentile of sorted values: the smallest value with at
// least q of the values at or below it.
func nearestRank(sorted []int64, q float64) int64 {
	i := int(q*float64(len(sorted))+0.999999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// weighted is a latency standing for n checks: one raw result (n = 1) or a rollup's
// percentile (n = its answered checks).
type weighted struct {
	v int64
	n int
}

// weightedRank is nearestRank over weighted values (sorted in place). Combining
// rollups' p95s this way is an approximation, exact when each step is one bucket or
// raw results.
func weightedRank(ws []weighted, q float64) int64 {
	if len(ws) == 0 {
		return 0
	}
	slices.SortFunc(ws, func(a, b weighted) int { return cmp.Compare(a.v, b.v) })
	total := 0
	for _, w := range ws {
		total += w.n
	}
	need := q * float64(total)
	seen := 0
	for _, w := range ws {
		seen += w.n
		if float64(seen) >= need-1e-9 {
			return w.v
		}
	}
	return ws[len(ws)-1].v
}
