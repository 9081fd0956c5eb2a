package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/status"
)

// ErrUnknownService is returned for a name the history has never seen (a service
// added since, or a typo on the command line).
var ErrUnknownService = errors.New("no history for this service")

// ErrNoData is returned by Uptime when nothing was known of the service in the range:
// Uptray was not running, the laptop was offline, or no check had finished.
var ErrNoData = errors.New("no history in this period")

// staleAfter is how old a session's heartbeat may be while it is taken to be running:
// the writer beats every minute at the longest.
const staleAfter = 3 * heartbeat

// Reader answers questions about the history. Its methods may be called from several
// goroutines.
type Reader struct {
	db  *sql.DB
	clk clock.Clock
	own bool // Close closes db
}

// OpenReader opens the history file read-only, for the windows process and the command
// line, while the resident may be writing it. A missing file is an error wrapping
// fs.ErrNotExist: there is no history yet. clk may be nil (the real clock).
func OpenReader(path string, clk clock.Clock) (*Reader, error) {
	if clk == nil {
		clk = clock.Real{}
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	db, err := sql.Open("sqlite", fileURI(path, fmt.Sprintf("mode=ro&_busy_timeout=%d", busyTimeout)))
	if err != nil {
		return nil, err
	}
	v, err := schemaVersion(context.Background(), db)
	if err == nil {
		switch want := len(migrations()); {
		case v > want:
			err = fmt.Errorf("%w (schema version %d, this one knows %d)", errNewer, v, want)
		case v < want:
			err = fmt.Errorf("history: schema version %d; it is upgraded when Uptray starts", v)
		}
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("history: %w", err)
	}
	return &Reader{db: db, clk: clk, own: true}, nil
}

// Close closes the file (a Reader from Store.Reader leaves it to the Store).
func (r *Reader) Close() error {
	if !r.own {
		return nil
	}
	return r.db.Close()
}

// Services returns the names of every service with history, sorted.
func (r *Reader) Services() ([]string, error) {
	rows, err := r.db.Query("SELECT name FROM services WHERE id != 0 ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func (r *Reader) meta(key string) (int64, error) {
	var v int64
	err := r.db.QueryRow(qMetaGet, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

func (r *Reader) serviceID(name string) (int64, error) {
	var id int64
	err := r.db.QueryRow("SELECT id FROM services WHERE name = ? AND id != 0", name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("%w: %q", ErrUnknownService, name)
	}
	return id, err
}

// Event is one change of state.
type Event struct {
	// Service is "" for this laptop's connectivity: To is Offline when it went offline
	// (the charts' grey periods), Up when it came back.
	Service  string
	From, To status.Status
	Reason   string
	At       time.Time
	// Until is when the next change came, or when Uptray stopped running (the state
	// is not known after that); zero while it still holds.
	Until time.Time
}

// Duration is how long the state lasted, up to now when it still holds.
func (e Event) Duration(now time.Time) time.Duration {
	if e.Until.IsZero() {
		return now.Sub(e.At)
	}
	return e.Until.Sub(e.At)
}

// Events returns the changes of state in [from, to), oldest first: service's and this
// laptop's connectivity changes; with service "", every service's.
func (r *Reader) Events(service string, from, to time.Time) ([]Event, error) {
	q := `SELECT e.service_id, s.name, e.at, e.from_status, e.to_status, e.reason, e.session
		FROM events e JOIN services s ON s.id = e.service_id WHERE e.at >= ? AND e.at < ?`
	args := []any{from.UnixMilli(), to.UnixMilli()}
	if service != "" {
		id, err := r.serviceID(service)
		if err != nil {
			return nil, err
		}
		q += " AND e.service_id IN (?, 0)"
		args = append(args, id)
	}
	rows, err := r.db.Query(q+" ORDER BY e.at, e.id", args...)
	if err != nil {
		return nil, err
	}
	var out []Event
	var raw []eventRow
	for rows.Next() {
		var e Event
		var er eventRow
		var from, to int64
		if err := rows.Scan(&er.service, &e.Service, &er.at, &from, &to, &e.Reason, &er.session); err != nil {
			rows.Close()
			return nil, err
		}
		e.From, e.To, e.At = statusOf(from), statusOf(to), time.UnixMilli(er.at)
		out, raw = append(out, e), append(raw, er)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, r.fillUntil(out, raw, to)
}

type eventRow struct{ service, at, session int64 }

// fillUntil sets each event's Until: the next change of the same service within the
// same run of Uptray, else the end of that run.
func (r *Reader) fillUntil(out []Event, raw []eventRow, to time.Time) error {
	sess, err := r.sessions(time.UnixMilli(minAt(raw)), r.clk.Now())
	if err != nil {
		return err
	}
	ends := map[int64]time.Time{}
	for _, s := range sess {
		ends[s.id] = s.end(r.clk.Now())
	}
	next := map[int64]eventRow{} // service → the event after the one being looked at
	for i := len(raw) - 1; i >= 0; i-- {
		er := raw[i]
		n, ok := next[er.service]
		if !ok {
			if err := r.db.QueryRow("SELECT at, session FROM events WHERE service_id = ? AND at >= ? ORDER BY at LIMIT 1",
				er.service, to.UnixMilli()).Scan(&n.at, &n.session); err == nil {
				ok = true
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		switch {
		case ok && n.session == er.session:
			out[i].Until = time.UnixMilli(n.at)
		case !ends[er.session].IsZero():
			out[i].Until = maxTime(ends[er.session], out[i].At)
		} // else zero: the session is still running
		next[er.service] = er
	}
	return nil
}

func minAt(raw []eventRow) int64 {
	if len(raw) == 0 {
		return 0
	}
	return raw[0].at
}

// session is one run of the resident: what it recorded is known from start to end.
type session struct {
	id       int64
	start    time.Time
	lastSeen time.Time
	ended    bool
}

// end is when the session stopped, or zero while it is still running: a clean Close
// marks it ended; a crash leaves a heartbeat that grows old.
func (s session) end(now time.Time) time.Time {
	if !s.ended && now.Sub(s.lastSeen) < staleAfter {
		return time.Time{}
	}
	return s.lastSeen
}

// sessions returns the runs of Uptray overlapping [from, to), oldest first.
func (r *Reader) sessions(from, to time.Time) ([]session, error) {
	rows, err := r.db.Query("SELECT id, started, last_seen, ended FROM sessions WHERE last_seen >= ? AND started < ? ORDER BY started",
		from.Add(-staleAfter).UnixMilli(), to.UnixMilli()) // a running session's heartbeat lags
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []session
	for rows.Next() {
		var s session
		var start, last int64
		if err := rows.Scan(&s.id, &start, &last, &s.ended); err != nil {
			return nil, err
		}
		s.start, s.lastSeen = time.UnixMilli(start), time.UnixMilli(last)
		out = append(out, s)
	}
	return out, rows.Err()
}
