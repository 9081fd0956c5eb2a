// Package monitor is Uptray's engine: it schedules every service's checks, applies the
// thresholds, tells an outage from a lost network, and publishes state changes. It
// knows nothing of screens or notifications: they subscribe to it.
package monitor

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"sync"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/source"
	"github.com/uptray/uptray/internal/status"
)

// CheckFunc checks one service once; ctx carries the timeout (probe.Registry.Check).
type CheckFunc func(ctx context.Context, svc config.Service) status.Result

// OnlineFunc tells whether this machine is on a network, trying the given targets
// (probe.Connectivity.Online).
type OnlineFunc func(ctx context.Context, targets []string) (online bool, reason string)

// Options are the engine's dependencies.
type Options struct {
	Check  CheckFunc
	Online OnlineFunc  // nil: the machine is taken to be always online
	Fetch  FetchFunc   // reads [[sources]]; nil: sources are ignored
	Clock  clock.Clock // nil: the real clock
	// Jitter returns a random duration in [0, max) to spread checks; nil uses math/rand.
	// Tests pass one that returns 0.
	Jitter func(max time.Duration) time.Duration
	Log    *slog.Logger
	// OnResult and OnTransition, when set, see every check result and every transition
	// (history: store.Recorder). They run on the engine's goroutine with its lock held,
	// so they must return at once and never call the engine.
	OnResult     func(service string, r status.Result)
	OnTransition func(status.Transition)
}

const (
	// sleepGap is how much more time the wall clock must have passed than the
	// monotonic clock between two loop turns for the machine to have been asleep
	// (the monotonic clock stands still in suspend).
	sleepGap = 30 * time.Second
	maxIdle  = 15 * time.Second
)

// coalesce moves a wake-up to the end of its second, so that checks due within the same
// second share one wake-up, as operating systems coalesce timers on laptops; the
// jitter still spreads checks across the interval. A check is late by under a second.
func coalesce(wake, now time.Time) time.Time {
	if !wake.After(now) {
		return wake
	}
	if t := wake.Truncate(time.Second); t.Before(wake) {
		return t.Add(time.Second)
	}
	return wake
}

// slept reports whether the machine was suspended between two readings of the real
// clock. Readings without a monotonic part (a fake clock) never show a sleep: tests
// call wokeLocked themselves.
func slept(prev, now time.Time) bool {
	wall := now.Round(0).Sub(prev.Round(0))
	return wall-now.Sub(prev) > sleepGap
}

// Engine runs the checks of one configuration. Create it with New, start it with Run.
type Engine struct {
	opts Options
	clk  clock.Clock
	log  *slog.Logger

	cmds    chan func()     // work for the loop goroutine, from other goroutines
	results chan message    // from check and connectivity goroutines
	done    chan struct{}   // closed when Run returns
	wg      sync.WaitGroup  // check and connectivity goroutines
	runCtx  context.Context // set by Run; checks derive from it
	queue   []*service      // due services waiting for a free slot, in order
	jobs    chan checkJob   // to idle workers
	workers int             // check workers started (loop goroutine only)

	mu       sync.Mutex // guards everything below (read by Snapshot from other goroutines)
	cfg      *config.Config
	services map[string]*service
	sources  map[string]*sourceState
	order    []string
	inFlight int
	paused   bool
	net      netState
	// wakeUntil: results before it come right after a sleep; a failure then needs two
	// checks to be confirmed whatever failure_threshold says (the network may still be
	// coming back).
	wakeUntil time.Time
	// epoch counts wakes from sleep: a check, poll or connectivity test started in an
	// earlier epoch was in flight across the sleep and its result proves nothing.
	epoch uint64
	subs  subscribers
}

// New makes an engine for a valid configuration.
func New(cfg *config.Config, opts Options) *Engine {
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	if opts.Jitter == nil {
		opts.Jitter = func(max time.Duration) time.Duration {
			if max <= 0 {
				return 0
			}
			return rand.N(max)
		}
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	e := &Engine{
		opts:     opts,
		clk:      opts.Clock,
		log:      opts.Log,
		cmds:     make(chan func()),
		results:  make(chan message),
		jobs:     make(chan checkJob),
		done:     make(chan struct{}),
		services: map[string]*service{},
		sources:  map[string]*sourceState{},
	}
	e.subs.onTransition = opts.OnTransition
	e.applyLocked(cfg, e.clk.Now())
	return e
}

// Run checks services until ctx ends; then it stops every check it started and returns.
func (e *Engine) Run(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	e.runCtx = ctx
	defer func() {
		cancel()
		e.wg.Wait()
		e.subs.closeAll()
		close(e.done)
	}()
	timer := e.clk.NewTimer(time.Hour)
	defer timer.Stop()
	prev := e.clk.Now()
	for {
		now := e.clk.Now()
		e.mu.Lock()
		if slept(prev, now) {
			e.wokeLocked(now)
		}
		prev = now
		e.dispatchLocked(now)
		e.pollConnectivityLocked(now)
		// Turn at least every maxIdle: after a suspend the wall clock has jumped while the
		// timer (monotonic) has not moved, and the jump must be seen within seconds.
		wake := e.nextWakeLocked()
		if limit := now.Add(maxIdle); wake.After(limit) {
			wake = limit
		}
		wake = coalesce(wake, now)
		e.mu.Unlock()
		timer.Reset(max(wake.Sub(now), 0))
		select {
		case <-ctx.Done():
			return
		case f := <-e.cmds:
			f()
		case m := <-e.results:
			e.mu.Lock()
			// The first news after a suspend is often a check that was in flight across
			// it: notice the sleep before judging that result.
			now := e.clk.Now()
			if slept(prev, now) {
				e.wokeLocked(now)
			}
			prev = now
			e.handleLocked(m, now)
			e.mu.Unlock()
		case <-timer.C():
		}
	}
}

// do runs f on the loop goroutine with the lock held, and waits for it. After Run has
// returned it runs f directly: the engine is idle then.
func (e *Engine) do(f func(now time.Time)) {
	ran := make(chan struct{})
	job := func() {
		e.mu.Lock()
		f(e.clk.Now())
		e.mu.Unlock()
		close(ran)
	}
	select {
	case e.cmds <- job:
		<-ran
	case <-e.done:
		job()
	}
}

// dispatchLocked queues every service that is due and starts as many checks as the
// concurrency limit allows.
func (e *Engine) dispatchLocked(now time.Time) {
	if e.paused || e.net.offline {
		return
	}
	e.dispatchSourcesLocked(now)
	for _, name := range e.order {
		s := e.services[name]
		if s.checked() && !s.inFlight && !s.queued && !s.due.After(now) {
			s.queued = true
			e.queue = append(e.queue, s)
		}
	}
	for len(e.queue) > 0 && e.inFlight < e.cfg.MaxConcurrent() {
		s := e.queue[0]
		e.queue = e.queue[1:]
		if !s.queued { // removed by Apply while waiting
			continue
		}
		s.queued, s.inFlight = false, true
		e.inFlight++
		e.startCheck(s)
	}
}

// nextWakeLocked is when the loop must look again: the earliest due check, or the
// next connectivity poll while offline.
func (e *Engine) nextWakeLocked() time.Time {
	wake := e.clk.Now().Add(time.Hour)
	if e.net.offline {
		return e.net.nextPoll
	}
	if e.paused {
		return wake
	}
	for _, s := range e.services {
		if s.checked() && !s.inFlight && !s.queued && s.due.Before(wake) {
			wake = s.due
		}
	}
	if e.opts.Fetch != nil {
		for _, ss := range e.sources {
			if !ss.inFlight && ss.due.Before(wake) {
				wake = ss.due
			}
		}
	}
	return wake
}

// message is a finished check, a finished connectivity test (conn true), or a
// finished poll of a source (source set).
type message struct {
	name   string
	gen    uint64
	epoch  uint64 // Engine.epoch when the work started
	result status.Result
	conn   bool
	online bool
	reason string

	source  string
	entries []source.Entry
	err     error
}

// checkJob is one check for a worker.
type checkJob struct {
	spec  config.Spec
	gen   uint64
	epoch uint64
}

// startCheck hands s's check to an idle worker, or starts one. Workers stay for the
// engine's life: a goroutine per check grew a fresh 8 KB stack on every check (~10 % of
// the engine's CPU). As many exist as checks ran at once, about the concurrency limit:
// one more starts only when none is idle, and past the limit the loop waits for a
// worker that has just sent its result.
func (e *Engine) startCheck(s *service) {
	job := checkJob{spec: s.spec, gen: s.gen, epoch: e.epoch}
	if e.workers >= e.cfg.MaxConcurrent() {
		select {
		case e.jobs <- job:
		case <-e.runCtx.Done():
		}
		return
	}
	select {
	case e.jobs <- job:
	default:
		e.workers++
		e.wg.Add(1)
		go e.work(e.runCtx, job)
	}
}

func (e *Engine) work(ctx context.Context, job checkJob) {
	defer e.wg.Done()
	for {
		cctx, cancel := context.WithTimeout(ctx, job.spec.Timeout)
		r := e.opts.Check(cctx, job.spec.Service)
		cancel()
		select {
		case e.results <- message{name: job.spec.Name, gen: job.gen, epoch: job.epoch, result: r}:
		case <-ctx.Done():
			return
		}
		select {
		case job = <-e.jobs:
		case <-ctx.Done():
			return
		}
	}
}

// handleLocked takes a finished check or connectivity test into the state.
func (e *Engine) handleLocked(m message, now time.Time) {
	if m.epoch != e.epoch {
		e.staleLocked(m, now)
		return
	}
	if m.conn {
		e.connectivityDoneLocked(m, now)
		return
	}
	if m.source != "" {
		if m.err == nil {
			e.net.lastGood = now // the server answered: we are online
		}
		e.fetchedLocked(m, now)
		return
	}
	e.inFlight--
	s, ok := e.services[m.name]
	if !ok || s.gen != m.gen {
		return // removed or changed while it was being checked
	}
	s.inFlight = false
	m.result.At = now
	s.record(m.result)
	if e.opts.OnResult != nil {
		e.opts.OnResult(s.spec.Name, m.result)
	}
	if m.result.Status == status.Up {
		e.net.lastGood = now
	}
	v := s.judge(m.result)
	if v.firstFailure && m.result.Status == status.Down {
		s.failingSince = now
		e.sweepLocked(s, now)
	}
	if v.change && isBad(v.to) && now.Before(e.wakeUntil) && s.bad < 2 {
		v.change, v.recheckSoon = false, true // just woke up: confirm before believing it
	}
	if v.change && v.to == status.Down && e.needsConnectivityLocked(s, now) {
		// Hold the verdict: is it the service, or is it us?
		e.net.waiting = append(e.net.waiting, pendingDown{name: s.spec.Name, gen: s.gen})
		e.startConnectivityLocked(now)
		s.due = now.Add(s.spec.RetryInterval)
		e.subs.changed()
		return
	}
	if v.change {
		e.setLocked(s, v.to, now)
	}
	e.scheduleLocked(s, v.recheckSoon, now)
	e.subs.changed()
}

func (e *Engine) scheduleLocked(s *service, soon bool, now time.Time) {
	if soon {
		s.due = now.Add(s.spec.RetryInterval)
		return
	}
	// A little jitter keeps services that started together from staying in lockstep.
	s.due = now.Add(s.spec.Interval - e.opts.Jitter(s.spec.Interval/20))
}

// setLocked confirms a new state and publishes the transition.
func (e *Engine) setLocked(s *service, to status.Status, now time.Time) {
	t := status.Transition{
		Service: s.spec.Name, Kind: s.spec.Kind, Group: s.spec.Group,
		Fallback: s.spec.Fallback, Critical: s.spec.Critical, Link: link(s.spec),
		From: s.status, To: to, Reason: s.last.Reason, At: now, Since: s.since,
	}
	if isBad(to) {
		t.FailingSince, t.SettleBy = s.failingSince, s.settleBy
	}
	s.status, s.since = to, now
	e.log.Info("transition", "service", t.Service, "from", t.From, "to", t.To, "reason", t.Reason)
	e.subs.publish(t)
}

// link is the web page a transition of spec offers to open: an http check's URL, a
// status page's base URL; empty for other kinds. A password written into the URL is
// left out: transitions are printed (`uptray watch --json`) and handed to notifiers.
func link(spec config.Spec) string {
	switch spec.Kind {
	case "http", "statuspage", "instatus":
	default:
		return ""
	}
	u, err := url.Parse(spec.Target)
	if err != nil || u.User == nil {
		return spec.Target
	}
	u.User = nil
	return u.String()
}

// settleWindow is the longest the sweep started by a first failure can take to confirm
// every service it is going to, counted from that first failure: each swept service's
// first check may take the full timeout, then each of its failure_threshold-1
// re-checks waits retry_interval and may take the full timeout too.
func settleWindow(spec config.Spec) time.Duration {
	return spec.Timeout + time.Duration(max(spec.FailureThreshold-1, 0))*(spec.RetryInterval+spec.Timeout)
}

// sweepLocked re-checks every other healthy service at once when one fails for the
// first time, so a shared outage is known within seconds, not one interval later.
func (e *Engine) sweepLocked(failed *service, now time.Time) {
	window := settleWindow(failed.spec)
	if !e.net.sweepAt.IsZero() && now.Before(e.net.sweepEnd) {
		failed.settleBy = e.net.sweepEnd // part of the sweep already under way
		return
	}
	e.net.sweepAt, e.net.sweepEnd = now, now.Add(window)
	failed.settleBy = e.net.sweepEnd
	for _, s := range e.services {
		if s != failed && s.checked() && !s.inFlight && !s.queued && s.bad == 0 {
			s.due = now
		}
	}
}

// CheckNow checks one service as soon as a slot is free.
func (e *Engine) CheckNow(name string) {
	e.do(func(now time.Time) {
		s, ok := e.services[name]
		switch {
		case !ok:
			e.checkSourceLocked(name, now) // a source's name, or nothing
		case s.derivedFrom != "":
			e.checkSourceLocked(s.derivedFrom, now)
		case s.spec.ConfigError != "":
			// Never checked: its configuration must be fixed first.
		case !s.inFlight && !s.queued:
			s.due = now
		}
	})
}

// CheckAll checks every service and polls every source as soon as slots are free.
func (e *Engine) CheckAll() {
	e.do(e.dueAllLocked)
}

// dueAllLocked makes every service and source due at once.
func (e *Engine) dueAllLocked(now time.Time) {
	for _, s := range e.services {
		if !s.inFlight && !s.queued {
			s.due = now
		}
	}
	for name := range e.sources {
		e.checkSourceLocked(name, now)
	}
}

// Pause stops checking until Resume.
func (e *Engine) Pause() {
	e.do(func(time.Time) {
		e.paused = true
		e.subs.changed()
	})
}

// Resume checks everything at once and goes on as before.
func (e *Engine) Resume() {
	e.do(func(now time.Time) {
		if !e.paused {
			return
		}
		e.paused = false
		e.dueAllLocked(now)
		e.subs.changed()
	})
}

// Paused reports whether checks are paused.
func (e *Engine) Paused() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.paused
}
