// Package store keeps Uptray's history in one SQLite file (modernc.org/sqlite: pure Go,
// so the Windows cross-build needs no C compiler): every change of state for a year,
// every check result for 48 hours, 5-minute rollups of them for 90 days, and the
// periods Uptray was running. The resident writes through a Recorder that never blocks
// the engine; the windows process and the command line read the same file through a
// Reader while it is written (WAL lets readers and one writer work at once).
package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/status"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// How long each kind of history is kept.
const (
	RawFor    = 48 * time.Hour       // every check result
	RollupFor = 90 * 24 * time.Hour  // 5-minute rollups
	EventsFor = 365 * 24 * time.Hour // changes of state and Uptray's running periods
	Bucket    = 5 * time.Minute      // the width of a rollup
)

// busyTimeout is how long a statement waits for another connection's lock. Readers
// are never blocked by the writer under WAL; this covers checkpoints and recovery.
const busyTimeout = 5000 // ms

// Options are what Open needs besides the path.
type Options struct {
	Clock clock.Clock  // nil: the real clock (names the moved-aside file)
	Log   *slog.Logger // nil: discarded
}

// Store is the history file opened for writing: one per resident.
type Store struct {
	db   *sql.DB
	path string
	clk  clock.Clock
	log  *slog.Logger
}

// Recovered says that Open found the file unreadable, moved it aside and started a
// fresh one: the app tells the user once.
type Recovered struct {
	MovedTo string // the old file's new name: history.db.corrupt-<time>
	Cause   error  // what was wrong with it
}

// Open opens (creating or migrating as needed) the history file for writing. A corrupt
// or unreadable file is moved aside and a fresh one started; the *Recovered says so.
// A file from a newer Uptray is left alone and reported as an error. Any error leaves
// the app without history, nothing else: monitoring does not depend on the store.
func Open(ctx context.Context, path string, opts Options) (*Store, *Recovered, error) {
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, fmt.Errorf("history: %w", err)
	}
	s, err := openRW(ctx, path, opts)
	if err == nil || !isUnreadable(err) {
		return s, nil, err
	}
	moved, merr := moveAside(path, opts.Clock.Now())
	if merr != nil {
		return nil, nil, fmt.Errorf("history: %v, and it could not be moved aside: %w", err, merr)
	}
	opts.Log.Warn("history file unreadable: moved aside, starting afresh", "moved_to", moved, "error", err)
	s, err2 := openRW(ctx, path, opts)
	if err2 != nil {
		return nil, nil, err2
	}
	return s, &Recovered{MovedTo: moved, Cause: err}, nil
}

func openRW(ctx context.Context, path string, opts Options) (*Store, error) {
	// auto_vacuum must be set before the first table exists, so it is in the DSN; on
	// an existing file it does nothing. synchronous=NORMAL in WAL mode loses nothing
	// when the process is killed, only the last commits on a power cut, and saves an
	// fsync per batch. _txlock=immediate takes the write lock at BEGIN, so a batch
	// never fails half-way with SQLITE_BUSY.
	q := fmt.Sprintf("_busy_timeout=%d&_auto_vacuum=incremental&_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate", busyTimeout)
	db, err := sql.Open("sqlite", fileURI(path, q))
	if err != nil {
		return nil, err
	}
	// One connection: the writer is one goroutine, and a single connection keeps
	// per-connection settings (and tests' max_page_count) in force.
	db.SetMaxOpenConns(1)
	if err := check(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	if err := migrate(ctx, db, migrations()); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db, path: path, clk: opts.Clock, log: opts.Log}, nil
}

// Path is the file's path.
func (s *Store) Path() string { return s.path }

// Reader returns a Reader over the writer's own connection, for a process that both
// writes and reads (tests, the resident); it waits for a batch being written.
func (s *Store) Reader() *Reader { return &Reader{db: s.db, clk: s.clk} }

// Close closes the file. Close the Recorder first, so its last batch is written.
func (s *Store) Close() error { return s.db.Close() }

// statusCode and statusOf fix the numbers statuses are stored as, independent of the
// order of status's constants: a renumbering there must not rewrite history.
func statusCode(st status.Status) int64 {
	switch st {
	case status.Up:
		return 1
	case status.Degraded:
		return 2
	case status.Down:
		return 3
	case status.Offline:
		return 4
	case status.Paused:
		return 5
	}
	return 0
}

func statusOf(code int64) status.Status {
	switch code {
	case 1:
		return status.Up
	case 2:
		return status.Degraded
	case 3:
		return status.Down
	case 4:
		return status.Offline
	case 5:
		return status.Paused
	}
	return status.Unknown
}
