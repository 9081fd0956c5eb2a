package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// migrations returns the schema steps in order: step i takes a file from user_version i
// to i+1. A step that has shipped is never edited, only followed by a new one: files in
// the field are at every version that was ever released. (A function, not a variable,
// so nothing can change the list at run time.)
//
// Times are integers: results, events and sessions in Unix milliseconds, rollup
// buckets in Unix seconds. Statuses are the numbers statusCode gives.
func migrations() []string {
	return []string{
		// v1. results are keyed by (time, service): a batch appends to the last page or
		// two, whatever the number of services, and retention cuts from the first ones.
		// rollups are keyed by (service, time), so a 90-day chart reads one contiguous
		// range. Both are WITHOUT ROWID: no hidden rowid or second index per row, so a
		// service's 90 days of rollups stay under a megabyte.
		`CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
		CREATE TABLE services(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
		INSERT INTO services(id, name) VALUES (0, ''); -- connectivity: this laptop
		CREATE TABLE sessions(
			id INTEGER PRIMARY KEY,
			started INTEGER NOT NULL,
			last_seen INTEGER NOT NULL,
			ended INTEGER NOT NULL DEFAULT 0);
		CREATE TABLE events(
			id INTEGER PRIMARY KEY,
			service_id INTEGER NOT NULL,
			at INTEGER NOT NULL,
			from_status INTEGER NOT NULL,
			to_status INTEGER NOT NULL,
			reason TEXT NOT NULL DEFAULT '',
			session INTEGER NOT NULL);
		CREATE INDEX events_by_service ON events(service_id, at);
		CREATE INDEX events_by_time ON events(at);
		CREATE TABLE results(
			service_id INTEGER NOT NULL,
			at INTEGER NOT NULL,
			status INTEGER NOT NULL,
			latency_us INTEGER NOT NULL,
			reason TEXT NOT NULL DEFAULT '',
			PRIMARY KEY(at, service_id)) WITHOUT ROWID;
		CREATE TABLE rollups(
			service_id INTEGER NOT NULL,
			bucket INTEGER NOT NULL,
			checks INTEGER NOT NULL,
			up INTEGER NOT NULL,
			degraded INTEGER NOT NULL,
			down INTEGER NOT NULL,
			p50_us INTEGER NOT NULL,
			p95_us INTEGER NOT NULL,
			max_us INTEGER NOT NULL,
			PRIMARY KEY(service_id, bucket)) WITHOUT ROWID;`,
	}
}

// errNewer is returned for a file written by a newer Uptray: it is left alone, never
// moved aside, so going back to the older version loses nothing.
var errNewer = errors.New("the history file was written by a newer Uptray")

func schemaVersion(ctx context.Context, db *sql.DB) (int, error) {
	var v int
	err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// migrate brings db to len(steps), one transaction per step, so a step that fails
// leaves the file at the previous version rather than half-changed.
func migrate(ctx context.Context, db *sql.DB, steps []string) error {
	v, err := schemaVersion(ctx, db)
	if err != nil {
		return err
	}
	if v > len(steps) {
		return fmt.Errorf("%w (schema version %d, this one knows %d)", errNewer, v, len(steps))
	}
	for i := v; i < len(steps); i++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, steps[i]); err != nil {
			tx.Rollback()
			return fmt.Errorf("schema version %d: %w", i+1, err)
		}
		// user_version lives in the file header, which is part of the transaction.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
