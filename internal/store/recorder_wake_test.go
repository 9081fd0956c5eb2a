package store

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/status"
)

// runCounts is what a running Recorder did since startRun (or since reset).
type runCounts struct{ wakes, writes atomic.Int32 }

func (c *runCounts) reset() { c.wakes.Store(0); c.writes.Store(0) }

// startRun runs f.rec, counting its wake-ups and batches; its first batch is due at
// t0+5 s (FlushEvery).
func startRun(t *testing.T, f *fixture) *runCounts {
	t.Helper()
	c := &runCounts{}
	f.rec.onWake = func() { c.wakes.Add(1) }
	f.rec.afterFlush = func(int) { c.writes.Add(1) }
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- f.rec.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-ran; err != nil {
			t.Error(err)
		}
	})
	eventually(t, "Run to arm its timer", func() bool { _, ok := f.clk.NextDue(); return ok })
	return c
}

// firstBatch starts f.rec and returns once its first batch (the session's start, at
// t0+5 s) is written, with the counts at zero.
func firstBatch(t *testing.T, f *fixture) *runCounts {
	t.Helper()
	c := startRun(t, f)
	f.clk.Advance(5 * time.Second)
	settle(t, f)
	if c.writes.Load() != 1 {
		t.Fatalf("%d batches at start, want the first", c.writes.Load())
	}
	c.reset()
	return c
}

// settle waits until Run sleeps again after its timer fired: a fired fake timer is
// disarmed until Run re-arms it. (Run handling a signal looks asleep: tests wait for
// what a signal arms with armedAt.)
func settle(t *testing.T, f *fixture) {
	t.Helper()
	eventually(t, "Run to re-arm", func() bool {
		next, ok := f.clk.NextDue()
		return ok && next.After(f.clk.Now())
	})
}

// armedAt waits until Run's timer is armed for at.
func armedAt(t *testing.T, f *fixture, at time.Time) {
	t.Helper()
	eventually(t, "Run to arm for "+at.Sub(t0).String(), func() bool {
		next, ok := f.clk.NextDue()
		return ok && next.Equal(at)
	})
}

func lastSeen(t *testing.T, f *fixture) time.Time {
	t.Helper()
	return time.UnixMilli(int64(f.count(t, "SELECT last_seen FROM sessions"))).UTC()
}

// With nothing recorded, the writer sleeps until the heartbeat: not a wake-up in 50 s
// (it was one every FlushEvery, 5 s).
func TestIdleRecorderSleeps(t *testing.T) {
	f := newFixture(t, RecorderOptions{})
	c := firstBatch(t, f)
	for range 10 {
		f.clk.Advance(5 * time.Second)
		settle(t, f)
	}
	if w, n := c.wakes.Load(), c.writes.Load(); w != 0 || n != 0 {
		t.Errorf("idle for 50 s: %d wake-ups, %d batches; want none", w, n)
	}
	armedAt(t, f, t0.Add(5*time.Second+heartbeat))
}

// The heartbeat still moves the session's end each minute when nothing else is written,
// with one wake-up each.
func TestIdleRecorderBeatsEachMinute(t *testing.T) {
	f := newFixture(t, RecorderOptions{})
	c := firstBatch(t, f)
	for minute := 1; minute <= 3; minute++ {
		for range 12 {
			f.clk.Advance(5 * time.Second)
			settle(t, f)
		}
		if want := t0.Add(5 * time.Second).Add(time.Duration(minute) * heartbeat); !lastSeen(t, f).Equal(want) {
			t.Errorf("after %d min the session ends at %v, want %v", minute, lastSeen(t, f), want)
		}
	}
	if w, n := c.wakes.Load(), c.writes.Load(); w != 3 || n != 3 {
		t.Errorf("idle for 3 min: %d wake-ups, %d batches; want 3 heartbeats", w, n)
	}
}

// A change of state wakes the writer, which writes it FlushEvery later (off the old
// 5-s grid: it comes at t0+12 s).
func TestTransitionWrittenWithinFlushEvery(t *testing.T) {
	f := newFixture(t, RecorderOptions{})
	firstBatch(t, f)
	f.clk.Advance(7 * time.Second)
	f.transition("Mail", status.Up, status.Down, "connect: connection refused")
	f.clk.Advance(time.Second) // another one of the burst: the same batch
	f.transition("Web", status.Up, status.Down, "connect: connection refused")
	armedAt(t, f, t0.Add(17*time.Second))
	f.clk.Advance(4 * time.Second)
	eventually(t, "the transitions to be written", func() bool { return f.count(t, "SELECT count(*) FROM events") == 2 })
}

// Results alone wait ResultsEvery after the last write, not less; a batch's worth of
// them is written at once.
func TestResultsWaitForResultsEvery(t *testing.T) {
	f := newFixture(t, RecorderOptions{})
	firstBatch(t, f) // the last write: t0+5 s
	f.clk.Advance(time.Second)
	f.result("Mail", status.Up, time.Millisecond)
	armedAt(t, f, t0.Add(35*time.Second))
	f.clk.Set(t0.Add(35*time.Second - time.Millisecond))
	settle(t, f)
	if n := f.count(t, "SELECT count(*) FROM results"); n != 0 {
		t.Fatalf("%d results written before ResultsEvery", n)
	}
	f.clk.Advance(time.Millisecond)
	eventually(t, "the result to be written", func() bool { return f.count(t, "SELECT count(*) FROM results") == 1 })

	settle(t, f)
	for i := range batchResults {
		f.rec.RecordResult("Mail", status.Result{Status: status.Up, At: f.clk.Now().Add(time.Duration(i) * time.Millisecond)})
	}
	eventually(t, "a batch's worth to be written at once", func() bool {
		return f.count(t, "SELECT count(*) FROM results") == 1+batchResults
	})
}

// 50 services checked each minute from the start: results never stop coming, and the
// writer wakes twice a minute (ResultsEvery, the heartbeat riding along), where it woke
// 12 times; every wake-up writes a batch.
func TestWakeUpsWithResultsComingSteadily(t *testing.T) {
	f := newFixture(t, RecorderOptions{})
	c := startRun(t, f)
	const minutes, every = 11, time.Minute / 50
	for range minutes * 50 {
		f.clk.Advance(every)
		settle(t, f)
		f.result("Mail", status.Up, time.Millisecond)
	}
	settle(t, f)
	w, n := c.wakes.Load(), c.writes.Load()
	t.Logf("50 services checked each minute: %d wake-ups and %d batches in %d min", w, n, minutes)
	if w != n || n > 1+2*minutes || n < 2*minutes { // the first batch, then one every 30 s
		t.Errorf("%d wake-ups and %d batches in %d min, want one batch each wake-up, two a minute", w, n, minutes)
	}
	if seen := lastSeen(t, f); f.clk.Now().Sub(seen) > heartbeat {
		t.Errorf("the session ends at %v, more than a heartbeat before now (%v)", seen, f.clk.Now())
	}
}
