package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/uptray/uptray/internal/status"
)

// writer is the state only the batch writer touches.
type writer struct {
	ids        map[string]int64 // service name → id; loaded at the first batch
	session    int64            // this run's row in sessions, once written
	lastBeat   time.Time
	lastWrite  time.Time
	lastRetain time.Time
	lastExpire time.Time
	lastSweep  time.Time
	spare      []pending // the other buffer: swapped with buf at each batch
	err        error     // what stopped recording
	stmts      map[string]*sql.Stmt
}

// The writer's statements are prepared once: modernc compiles SQL text anew on every
// call otherwise, which was a fifth of the cost of recording a result.
const (
	qInsertService = "INSERT INTO services(name) VALUES (?) RETURNING id"
	qInsertSession = "INSERT INTO sessions(started, last_seen) VALUES (?, ?) RETURNING id"
	qBeat          = "UPDATE sessions SET last_seen = ?, ended = ? WHERE id = ?"
	qInsertResult  = "INSERT OR REPLACE INTO results(service_id, at, status, latency_us, reason) VALUES (?, ?, ?, ?, ?)"
	qInsertEvent   = "INSERT INTO events(service_id, at, from_status, to_status, reason, session) VALUES (?, ?, ?, ?, ?, ?)"
)

// prepare readies the writer's statements, outside any transaction: the one
// connection is the transaction's while one is open.
func (w *writer) prepare(ctx context.Context, db *sql.DB) error {
	if w.stmts != nil {
		return nil
	}
	stmts := map[string]*sql.Stmt{}
	for _, q := range []string{qInsertService, qInsertSession, qBeat, qInsertResult, qInsertEvent,
		qMetaGet, qMetaSet, qRawForRollup, qInsertRollup, qDeleteRaw, qServiceIDs, qDeleteRollups,
		qDeleteEvents, qDeleteSession, qSweepServices} {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			for _, st := range stmts {
				st.Close()
			}
			return err
		}
		stmts[q] = st
	}
	w.stmts = stmts
	return nil
}

// stmt is prepared statement q inside tx.
func (w *writer) stmt(ctx context.Context, tx *sql.Tx, q string) *sql.Stmt {
	return tx.StmtContext(ctx, w.stmts[q])
}

func (w *writer) close() {
	for _, st := range w.stmts {
		st.Close()
	}
	w.stmts = nil
}

// write commits one batch in one transaction, with rollups and retention when retain
// (one commit, not two: a commit is most of a small batch's cost).
func (r *Recorder) write(ctx context.Context, batch []pending, head int, trans []status.Transition, now time.Time, final, retain bool) error {
	w := &r.w
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // after Commit, a no-op
	if w.ids == nil {
		if w.ids, err = loadServiceIDs(ctx, tx); err != nil {
			return err
		}
	}
	added := map[string]int64{} // ids are cached only once the transaction commits
	id := func(name string) (int64, error) {
		if v, ok := w.ids[name]; ok {
			return v, nil
		}
		if v, ok := added[name]; ok {
			return v, nil
		}
		var v int64
		err := w.stmt(ctx, tx, qInsertService).QueryRowContext(ctx, name).Scan(&v)
		added[name] = v
		return v, err
	}
	session := w.session
	if session == 0 {
		err := w.stmt(ctx, tx, qInsertSession).QueryRowContext(ctx, r.started.UnixMilli(), now.UnixMilli()).Scan(&session)
		if err != nil {
			return err
		}
	}
	if len(batch) > 0 {
		ins := w.stmt(ctx, tx, qInsertResult)
		for i := range batch {
			p := &batch[(head+i)%len(batch)] // oldest first
			sid, err := id(p.service)
			if err != nil {
				return err
			}
			if _, err := ins.ExecContext(ctx, sid, p.at, p.status, p.latency, p.reason); err != nil {
				return err
			}
		}
	}
	for _, t := range trans {
		sid, err := id(t.Service)
		if err != nil {
			return err
		}
		if _, err := w.stmt(ctx, tx, qInsertEvent).ExecContext(ctx,
			sid, t.At.UnixMilli(), statusCode(t.From), statusCode(t.To), t.Reason, session); err != nil {
			return err
		}
	}
	// The session's end moves once a minute, not every batch: one page less to write
	// each time, and "Uptray was running until" is still right to the minute. A batch
	// with a change of state moves it too, so no event is later than its session's end.
	beat := final || w.session == 0 || len(trans) > 0 || now.Sub(w.lastBeat) >= heartbeat
	if beat {
		if _, err := w.stmt(ctx, tx, qBeat).ExecContext(ctx, now.UnixMilli(), final, session); err != nil {
			return err
		}
	}
	var done retained
	if retain {
		if done, err = w.retain(ctx, tx, now); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for k, v := range added {
		w.ids[k] = v
	}
	w.session, w.lastWrite = session, now
	if beat {
		w.lastBeat = now
	}
	if retain {
		return r.retained(ctx, done, now)
	}
	return nil
}

func loadServiceIDs(ctx context.Context, tx *sql.Tx) (map[string]int64, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, name FROM services")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := map[string]int64{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		ids[name] = id
	}
	return ids, rows.Err()
}
