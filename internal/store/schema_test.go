package store

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/status"
)

// v1File is a history file as schema version 1 wrote it. It is checked in, so editing
// a shipped migration instead of adding one breaks this test. Regenerate it only
// together with a deliberate change of version 1 (never after a release):
// UPTRAY_STORE_WRITE_V1=1 go test -run TestMigrateFromV1 ./internal/store
const v1File = "testdata/history-v1.db"

func writeV1(t *testing.T) {
	os.Remove(v1File)
	clk := clock.NewFake(t0)
	st, _, err := Open(context.Background(), v1File, Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	rec := NewRecorder(st, RecorderOptions{})
	rec.RecordTransition(status.Transition{Service: "A", From: status.Unknown, To: status.Up, At: t0})
	for i := range 20 {
		rec.RecordResult("A", status.Result{Status: status.Up, Latency: time.Duration(i+1) * time.Millisecond, At: t0.Add(time.Duration(i) * time.Minute)})
		rec.RecordResult("B", status.Result{Status: status.Down, Reason: "HTTP 503 (want 200)", At: t0.Add(time.Duration(i) * time.Minute)})
	}
	clk.Advance(20 * time.Minute)
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := st.db.Exec("VACUUM"); err != nil {
		t.Fatal(err)
	}
	st.Close()
}

func TestMigrateFromV1(t *testing.T) {
	if os.Getenv("UPTRAY_STORE_WRITE_V1") == "1" {
		writeV1(t)
	}
	path := filepath.Join(t.TempDir(), "history.db")
	copyFile(t, v1File, path)
	ctx := context.Background()
	st, rec, err := Open(ctx, path, Options{Clock: clock.NewFake(t0.Add(time.Hour))})
	if err != nil || rec != nil {
		t.Fatalf("Open(v1): %v, %+v", err, rec)
	}
	defer st.Close()
	r := st.Reader()
	if names, err := r.Services(); err != nil || len(names) != 2 || names[0] != "A" || names[1] != "B" {
		t.Fatalf("Services() = %q, %v", names, err)
	}
	if pts, err := r.Latency("A", t0, t0.Add(time.Hour), time.Hour); err != nil || len(pts) != 1 || pts[0].Checks != 20 || pts[0].Max != 20*time.Millisecond {
		t.Fatalf("Latency(A) = %+v, %v", pts, err)
	}

	// The next version's step runs on top of v1 and keeps what v1 wrote.
	v2 := append(migrations(), "ALTER TABLE events ADD COLUMN note TEXT NOT NULL DEFAULT ''; CREATE INDEX results_by_status ON results(status);")
	if err := migrate(ctx, st.db, v2); err != nil {
		t.Fatal(err)
	}
	if v, _ := schemaVersion(ctx, st.db); v != 2 {
		t.Fatalf("version %d after migrating, want 2", v)
	}
	var note string
	if err := st.db.QueryRow("SELECT note FROM events").Scan(&note); err != nil || note != "" {
		t.Errorf("v1's event after the migration: %q, %v", note, err)
	}
	if evs, err := r.Events("A", t0, t0.Add(time.Hour)); err != nil || len(evs) != 1 {
		t.Errorf("Events(A) after migrating = %+v, %v", evs, err)
	}
	// A step that fails leaves the file at the version before it, not half-changed.
	broken := append(v2, "CREATE TABLE half(x); INSERT INTO nowhere VALUES (1);")
	if err := migrate(ctx, st.db, broken); err == nil {
		t.Fatal("a broken step did not fail")
	}
	if v, _ := schemaVersion(ctx, st.db); v != 2 {
		t.Errorf("version %d after a failed step, want 2", v)
	}
	if n := count(t, st, "SELECT count(*) FROM sqlite_schema WHERE name = 'half'"); n != 0 {
		t.Error("the failed step's table is there")
	}
}

func count(t *testing.T, st *Store, q string) int {
	t.Helper()
	var n int
	if err := st.db.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
