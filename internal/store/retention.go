package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

const (
	// rollupGrace is how long after a 5-minute bucket ends before it is rolled up:
	// results are stamped when the check ends and reach the disk with the next batch.
	rollupGrace = time.Minute
	// expireEvery is how often rollups, events and sessions past their keeping time are
	// deleted: hourly touches each service's oldest page once an hour, not 12 times.
	expireEvery = time.Hour
	// sweepEvery is how often services with no history left are forgotten and a large
	// surplus of free pages is given back to the file system.
	sweepEvery = 24 * time.Hour
)

// The statements of retention, prepared with the writer's (see writer.prepare).
const (
	qMetaGet       = "SELECT value FROM meta WHERE key = ?"
	qMetaSet       = "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)"
	qRawForRollup  = "SELECT service_id, at, status, latency_us FROM results WHERE at >= ? AND at < ? ORDER BY at, service_id"
	qInsertRollup  = "INSERT OR REPLACE INTO rollups(service_id, bucket, checks, up, degraded, down, p50_us, p95_us, max_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
	qDeleteRaw     = "DELETE FROM results WHERE at < ?"
	qServiceIDs    = "SELECT id FROM services WHERE id != 0"
	qDeleteRollups = "DELETE FROM rollups WHERE service_id = ? AND bucket < ?"
	qDeleteEvents  = "DELETE FROM events WHERE at < ?"
	qDeleteSession = "DELETE FROM sessions WHERE last_seen < ? AND id != ?"
	qSweepServices = `DELETE FROM services WHERE id != 0
		AND NOT EXISTS (SELECT 1 FROM results WHERE service_id = services.id)
		AND NOT EXISTS (SELECT 1 FROM rollups WHERE service_id = services.id)
		AND NOT EXISTS (SELECT 1 FROM events WHERE service_id = services.id)`
)

// retained says which of retain's occasional steps ran, for after the commit.
type retained struct{ expired, swept bool }

// retain rolls closed 5-minute buckets up, drops raw results once they are rolled up
// and 48 hours old, and (hourly) what is past its keeping time, inside the batch's
// transaction. Every step reads or deletes one key range, so a run costs
// O(services + new results), not O(file).
func (w *writer) retain(ctx context.Context, tx *sql.Tx, now time.Time) (retained, error) {
	var done retained
	rolledUntil, err := w.metaGet(ctx, tx, "rolled_until") // Unix s, a bucket boundary
	if err != nil {
		return done, err
	}
	rawFrom, err := w.metaGet(ctx, tx, "raw_from") // Unix ms: raw results are complete from here
	if err != nil {
		return done, err
	}
	closeBefore := floorBucket(now.Add(-rollupGrace))
	if start := max(rolledUntil, floorBucket(now.Add(-RollupFor))); start < closeBefore {
		if err := w.rollUp(ctx, tx, start, closeBefore); err != nil {
			return done, err
		}
		if err := w.metaSet(ctx, tx, "rolled_until", closeBefore); err != nil {
			return done, err
		}
		rolledUntil = closeBefore
	}
	// Raw results go only once their bucket is rolled up, so a chart never has a hole.
	if rawCut := min(floorBucket(now.Add(-RawFor)), rolledUntil) * 1000; rawCut > rawFrom {
		if _, err := w.stmt(ctx, tx, qDeleteRaw).ExecContext(ctx, rawCut); err != nil {
			return done, err
		}
		if err := w.metaSet(ctx, tx, "raw_from", rawCut); err != nil {
			return done, err
		}
	}
	if now.Sub(w.lastExpire) >= expireEvery {
		if err := w.expire(ctx, tx, now); err != nil {
			return done, err
		}
		done.expired = true
	}
	if now.Sub(w.lastSweep) >= sweepEvery {
		// A service removed from the configuration keeps its history until that
		// expires; then its name goes too.
		if _, err := w.stmt(ctx, tx, qSweepServices).ExecContext(ctx); err != nil {
			return done, err
		}
		done.swept = true
	}
	return done, nil
}

// retained notes, once retain's transaction has committed, what ran.
func (r *Recorder) retained(ctx context.Context, done retained, now time.Time) error {
	w := &r.w
	w.lastRetain = now
	if done.expired {
		w.lastExpire = now
	}
	if done.swept {
		w.ids, w.lastSweep = nil, now // reloaded at the next batch
		return r.giveBack(ctx)
	}
	return nil
}

// expire deletes rollups, events and sessions past their keeping time.
func (w *writer) expire(ctx context.Context, tx *sql.Tx, now time.Time) error {
	rows, err := w.stmt(ctx, tx, qServiceIDs).QueryContext(ctx)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// Per service: each delete is a range of the (service, bucket) key.
	del := w.stmt(ctx, tx, qDeleteRollups)
	rollCut := floorBucket(now.Add(-RollupFor))
	for _, id := range ids {
		if _, err := del.ExecContext(ctx, id, rollCut); err != nil {
			return err
		}
	}
	cut := now.Add(-EventsFor).UnixMilli()
	if _, err := w.stmt(ctx, tx, qDeleteEvents).ExecContext(ctx, cut); err != nil {
		return err
	}
	_, err = w.stmt(ctx, tx, qDeleteSession).ExecContext(ctx, cut, w.session)
	return err
}

// giveBack returns free pages to the file system when they are more than a quarter of
// the file (a service gone with its 90 days). Fewer are left: the next days' results
// reuse them, which is cheaper than growing the file again.
func (r *Recorder) giveBack(ctx context.Context) error {
	var free, total int64
	if err := r.db.QueryRowContext(ctx, "PRAGMA freelist_count").Scan(&free); err != nil {
		return err
	}
	if err := r.db.QueryRowContext(ctx, "PRAGMA page_count").Scan(&total); err != nil {
		return err
	}
	if free > total/4 {
		_, err := r.db.ExecContext(ctx, "PRAGMA incremental_vacuum")
		return err
	}
	return nil
}

// rollUp turns the raw results in [from, to) (Unix s, bucket boundaries) into rollups,
// every service in one pass over the time range, in key order (no sort).
func (w *writer) rollUp(ctx context.Context, tx *sql.Tx, from, to int64) error {
	rows, err := w.stmt(ctx, tx, qRawForRollup).QueryContext(ctx, from*1000, to*1000)
	if err != nil {
		return err
	}
	type open struct {
		rollup
		lat []int64
	}
	cur := map[int64]*open{} // service → its bucket being filled
	var out []rollupOf
	for rows.Next() {
		var id, at, st, us int64
		if err := rows.Scan(&id, &at, &st, &us); err != nil {
			rows.Close()
			return err
		}
		b := floorDiv(at/1000, bucketSec) * bucketSec
		o := cur[id]
		if o == nil {
			o = &open{}
			cur[id] = o
		}
		if o.checks > 0 && o.bucket != b {
			out = append(out, rollupOf{id, o.finish(o.lat)})
			o.rollup, o.lat = rollup{}, o.lat[:0]
		}
		o.bucket = b
		if o.add(statusOf(st)) {
			o.lat = append(o.lat, us)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for id, o := range cur {
		if o.checks > 0 {
			out = append(out, rollupOf{id, o.finish(o.lat)})
		}
	}
	ins := w.stmt(ctx, tx, qInsertRollup)
	for _, k := range out {
		if _, err := ins.ExecContext(ctx, k.service, k.bucket, k.checks, k.up, k.degraded, k.down, k.p50, k.p95, k.max); err != nil {
			return err
		}
	}
	return nil
}

type rollupOf struct {
	service int64
	rollup
}

func (w *writer) metaGet(ctx context.Context, tx *sql.Tx, key string) (int64, error) {
	var v int64
	err := w.stmt(ctx, tx, qMetaGet).QueryRowContext(ctx, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

func (w *writer) metaSet(ctx context.Context, tx *sql.Tx, key string, v int64) error {
	_, err := w.stmt(ctx, tx, qMetaSet).ExecContext(ctx, key, v)
	return err
}
