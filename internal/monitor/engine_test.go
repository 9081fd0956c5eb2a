package monitor

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// world is a fake network: each service answers what the test says, and the
// connectivity test answers `online`.
type world struct {
	mu      sync.Mutex
	answers map[string]status.Status
	calls   map[string]int
	online  bool
	probes  int // connectivity tests run
	gate    chan struct{}
	running int
	maxRun  int
}

func newWorld() *world {
	return &world{answers: map[string]status.Status{}, calls: map[string]int{}, online: true}
}

func (w *world) set(st status.Status, names ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, n := range names {
		w.answers[n] = st
	}
}

func (w *world) setOnline(on bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.online = on
}

func (w *world) check(ctx context.Context, svc config.Service) status.Result {
	w.mu.Lock()
	w.running++
	w.maxRun = max(w.maxRun, w.running)
	gate := w.gate
	w.mu.Unlock()
	if gate != nil {
		<-gate
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.running--
	w.calls[svc.Name]++
	st, ok := w.answers[svc.Name]
	if !ok {
		st = status.Up
	}
	reason := ""
	if st == status.Down {
		reason = "HTTP 503 (want 200)"
	}
	return status.Result{Status: st, Reason: reason, Latency: time.Millisecond}
}

func (w *world) connectivity(ctx context.Context, targets []string) (bool, string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.probes++
	if w.online {
		return true, ""
	}
	return false, "no connectivity target answered"
}

func (w *world) count(name string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.calls[name]
}

type harness struct {
	t      *testing.T
	w      *world
	clk    *clock.Fake
	e      *Engine
	trans  *Subscription
	cancel context.CancelFunc
	done   chan struct{}
}

func testConfig(names ...string) *config.Config {
	c := &config.Config{Defaults: config.Defaults{
		Interval: config.D(60 * time.Second), Timeout: config.D(5 * time.Second),
		RetryInterval: config.D(10 * time.Second), FailureThreshold: 2, SuccessThreshold: 1,
	}}
	for _, n := range names {
		c.Services = append(c.Services, config.Service{Name: n, Kind: "http", Target: "http://" + n + ".test/"})
	}
	return c
}

func start(t *testing.T, cfg *config.Config, w *world) *harness {
	t.Helper()
	clk := clock.NewFake(t0)
	e := New(cfg, Options{
		Check: w.check, Online: w.connectivity, Clock: clk,
		Jitter: func(time.Duration) time.Duration { return 0 },
		Log:    slog.New(slog.DiscardHandler),
	})
	trans := e.Subscribe()
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{t: t, w: w, clk: clk, e: e, trans: trans, cancel: cancel, done: make(chan struct{})}
	go func() { e.Run(ctx); close(h.done) }()
	t.Cleanup(h.stop)
	return h
}

func (h *harness) stop() {
	h.cancel()
	select {
	case <-h.done:
	case <-time.After(5 * time.Second):
		h.t.Fatal("engine did not stop within 5 s")
	}
}

// eventually polls cond (real time) until it holds: the engine runs on its own goroutine.
func (h *harness) eventually(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s; snapshot: %+v", what, h.e.Snapshot())
		}
		time.Sleep(time.Millisecond)
	}
}

// checks waits until service name has been checked n times in all.
func (h *harness) checks(name string, n int) {
	h.t.Helper()
	h.eventually(fmt.Sprintf("%d checks of %s", n, name), func() bool { return h.state(name).Checks >= n })
}

// idle waits until the engine has nothing left to do at the current fake time:
// nothing in flight or queued, no connectivity test running, nothing due.
func (h *harness) idle() {
	h.t.Helper()
	h.eventually("engine idle", func() bool {
		h.e.do(func(time.Time) {}) // a loop turn, so the next one dispatches what is due
		idle := false
		h.e.do(func(now time.Time) {
			idle = h.e.inFlight == 0 && len(h.e.queue) == 0 && !h.e.net.checking &&
				h.e.nextWakeLocked().After(now)
			for _, ss := range h.e.sources {
				idle = idle && !ss.inFlight
			}
		})
		return idle
	})
}

func (h *harness) state(name string) ServiceState {
	for _, s := range h.e.Snapshot().Services {
		if s.Name == name {
			return s
		}
	}
	h.t.Fatalf("no service %q", name)
	return ServiceState{}
}

// transitions takes what was published so far (each service's newest).
func (h *harness) transitions() []status.Transition { return h.trans.Take() }

func (h *harness) advance(d time.Duration) {
	h.t.Helper()
	h.clk.Advance(d)
	h.idle()
}

func TestFirstCheckAtStartThenEveryInterval(t *testing.T) {
	h := start(t, testConfig("A", "B"), newWorld())
	h.checks("A", 1)
	h.checks("B", 1)
	h.idle()
	if got := h.e.Snapshot().Overall; got != status.Up {
		t.Fatalf("overall = %v, want Up", got)
	}
	h.advance(59 * time.Second)
	if n := h.w.count("A"); n != 1 {
		t.Fatalf("checked %d times before the interval passed, want 1", n)
	}
	h.advance(time.Second)
	h.checks("A", 2)
}

func TestFailureNeedsThresholdBeforeDown(t *testing.T) {
	w := newWorld()
	h := start(t, testConfig("Pay", "Mail"), w)
	h.checks("Pay", 1)
	h.idle()
	h.transitions()

	w.set(status.Down, "Pay")
	h.advance(60 * time.Second)
	if st := h.state("Pay"); st.Status != status.Up || st.Last.Status != status.Down {
		t.Fatalf("after one failure: status %v (last %v), want Up with last Down", st.Status, st.Last.Status)
	}
	h.advance(10 * time.Second) // retry_interval, not the interval
	st := h.state("Pay")
	if st.Status != status.Down {
		t.Fatalf("after two failures status = %v, want Down", st.Status)
	}
	tr := h.transitions()
	if len(tr) != 1 || tr[0].Service != "Pay" || tr[0].To != status.Down || tr[0].Reason != "HTTP 503 (want 200)" {
		t.Fatalf("transitions = %+v, want one Pay → Down with the reason", tr)
	}
	// The sweep's slowest service: a first check of the full timeout (5 s), then one
	// re-check after retry_interval (10 s) of the full timeout (5 s).
	if !tr[0].FailingSince.Equal(t0.Add(60*time.Second)) || !tr[0].SettleBy.Equal(t0.Add(60*time.Second+20*time.Second)) {
		t.Fatalf("FailingSince %v SettleBy %v, want first failure and +5s+(10s+5s)", tr[0].FailingSince, tr[0].SettleBy)
	}
	if tr[0].Link != "http://Pay.test/" {
		t.Fatalf("Link = %q, want the http target", tr[0].Link)
	}
}

func TestOneLostCheckIsNotAnOutage(t *testing.T) {
	w := newWorld()
	h := start(t, testConfig("Pay"), w)
	h.checks("Pay", 1)
	h.idle()
	w.set(status.Down, "Pay")
	h.advance(60 * time.Second)
	w.set(status.Up, "Pay")
	h.advance(10 * time.Second)
	if st := h.state("Pay"); st.Status != status.Up {
		t.Fatalf("status = %v, want Up", st.Status)
	}
	for _, tr := range h.transitions() {
		if tr.To == status.Down {
			t.Fatalf("a single failure produced %+v", tr)
		}
	}
}

func TestRecoveryNeedsSuccessThreshold(t *testing.T) {
	w := newWorld()
	cfg := testConfig("Pay")
	cfg.Defaults.SuccessThreshold = 2
	w.set(status.Down, "Pay")
	h := start(t, cfg, w)
	h.checks("Pay", 1)
	h.advance(10 * time.Second)
	if st := h.state("Pay"); st.Status != status.Down {
		t.Fatalf("status = %v, want Down", st.Status)
	}
	w.set(status.Up, "Pay")
	h.advance(60 * time.Second)
	if st := h.state("Pay"); st.Status != status.Down {
		t.Fatalf("after one good check status = %v, want still Down", st.Status)
	}
	h.advance(10 * time.Second)
	if st := h.state("Pay"); st.Status != status.Up {
		t.Fatalf("after two good checks status = %v, want Up", st.Status)
	}
}

func TestFirstFailureSweepsEveryOtherService(t *testing.T) {
	w := newWorld()
	cfg := testConfig("A", "B", "C")
	cfg.Services[0].Interval = config.D(30 * time.Second)
	h := start(t, cfg, w)
	h.checks("C", 1)
	h.idle()
	h.transitions()
	w.set(status.Down, "A", "B", "C")
	h.advance(30 * time.Second) // only A is due; its failure sweeps B and C now
	h.checks("B", 2)
	h.checks("C", 2)
	h.advance(10 * time.Second) // one retry confirms all three
	for _, n := range []string{"A", "B", "C"} {
		if st := h.state(n); st.Status != status.Down {
			t.Fatalf("%s = %v, want Down within one retry of the first failure", n, st.Status)
		}
	}
	var settle []time.Time
	for _, tr := range h.transitions() {
		settle = append(settle, tr.SettleBy)
	}
	if len(settle) != 3 || !settle[0].Equal(settle[1]) || !settle[1].Equal(settle[2]) {
		t.Fatalf("SettleBy = %v, want three equal deadlines (one sweep)", settle)
	}
}

func TestOfflineIsOneEventNotNServicesDown(t *testing.T) {
	w := newWorld()
	h := start(t, testConfig("A", "B", "C"), w)
	h.checks("C", 1)
	h.idle()
	h.transitions()
	w.set(status.Down, "A", "B", "C")
	w.setOnline(false)
	h.advance(60 * time.Second)
	h.advance(10 * time.Second)
	snap := h.e.Snapshot()
	if snap.Overall != status.Offline || !snap.Offline {
		t.Fatalf("overall = %v, want Offline", snap.Overall)
	}
	tr := h.transitions()
	if len(tr) != 1 || !tr[0].IsConnectivity() || tr[0].To != status.Offline {
		t.Fatalf("transitions = %+v, want exactly one Offline", tr)
	}
	before := w.count("A")
	h.advance(60 * time.Second)
	if w.count("A") != before {
		t.Fatal("services were checked while offline")
	}
	w.setOnline(true)
	w.set(status.Up, "A", "B", "C")
	h.advance(10 * time.Second)
	h.idle()
	tr = h.transitions()
	if len(tr) != 1 || tr[0].From != status.Offline || tr[0].To != status.Up {
		t.Fatalf("transitions = %+v, want one back-online", tr)
	}
	if snap := h.e.Snapshot(); snap.Overall != status.Up {
		t.Fatalf("overall after reconnecting = %v, want Up", snap.Overall)
	}
}

func TestEverythingDownWhileOnlineIsARealOutage(t *testing.T) {
	w := newWorld()
	h := start(t, testConfig("A", "B"), w)
	h.checks("B", 1)
	h.idle()
	w.set(status.Down, "A", "B")
	h.advance(60 * time.Second)
	h.advance(10 * time.Second)
	h.idle()
	for _, n := range []string{"A", "B"} {
		if st := h.state(n); st.Status != status.Down {
			t.Fatalf("%s = %v, want Down: the network answers, so it is the services", n, st.Status)
		}
	}
	if w.probes == 0 {
		t.Fatal("connectivity was never tested before calling every service down")
	}
}

func TestConnectivityProbedOnlyToExplainFailures(t *testing.T) {
	w := newWorld()
	cfg := testConfig("A", "B")
	cfg.Services[1].Interval = config.D(10 * time.Second)
	h := start(t, cfg, w)
	h.checks("A", 1)
	w.set(status.Down, "A")
	for range 7 { // A fails at 60 s and is confirmed at 70 s
		h.advance(10 * time.Second)
	}
	if st := h.state("A"); st.Status != status.Down {
		t.Fatalf("A = %v, want Down", st.Status)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.probes != 0 {
		t.Fatalf("connectivity probed %d times although B kept answering", w.probes)
	}
}

func TestApplyKeepsUntouchedServices(t *testing.T) {
	w := newWorld()
	h := start(t, testConfig("Keep", "Change", "Drop"), w)
	h.checks("Drop", 1)
	h.advance(60 * time.Second)
	h.checks("Keep", 2)
	next := testConfig("Keep", "Change", "New")
	next.Services[1].Target = "http://elsewhere.test/"
	h.e.Apply(next)
	h.idle()
	snap := h.e.Snapshot()
	if len(snap.Services) != 3 || snap.Services[2].Name != "New" {
		t.Fatalf("services = %+v", snap.Services)
	}
	if st := h.state("Keep"); st.Checks != 2 || len(h.e.History("Keep")) != 2 {
		t.Fatalf("Keep lost its state: %+v", st)
	}
	if st := h.state("Change"); st.Checks != 1 || st.Target != "http://elsewhere.test/" {
		t.Fatalf("Change should start afresh on its new target and be checked once: %+v", st)
	}
	h.checks("New", 1)
}

func TestConcurrencyLimit(t *testing.T) {
	w := newWorld()
	w.gate = make(chan struct{})
	cfg := testConfig("A", "B", "C", "D", "E")
	cfg.Defaults.MaxConcurrent = 2
	h := start(t, cfg, w)
	h.eventually("two checks running", func() bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		return w.running == 2
	})
	close(w.gate)
	for _, n := range []string{"A", "B", "C", "D", "E"} {
		h.checks(n, 1)
	}
	if w.maxRun != 2 {
		t.Fatalf("max checks in flight = %d, want 2", w.maxRun)
	}
}

func TestPauseResumeAndCheckNow(t *testing.T) {
	w := newWorld()
	h := start(t, testConfig("A"), w)
	h.checks("A", 1)
	h.idle()
	h.e.Pause()
	if snap := h.e.Snapshot(); snap.Overall != status.Paused || snap.Services[0].Status != status.Paused {
		t.Fatalf("paused snapshot = %+v", snap)
	}
	h.advance(5 * time.Minute)
	if w.count("A") != 1 {
		t.Fatal("checked while paused")
	}
	h.e.Resume()
	h.checks("A", 2)
	h.idle()
	h.e.CheckNow("A")
	h.checks("A", 3)
}

func TestHistoryKeepsTheLast100(t *testing.T) {
	cfg := testConfig("A")
	cfg.Services[0].Interval = config.D(5 * time.Second)
	h := start(t, cfg, newWorld())
	h.checks("A", 1)
	for i := range 120 {
		h.advance(5 * time.Second)
		h.checks("A", i+2)
	}
	hist := h.e.History("A")
	if len(hist) != 100 {
		t.Fatalf("history has %d results, want 100", len(hist))
	}
	for i := 1; i < len(hist); i++ {
		if !hist[i].At.After(hist[i-1].At) {
			t.Fatalf("history not oldest first at %d: %v then %v", i, hist[i-1].At, hist[i].At)
		}
	}
}

func TestWakeFromSleepConfirmsBeforeDown(t *testing.T) {
	w := newWorld()
	cfg := testConfig("A", "B")
	cfg.Defaults.FailureThreshold = 1 // even so, right after a wake one failure is not enough
	h := start(t, cfg, w)
	h.checks("B", 1)
	h.idle()
	h.transitions()

	w.set(status.Down, "A", "B") // the Wi-Fi is still reconnecting
	h.e.do(func(time.Time) {     // the wall clock jumps, as the loop sees it after a suspend
		h.clk.Set(h.clk.Now().Add(8 * time.Hour))
		h.e.wokeLocked(h.clk.Now())
	})
	h.idle()
	if n := w.count("A"); n != 1 {
		t.Fatalf("checked %d times at the moment of waking, want none before retry_interval", n-1)
	}
	h.advance(10 * time.Second) // first checks after the wake: they fail
	if st := h.state("A"); st.Status != status.Up || st.Last.Status != status.Down {
		t.Fatalf("right after waking A = %v (last %v), want still Up: one failure is not confirmed", st.Status, st.Last.Status)
	}
	w.set(status.Up, "A", "B") // network back
	h.advance(10 * time.Second)
	for _, tr := range h.transitions() {
		if tr.To == status.Down || tr.To == status.Offline {
			t.Fatalf("a failure of the network coming back produced %+v", tr)
		}
	}
	if st := h.state("A"); st.Status != status.Up {
		t.Fatalf("A = %v, want Up", st.Status)
	}
}

func TestSleptNeedsAWallClockJump(t *testing.T) {
	now := time.Now()
	if slept(now, now.Add(time.Hour)) {
		t.Fatal("an hour on both clocks is not a sleep")
	}
	if slept(t0, t0.Add(time.Hour)) {
		t.Fatal("times without a monotonic reading (a fake clock) must not look like a sleep")
	}
}

// A check in flight while the laptop slept fails when it wakes (the Wi-Fi is not back):
// that result must not count, not even as a first failure; the service is checked
// afresh a retry_interval after the wake.
func TestWakeDropsACheckInFlightAcrossTheSleep(t *testing.T) {
	w := newWorld()
	cfg := testConfig("A")
	cfg.Defaults.FailureThreshold = 1
	h := start(t, cfg, w)
	h.checks("A", 1)
	h.idle()
	h.transitions()

	w.mu.Lock()
	w.gate = make(chan struct{})
	w.mu.Unlock()
	h.clk.Advance(60 * time.Second) // the next check starts… and the lid closes
	h.eventually("A's check in flight", func() bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		return w.running == 1
	})
	h.e.do(func(time.Time) {
		h.clk.Set(h.clk.Now().Add(8 * time.Hour))
		h.e.wokeLocked(h.clk.Now())
	})
	w.set(status.Down, "A")
	w.mu.Lock()
	close(w.gate) // the check ends, failed: the network is not back yet
	w.gate = nil
	w.mu.Unlock()
	h.idle()
	st := h.state("A")
	if st.Checks != 1 || st.Last.Status != status.Up || st.Status != status.Up {
		t.Fatalf("after the wake A = %v, last %v, %d checks; want the stale failure dropped", st.Status, st.Last.Status, st.Checks)
	}
	w.set(status.Up, "A")
	h.advance(10 * time.Second) // one retry_interval after the wake: checked afresh
	if st := h.state("A"); st.Checks != 2 || st.Status != status.Up {
		t.Fatalf("A = %v with %d checks, want a fresh Up check after the wake", st.Status, st.Checks)
	}
	for _, tr := range h.transitions() {
		t.Errorf("transition after the wake: %+v", tr)
	}
}

func TestCoalesceSharesASecond(t *testing.T) {
	now := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return now.Add(time.Duration(ms) * time.Millisecond) }
	cases := []struct{ wake, want time.Time }{
		{at(1200), at(2000)}, {at(1900), at(2000)}, // due in the same second: one wake-up
		{at(2000), at(2000)}, // already on the second
		{at(-5), at(-5)},     // overdue: at once
	}
	for _, tc := range cases {
		if got := coalesce(tc.wake, now); !got.Equal(tc.want) {
			t.Errorf("coalesce(%v) = %v, want %v", tc.wake.Sub(now), got.Sub(now), tc.want.Sub(now))
		}
	}
}

// History sees every result and every transition, even ones a subscriber coalesces.
func TestHistoryHooksSeeEverything(t *testing.T) {
	w := newWorld()
	var mu sync.Mutex
	var results []string
	var transitions []status.Status
	clk := clock.NewFake(t0)
	e := New(testConfig("A"), Options{
		Check: w.check, Online: w.connectivity, Clock: clk,
		Jitter: func(time.Duration) time.Duration { return 0 },
		Log:    slog.New(slog.DiscardHandler),
		OnResult: func(name string, r status.Result) {
			mu.Lock()
			results = append(results, name+" "+r.Status.String())
			mu.Unlock()
		},
		OnTransition: func(tr status.Transition) {
			mu.Lock()
			transitions = append(transitions, tr.To)
			mu.Unlock()
		},
	})
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{t: t, w: w, clk: clk, e: e, trans: e.Subscribe(), cancel: cancel, done: make(chan struct{})}
	go func() { e.Run(ctx); close(h.done) }()
	t.Cleanup(h.stop)
	h.checks("A", 1)
	h.idle()
	w.set(status.Down, "A")
	h.advance(60 * time.Second)
	h.advance(10 * time.Second)
	w.set(status.Up, "A")
	h.advance(60 * time.Second)
	mu.Lock()
	defer mu.Unlock()
	if len(results) != 4 || results[1] != "A Down" || results[3] != "A Up" {
		t.Errorf("results = %v, want Up, Down, Down, Up", results)
	}
	if !slices.Equal(transitions, []status.Status{status.Up, status.Down, status.Up}) {
		t.Errorf("transitions = %v, want Up, Down, Up", transitions)
	}
}
