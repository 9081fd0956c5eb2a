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

// The outage day (issue 9): many services fail at once, and every state must be right.

func TestThousandFailingTogetherAreThousandTransitions(t *testing.T) {
	const n = 1000
	all := make([]string, n)
	for i := range all {
		all[i] = fmt.Sprintf("svc-%04d", i)
	}
	w := newWorld()
	h := start(t, testConfig(all...), w)
	late := h.e.Subscribe() // a reader that takes nothing until the very end
	defer late.Close()
	h.idle()
	if got := h.e.Snapshot().Count(status.Up); got != n {
		t.Fatalf("%d services Up after the first checks, want %d", got, n)
	}
	h.transitions()

	// All fail in the same poll; the reader takes nothing until they are all confirmed.
	w.set(status.Down, all...)
	h.advance(60 * time.Second) // every first failure
	h.advance(10 * time.Second) // every confirming re-check
	if got := h.e.Snapshot().Count(status.Down); got != n {
		t.Fatalf("%d services Down, want %d", got, n)
	}
	expectEach(t, h.transitions(), all, status.Up, status.Down)

	// All recover in the same poll.
	w.set(status.Up, all...)
	h.advance(60 * time.Second)
	if got := h.e.Snapshot().Count(status.Up); got != n {
		t.Fatalf("%d services Up, want %d", got, n)
	}
	expectEach(t, h.transitions(), all, status.Down, status.Up)

	// The reader that slept through both: each service's newest transition, none lost.
	expectEach(t, late.Take(), all, status.Down, status.Up)
}

// expectEach checks that trs holds exactly one transition from → to per name.
func expectEach(t *testing.T, trs []status.Transition, names []string, from, to status.Status) {
	t.Helper()
	if len(trs) != len(names) {
		t.Fatalf("%d transitions, want %d (one per service)", len(trs), len(names))
	}
	seen := make(map[string]bool, len(trs))
	for _, tr := range trs {
		if tr.From != from || tr.To != to || seen[tr.Service] {
			t.Fatalf("transition %+v: want one %v → %v per service", tr, from, to)
		}
		seen[tr.Service] = true
	}
	for _, name := range names {
		if !seen[name] {
			t.Fatalf("no transition for %s", name)
		}
	}
}

func TestOfflineEveryServiceSaysOffline(t *testing.T) {
	w := newWorld()
	cfg := testConfig("A", "B", "Broken")
	cfg.Services[2].ConfigError = `interval: "5" is not a duration (try "30s")`
	h := start(t, cfg, w)
	h.idle()
	before := h.e.Snapshot()

	w.set(status.Down, "A", "B")
	w.setOnline(false)
	h.advance(60 * time.Second)
	h.advance(10 * time.Second)
	snap := h.e.Snapshot()
	if !snap.Offline || snap.Overall != status.Offline {
		t.Fatalf("snapshot offline %v overall %v, want offline", snap.Offline, snap.Overall)
	}
	for i, st := range snap.Services {
		want := status.Offline
		if st.Name == "Broken" {
			want = status.Unknown // not checked in any case: its config error is the news
		}
		if st.Status != want {
			t.Errorf("%s = %v while offline, want %v", st.Name, st.Status, want)
		}
		if !st.Since.Equal(before.Services[i].Since) {
			t.Errorf("%s: Since moved from %v to %v by going offline", st.Name, before.Services[i].Since, st.Since)
		}
	}
	if last := h.state("A").Last; last.Status != status.Down || last.Reason == "" {
		t.Errorf("A.Last = %+v, want the failed check kept", last)
	}

	h.e.Pause() // paused and offline: paused is what the user did
	if st := h.state("A"); st.Status != status.Paused {
		t.Errorf("A = %v while paused and offline, want Paused", st.Status)
	}
	h.e.Resume()

	w.setOnline(true)
	w.set(status.Up, "A", "B")
	h.advance(10 * time.Second)
	for _, name := range []string{"A", "B"} {
		if st := h.state(name); st.Status != status.Up {
			t.Errorf("%s = %v back online, want Up", name, st.Status)
		}
	}
}

func TestConfigErrorIsShownNeverChecked(t *testing.T) {
	w := newWorld()
	cfg := testConfig("A", "Broken", "C")
	const msg = `interval: "5" is not a duration (try "30s")`
	cfg.Services[1].ConfigError = msg
	h := start(t, cfg, w)
	h.idle()

	snap := h.e.Snapshot()
	if got := names(snap); !slices.Equal(got, []string{"A=Up", "Broken=Unknown", "C=Up"}) {
		t.Fatalf("services = %v, want the broken one in its place, Unknown", got)
	}
	b := snap.Services[1]
	if b.ConfigError != msg || b.Last.Reason != "Config error: "+msg+" — open Settings" || b.Checks != 0 {
		t.Fatalf("Broken = %+v, want its config error as the reason", b)
	}
	if snap.Overall != status.Up {
		t.Fatalf("overall = %v, want Up: a service that is not checked does not count", snap.Overall)
	}

	w.set(status.Down, "A", "Broken", "C")
	h.e.CheckNow("Broken")
	h.e.CheckAll()
	h.idle()
	h.advance(10 * time.Second)
	h.advance(60 * time.Second)
	if n := w.count("Broken"); n != 0 {
		t.Fatalf("Broken was checked %d times", n)
	}
	for _, tr := range h.transitions() {
		if tr.Service == "Broken" {
			t.Fatalf("a service with a config error produced %+v", tr)
		}
	}
	if st := h.state("Broken"); st.Status != status.Unknown {
		t.Fatalf("Broken = %v, want Unknown", st.Status)
	}
	if got := h.e.Snapshot().Overall; got != status.Down {
		t.Fatalf("overall = %v, want Down (A and C)", got)
	}

	// A service that is Down gets a config error: what subscribers knew of it is over,
	// and it is not checked any more.
	next := testConfig("A", "Broken", "C")
	next.Services[1].ConfigError = msg
	next.Services[0].ConfigError = "timeout: 90s is not below the interval (60s)"
	checked := w.count("A")
	h.e.Apply(next)
	h.idle()
	trs := h.transitions()
	if len(trs) != 1 || trs[0].Service != "A" || trs[0].From != status.Down || trs[0].To != status.Unknown ||
		trs[0].Reason != "Config error: timeout: 90s is not below the interval (60s) — open Settings" {
		t.Fatalf("transitions = %+v, want A Down → Unknown with its config error", trs)
	}
	h.advance(60 * time.Second)
	if w.count("A") != checked {
		t.Fatal("A was checked after it got a config error")
	}

	// Fixed: it is checked like any other.
	w.set(status.Up, "A", "Broken", "C")
	h.e.Apply(testConfig("A", "Broken", "C"))
	h.idle()
	h.checks("Broken", 1)
	if st := h.state("Broken"); st.ConfigError != "" || st.Status != status.Up {
		t.Fatalf("Broken after the fix = %+v", st)
	}

	// Removing a service that only ever had a config error says nothing.
	bad := testConfig("A", "C", "Bad")
	bad.Services[2].ConfigError = msg
	h.e.Apply(bad)
	h.idle()
	h.transitions()
	h.e.Apply(testConfig("A", "C"))
	h.idle()
	for _, tr := range h.transitions() {
		if tr.Service == "Bad" {
			t.Fatalf("removing a never-checked service with a config error published %+v", tr)
		}
	}
}

func TestTransitionLink(t *testing.T) {
	w := newWorld()
	cfg := testConfig("Web", "Secret", "Vendor", "Chat", "Mail", "Feed")
	cfg.Defaults.FailureThreshold = 1
	set := func(i int, kind, target string) { cfg.Services[i].Kind, cfg.Services[i].Target = kind, target }
	set(1, "http", "https://user:pass@intranet.example.com/health?x=1")
	set(2, "statuspage", "https://status.vendor.example")
	set(3, "instatus", "https://chat.instatus.example")
	set(4, "tcp", "mail.example.com:993")
	set(5, "feed", "https://status.example.com/history.atom")
	h := start(t, cfg, w)
	h.idle()
	h.transitions()
	w.set(status.Down, "Web", "Secret", "Vendor", "Chat", "Mail", "Feed")
	h.advance(60 * time.Second)
	want := map[string]string{
		"Web":    "http://Web.test/",
		"Secret": "https://intranet.example.com/health?x=1", // the password stays out
		"Vendor": "https://status.vendor.example",
		"Chat":   "https://chat.instatus.example",
		"Mail":   "",
		"Feed":   "",
	}
	trs := h.transitions()
	if len(trs) != len(want) {
		t.Fatalf("transitions = %+v", trs)
	}
	for _, tr := range trs {
		if tr.Link != want[tr.Service] {
			t.Errorf("%s: Link = %q, want %q", tr.Service, tr.Link, want[tr.Service])
		}
	}
}

func TestSettleWindowCountsEveryTimeout(t *testing.T) {
	for _, tc := range []struct {
		ft             int
		retry, timeout time.Duration
		want           time.Duration
	}{
		{2, 5 * time.Second, 10 * time.Second, 25 * time.Second}, // the defaults
		{1, 5 * time.Second, 10 * time.Second, 10 * time.Second},
		{3, 15 * time.Second, 20 * time.Second, 90 * time.Second},
	} {
		spec := config.Spec{FailureThreshold: tc.ft, RetryInterval: tc.retry, Timeout: tc.timeout}
		if got := settleWindow(spec); got != tc.want {
			t.Errorf("settleWindow(ft %d, retry %v, timeout %v) = %v, want %v", tc.ft, tc.retry, tc.timeout, got, tc.want)
		}
	}
}

// slowWorld fails by timing out: every failing check takes the full default timeout of
// the fake clock, as a service that stopped answering does.
type slowWorld struct {
	clk  *clock.Fake
	mu   sync.Mutex
	down map[string]bool
}

func (s *slowWorld) check(ctx context.Context, svc config.Service) status.Result {
	s.mu.Lock()
	down := s.down[svc.Name]
	s.mu.Unlock()
	if !down {
		return status.Result{Status: status.Up, Latency: time.Millisecond}
	}
	s.clk.Advance(config.DefaultTimeout)
	return status.Result{Status: status.Down, Latency: config.DefaultTimeout, Reason: "timed out after 10s"}
}

// TestDefaultsNoticeWithinAMinute measures the worst case at the built-in defaults: the
// service fails right after a good check, and every failing check takes the full
// timeout. The Down must be confirmed (the notifier sends it at once) within 55 s.
func TestDefaultsNoticeWithinAMinute(t *testing.T) {
	cfg := &config.Config{Services: []config.Service{{Name: "Pay", Kind: "http", Target: "https://pay.example.com/"}}}
	clk := clock.NewFake(t0)
	sw := &slowWorld{clk: clk, down: map[string]bool{}}
	online := 0
	e := New(cfg, Options{
		Check: sw.check,
		Online: func(context.Context, []string) (bool, string) {
			online++ // only the engine goroutine calls it, one at a time
			return true, ""
		},
		Clock: clk, Jitter: func(time.Duration) time.Duration { return 0 },
		Log: slog.New(slog.DiscardHandler),
	})
	trans := e.Subscribe()
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{t: t, w: newWorld(), clk: clk, e: e, trans: trans, cancel: cancel, done: make(chan struct{})}
	go func() { e.Run(ctx); close(h.done) }()
	t.Cleanup(h.stop)

	h.checks("Pay", 1)
	h.idle()
	if st := h.state("Pay"); st.Status != status.Up {
		t.Fatalf("Pay = %v after its first check, want Up", st.Status)
	}
	h.transitions()
	failedAt := clk.Now() // right after the good check
	sw.mu.Lock()
	sw.down["Pay"] = true
	sw.mu.Unlock()

	// Step from one wake of the engine to the next until the Down is confirmed.
	var down *status.Transition
	for down == nil && clk.Now().Sub(failedAt) < 3*time.Minute {
		next, ok := clk.NextDue()
		if !ok {
			t.Fatal("the engine has no timer armed")
		}
		h.advance(next.Sub(clk.Now()))
		for _, tr := range h.transitions() {
			if tr.Service == "Pay" && tr.To == status.Down {
				down = &tr
			}
		}
	}
	if down == nil {
		t.Fatal("Pay was never confirmed Down")
	}
	took := down.At.Sub(failedAt)
	t.Logf("at the defaults: failure → confirmed Down in %v (first failed check ends %v after the failure; sweep settles %v after it)",
		took, down.FailingSince.Sub(failedAt), down.SettleBy.Sub(failedAt))
	if took > 55*time.Second {
		t.Fatalf("confirmed Down %v after the failure, want ≤ 55 s", took)
	}
	if got := down.SettleBy.Sub(down.FailingSince); got != 25*time.Second {
		t.Errorf("sweep window %v at the defaults, want 10 s + (5 s + 10 s)", got)
	}
	if online == 0 {
		t.Error("the connectivity test was not part of the measured path")
	}
}
