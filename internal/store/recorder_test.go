package store

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/status"
)

// A write in progress (the disk is slow) never holds up Record*: results wait in a
// bounded buffer that drops the oldest, transitions are all kept.
func TestRecordNeverBlocksAndDropsOldestResults(t *testing.T) {
	var logs logBuffer
	f := newFixture(t, RecorderOptions{MaxBuffered: 5, Log: logs.logger()})
	f.rec.wmu.Lock() // a batch that takes forever to write
	start := time.Now()
	for i := range 12 {
		f.rec.RecordResult("Mail", status.Result{Status: status.Up, Latency: time.Duration(i+1) * time.Millisecond, At: t0.Add(time.Duration(i) * time.Second)})
	}
	for i := range 300 {
		f.rec.RecordTransition(status.Transition{Service: "Mail", From: status.Up, To: status.Down, At: t0.Add(time.Duration(i) * time.Millisecond)})
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("recording while a write is in progress took %v", d)
	}
	f.rec.wmu.Unlock()
	f.flush(t)
	var latest int64
	if n := f.count(t, "SELECT count(*) FROM results"); n != 5 {
		t.Errorf("%d results kept, want the buffer's 5", n)
	}
	if err := f.st.db.QueryRow("SELECT min(latency_us) FROM results").Scan(&latest); err != nil || latest != 8000 {
		t.Errorf("oldest result kept has latency %d µs, %v; want the 8th (8000 µs)", latest, err)
	}
	if n := f.count(t, "SELECT count(*) FROM events"); n != 300 {
		t.Errorf("%d transitions kept, want all 300", n)
	}
	if !strings.Contains(logs.String(), "dropped=7") {
		t.Errorf("the log does not count the 7 dropped results:\n%s", logs.String())
	}
}

// Run writes on its timer (transitions at once, results once they are worth a batch)
// and Close writes the rest and ends the session cleanly.
func TestRunAndClose(t *testing.T) {
	f := newFixture(t, RecorderOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := make(chan error, 1)
	go func() { ran <- f.rec.Run(ctx) }()
	eventually(t, "Run to arm its timer", func() bool { _, ok := f.clk.NextDue(); return ok })

	f.transition("Mail", status.Up, status.Down, "connect: connection refused")
	f.result("Mail", status.Down, 0)
	f.clk.Advance(5 * time.Second)
	eventually(t, "the transition to be written", func() bool { return f.count(t, "SELECT count(*) FROM events") == 1 })

	f.result("Mail", status.Down, 0)
	f.clk.Advance(5 * time.Second) // results alone wait for a batch worth writing
	eventually(t, "Run to re-arm", func() bool { next, ok := f.clk.NextDue(); return ok && next.After(f.clk.Now()) })
	if err := f.rec.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-ran; err != nil {
		t.Fatalf("Run returned %v", err)
	}
	if n := f.count(t, "SELECT count(*) FROM results"); n != 2 {
		t.Errorf("%d results after Close, want 2", n)
	}
	if n := f.count(t, "SELECT count(*) FROM sessions WHERE ended = 1"); n != 1 {
		t.Errorf("%d sessions ended cleanly, want 1", n)
	}
	f.result("Mail", status.Up, time.Millisecond) // after Close: dropped, not blocked
	if err := f.rec.Close(); err != nil {
		t.Errorf("a second Close: %v", err)
	}
}

// Close without Run still writes what was recorded.
func TestCloseWithoutRun(t *testing.T) {
	f := newFixture(t, RecorderOptions{})
	f.result("Mail", status.Up, time.Millisecond)
	f.transition("", status.Up, status.Offline, "no network")
	if err := f.rec.Close(); err != nil {
		t.Fatal(err)
	}
	if n := f.count(t, "SELECT count(*) FROM results") + f.count(t, "SELECT count(*) FROM events"); n != 2 {
		t.Errorf("%d rows after Close, want 2", n)
	}
}

// A full disk stops recording with one error, returned by Run and logged once; the
// callers go on as before.
func TestFullDiskStopsRecording(t *testing.T) {
	var logs logBuffer
	f := newFixture(t, RecorderOptions{Log: logs.logger()})
	f.result("Mail", status.Up, time.Millisecond)
	f.flush(t)
	// SQLite's own limit gives the error a full disk gives: SQLITE_FULL.
	if _, err := f.st.db.Exec("PRAGMA max_page_count = " + strconv.Itoa(f.count(t, "PRAGMA page_count"))); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := make(chan error, 1)
	go func() { ran <- f.rec.Run(ctx) }()
	eventually(t, "Run to arm its timer", func() bool { _, ok := f.clk.NextDue(); return ok })
	for i := range 2000 {
		f.rec.RecordResult("Mail", status.Result{Status: status.Down, Reason: strings.Repeat("HTTP 503 ", 20), At: t0.Add(time.Duration(i) * time.Second)})
	}
	f.clk.Advance(5 * time.Second)
	select {
	case err := <-ran:
		if err == nil || !strings.Contains(err.Error(), "disk is full") {
			t.Fatalf("Run returned %v, want a full disk", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop on a full disk")
	}
	start := time.Now()
	for range 10000 {
		f.result("Mail", status.Up, time.Millisecond)
		f.transition("Mail", status.Down, status.Up, "")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("recording after the disk filled took %v", d)
	}
	if err := f.rec.flush(false); err != nil {
		t.Errorf("a flush after the stop: %v; want nil (told once)", err)
	}
	if err := f.rec.Close(); err != nil {
		t.Errorf("Close after the stop: %v; want nil (told once)", err)
	}
	if n := strings.Count(logs.String(), "level=ERROR"); n != 1 {
		t.Errorf("logged %d times, want once:\n%s", n, logs.String())
	}
}
