package store

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/status"
)

// t0 is a Monday morning, bucket-aligned, so expected buckets are easy to read.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

type fixture struct {
	path string
	clk  *clock.Fake
	st   *Store
	rec  *Recorder
}

func newFixture(t testing.TB, opts RecorderOptions) *fixture {
	t.Helper()
	f := &fixture{path: filepath.Join(t.TempDir(), "history.db"), clk: clock.NewFake(t0)}
	st, rec, err := Open(context.Background(), f.path, Options{Clock: f.clk})
	if err != nil || rec != nil {
		t.Fatalf("Open: %v, %v", err, rec)
	}
	f.st = st
	if opts.Clock == nil {
		opts.Clock = f.clk
	}
	f.rec = NewRecorder(st, opts)
	t.Cleanup(func() { f.rec.Close(); st.Close() })
	return f
}

// flush writes a batch now, failing the test on error.
func (f *fixture) flush(t testing.TB) {
	t.Helper()
	if err := f.rec.flush(false); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) result(svc string, st status.Status, latency time.Duration) {
	f.rec.RecordResult(svc, status.Result{Status: st, Latency: latency, At: f.clk.Now()})
}

func (f *fixture) transition(svc string, from, to status.Status, reason string) {
	f.rec.RecordTransition(status.Transition{Service: svc, From: from, To: to, Reason: reason, At: f.clk.Now()})
}

func (f *fixture) count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.st.db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// logBuffer collects log lines from any goroutine.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }

// eventually polls cond for up to 5 s: for what another goroutine writes.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}
