package alert

import (
	"bytes"
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/status"
)

// recorder is a Notifier that records titles; Notify blocks (until ctx ends) while its
// title is in hang, as a hung notification daemon would.
type recorder struct {
	mu     sync.Mutex
	titles []string
	notes  []Notification
	hang   map[string]bool
}

func (r *recorder) Notify(ctx context.Context, n Notification) error {
	r.mu.Lock()
	hang := r.hang[n.Title]
	r.mu.Unlock()
	if hang {
		<-ctx.Done()
		return ctx.Err()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.titles = append(r.titles, n.Title)
	r.notes = append(r.notes, n)
	return nil
}

func (r *recorder) notifications() []Notification {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.notes)
}

func (r *recorder) sent() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.titles)
}

// syncBuffer is a log destination safe for the sender goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// eventually polls cond against a real-time deadline: the runner's goroutines move on
// their own, the fake clock only tells them when.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond) // polling interval, not synchronisation
	}
}

type harness struct {
	clk  *clock.Fake
	rec  *recorder
	logs *syncBuffer
	r    *Runner
	in   *testFeed
	done chan struct{}
	stop context.CancelFunc
}

func start(t *testing.T, s Settings, timeout time.Duration) *harness {
	t.Helper()
	h := &harness{
		clk:  clock.NewFake(t0),
		rec:  &recorder{hang: map[string]bool{}},
		logs: &syncBuffer{},
		in:   &testFeed{ready: make(chan struct{}, 1)},
		done: make(chan struct{}),
	}
	h.r = NewRunner(h.clk, NewPolicy(s), h.rec, slog.New(slog.NewTextHandler(h.logs, nil)))
	if timeout > 0 {
		h.r.SendTimeout = timeout
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.stop = cancel
	go func() {
		defer close(h.done)
		h.r.Run(ctx, h.in)
	}()
	t.Cleanup(func() {
		cancel()
		<-h.done
	})
	return h
}

// handle delivers t, then a no-op transition once t was taken: Run takes the next batch
// only after handling the last one, so when the second is taken the first has been
// handled and the timer re-armed.
func (h *harness) handle(t status.Transition) {
	if t.At.IsZero() {
		t.At = h.clk.Now()
	}
	h.in.put(t)
	h.in.put(status.Transition{Service: "barrier", To: status.Unknown})
}

// testFeed hands Run one batch at a time; put waits until its batch was taken.
type testFeed struct {
	mu    sync.Mutex
	q     []status.Transition
	ready chan struct{}
}

func (f *testFeed) Ready() <-chan struct{} { return f.ready }

func (f *testFeed) Take() []status.Transition {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := f.q
	f.q = nil
	return q
}

func (f *testFeed) put(t status.Transition) {
	f.mu.Lock()
	f.q = append(f.q, t)
	f.mu.Unlock()
	f.ready <- struct{}{}
	for {
		f.mu.Lock()
		n := len(f.q)
		f.mu.Unlock()
		if n == 0 {
			return
		}
		time.Sleep(100 * time.Microsecond) // polling, not synchronisation
	}
}

func (h *harness) waitSent(t *testing.T, want ...string) {
	t.Helper()
	eventually(t, strings.Join(want, "; "), func() bool { return slices.Equal(h.rec.sent(), want) })
}

func (h *harness) waitArmed(t *testing.T, at time.Time) {
	t.Helper()
	eventually(t, "timer at "+at.String(), func() bool {
		next, ok := h.clk.NextDue()
		return ok && next.Equal(at)
	})
}

func TestRunnerTellsAtOnceGroupsWhenTheSweepSettlesAndReminds(t *testing.T) {
	h := start(t, defaults(), 0)
	h.handle(down("Payments", settleBy(30*sec), fallback("Use the offline card terminal")))
	h.waitSent(t, "Payments is down")
	h.waitArmed(t, t0.Add(30*sec))
	h.clk.Advance(10 * sec)
	h.handle(down("Mail", reason("HTTP 503 (want 200)")))
	h.handle(down("Wiki", critical))
	h.waitArmed(t, t0.Add(30*sec))
	if got := h.rec.sent(); len(got) != 1 {
		t.Fatalf("late ones sent before the sweep settled: %q", got)
	}
	h.clk.Advance(20 * sec)
	h.waitSent(t, "Payments is down", "3 services down: Wiki, Mail, Payments")
	ns := h.rec.notifications()
	if ns[0].Tag == "" || ns[1].Tag != ns[0].Tag {
		t.Errorf("tags %q, %q: the grouped notice must replace the first", ns[0].Tag, ns[1].Tag)
	}
	if want := "Wiki — Wiki failed\nMail — HTTP 503 (want 200)\nPayments — Use the offline card terminal"; ns[1].Body != want {
		t.Errorf("grouped body %q, want %q", ns[1].Body, want)
	}
	h.waitArmed(t, t0.Add(30*sec+30*minute))
	h.clk.Advance(30 * minute)
	h.waitSent(t, "Payments is down", "3 services down: Wiki, Mail, Payments", "3 services still down: Wiki, Mail, Payments")
	if ns := h.rec.notifications(); ns[2].Tag != ns[1].Tag {
		t.Errorf("the reminder has tag %q, want %q: it covers the whole outage", ns[2].Tag, ns[1].Tag)
	}
}

func TestRunnerHoldsRecoveriesForOthers(t *testing.T) {
	h := start(t, defaults(), 0)
	for _, name := range []string{"A", "B", "C", "D"} {
		h.handle(down(name))
	}
	h.waitSent(t, "A is down", "B is down", "C is down", "D is down")
	h.clk.Advance(5 * minute)
	h.handle(up("A"))
	h.waitArmed(t, t0.Add(5*minute+30*sec))
	h.clk.Advance(10 * sec)
	h.handle(up("B"))
	h.handle(up("C"))
	h.waitArmed(t, t0.Add(5*minute+30*sec))
	if got := h.rec.sent(); len(got) != 4 {
		t.Fatalf("recoveries sent before the wait ended: %q", got[4:])
	}
	h.clk.Advance(20 * sec)
	h.waitSent(t, "A is down", "B is down", "C is down", "D is down", "3 services back up: A, B, C")
	// The last one left is told at once.
	h.handle(up("D"))
	h.waitSent(t, "A is down", "B is down", "C is down", "D is down", "3 services back up: A, B, C", "D is back up (down for 6 min)")
	ns := h.rec.notifications()
	if ns[5].Tag != ns[3].Tag || ns[5].Sticky() || !ns[3].Sticky() {
		t.Errorf("D's recovery: tag %q sticky %v; its outage notice: tag %q sticky %v", ns[5].Tag, ns[5].Sticky(), ns[3].Tag, ns[3].Sticky())
	}
}

func TestRunnerHungNotifierDoesNotHoldTheRest(t *testing.T) {
	h := start(t, defaults(), 20*time.Millisecond)
	h.rec.hang["A is down"] = true
	for _, name := range []string{"A", "B"} {
		h.handle(down(name))
	}
	h.waitSent(t, "B is down")
	eventually(t, "the timeout in the log", func() bool {
		return strings.Contains(h.logs.String(), "notification timed out") &&
			strings.Contains(h.logs.String(), `title="A is down"`)
	})
}

func TestRunnerStopsWhileANotificationHangs(t *testing.T) {
	h := start(t, defaults(), time.Hour)
	h.rec.hang["A is down"] = true
	h.handle(down("A"))
	h.stop()
	select {
	case <-h.done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
}

func TestRunnerReturnsWhenTheChannelCloses(t *testing.T) {
	h := start(t, defaults(), 0)
	close(h.in.ready)
	select {
	case <-h.done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
}

func TestRunnerQueueDropsTheOldest(t *testing.T) {
	logs := &syncBuffer{}
	r := NewRunner(clock.NewFake(t0), NewPolicy(defaults()), &recorder{}, slog.New(slog.NewTextHandler(logs, nil)))
	var ns []Notification
	for i := range maxQueue + 5 {
		ns = append(ns, Notification{Title: string(rune('A' + i%26))})
	}
	r.enqueue(ns)
	if len(r.queue) != maxQueue || r.queue[0].Title != "F" {
		t.Fatalf("queue holds %d, first %q", len(r.queue), r.queue[0].Title)
	}
	if got := strings.Count(logs.String(), "dropping the oldest"); got != 5 {
		t.Fatalf("logged %d drops, want 5", got)
	}
}

func TestRunnerSnoozeAndResume(t *testing.T) {
	h := start(t, defaults(), 0)
	h.r.Snooze(t0.Add(time.Hour))
	if until, ok := h.r.SnoozedUntil(); !ok || !until.Equal(t0.Add(time.Hour)) {
		t.Fatalf("SnoozedUntil = %v, %v", until, ok)
	}
	h.handle(down("A"))
	h.waitArmed(t, t0.Add(time.Hour))
	h.clk.Advance(10 * minute)
	h.r.Resume()
	h.waitSent(t, "While notifications were paused: A is down")
	if _, ok := h.r.SnoozedUntil(); ok {
		t.Fatal("still snoozed")
	}
	// The reminder is counted from the summary.
	h.waitArmed(t, t0.Add(40*minute))
}

func TestRunnerSnoozeEndsOnTheClock(t *testing.T) {
	h := start(t, defaults(), 0)
	h.r.Snooze(t0.Add(time.Hour))
	h.handle(down("A"))
	h.waitArmed(t, t0.Add(time.Hour))
	h.clk.Advance(time.Hour)
	h.waitSent(t, "While notifications were paused: A is down")
}

func TestRunnerSetSettings(t *testing.T) {
	h := start(t, quiet(), 0)
	h.clk.Set(t0.Add(40 * minute)) // in quiet hours
	h.handle(down("A"))
	h.waitArmed(t, t0.Add(90*minute))
	h.r.SetSettings(defaults())
	h.waitSent(t, "While notifications were quiet: A is down")
}

func TestRunnerSendIsQueuedWithTheRest(t *testing.T) {
	h := start(t, defaults(), 0)
	h.r.Send(Notification{Title: "Uptray is running"})
	h.handle(down("A"))
	h.waitSent(t, "Uptray is running", "A is down")

	off := defaults()
	off.Enabled = false
	h.r.SetSettings(off)
	h.r.Send(Notification{Title: "not shown"})
	h.handle(up("A", since(0)))
	h.r.SetSettings(defaults())
	h.r.Send(Notification{Title: "shown"})
	h.waitSent(t, "Uptray is running", "A is down", "shown")
}
