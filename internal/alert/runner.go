package alert

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/status"
)

// Notifier shows a notification on the desktop. It must return once ctx is done, even
// if the notification daemon hangs.
type Notifier interface {
	Notify(ctx context.Context, n Notification) error
}

// DefaultSendTimeout bounds one notification: a hung daemon must not hold the queue.
const DefaultSendTimeout = 5 * time.Second

// maxQueue bounds the notifications waiting behind a slow daemon; old news goes first.
const maxQueue = 100

// Runner owns a Policy: it feeds it transitions, wakes it on the clock and sends what it
// decides, in order, on a goroutine of its own so that sending never delays deciding.
type Runner struct {
	// SendTimeout bounds each Notify call (DefaultSendTimeout unless changed before Run).
	SendTimeout time.Duration

	clk      clock.Clock
	notifier Notifier
	log      *slog.Logger

	mu     sync.Mutex // guards policy: the tray calls Snooze/Resume while Run handles transitions
	policy *Policy
	wake   chan struct{} // tells Run to re-arm its timer after a call from outside

	qmu   sync.Mutex
	queue []Notification
	ready chan struct{} // something was queued
}

// NewRunner returns a runner; a nil log discards.
func NewRunner(clk clock.Clock, p *Policy, n Notifier, log *slog.Logger) *Runner {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Runner{
		SendTimeout: DefaultSendTimeout,
		clk:         clk,
		notifier:    n,
		log:         log,
		policy:      p,
		wake:        make(chan struct{}, 1),
		ready:       make(chan struct{}, 1),
	}
}

// Feed is where transitions come from (monitor.Subscription): it keeps every service's
// newest transition until taken, so nothing is lost however far the runner falls behind.
type Feed interface {
	// Ready receives a signal when Take has something; it is closed when the feed ends.
	Ready() <-chan struct{}
	// Take returns every pending transition, oldest change first.
	Take() []status.Transition
}

// Run handles transitions until ctx is done or the feed ends. Notifications still
// queued then are dropped; the sending goroutine has stopped when Run returns.
func (r *Runner) Run(ctx context.Context, feed Feed) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { r.sendLoop(ctx) })
	defer wg.Wait()
	defer cancel()

	timer := r.clk.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		r.arm(timer)
		select {
		case <-ctx.Done():
			return
		case _, ok := <-feed.Ready():
			ts := feed.Take()
			if len(ts) > 0 {
				r.do(func(p *Policy, now time.Time) []Notification { return p.HandleAll(ts, now) })
			}
			if !ok {
				return
			}
		case <-timer.C():
			// A stale fire is harmless: Tick sends only what is due.
			r.do(func(p *Policy, now time.Time) []Notification { return p.Tick(now) })
		case <-r.wake:
		}
	}
}

// Snooze pauses notifications until the given time (zero: until Resume).
func (r *Runner) Snooze(until time.Time) {
	r.do(func(p *Policy, now time.Time) []Notification { p.Snooze(until, now); return nil })
}

// Resume ends a snooze and sends the summary of what is still down.
func (r *Runner) Resume() {
	r.do(func(p *Policy, now time.Time) []Notification { return p.Resume(now) })
}

// SnoozedUntil reports the snooze, for the tray menu.
func (r *Runner) SnoozedUntil() (time.Time, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.policy.SnoozedUntil()
}

// SetSettings applies new notification settings.
func (r *Runner) SetSettings(s Settings) {
	r.do(func(p *Policy, now time.Time) []Notification { p.SetSettings(s); return p.Tick(now) })
}

// Send queues a notification that is not about a service (a broken configuration, the
// first start), in order with the rest. It obeys only Enabled: such news comes once.
func (r *Runner) Send(n Notification) {
	r.mu.Lock()
	enabled := r.policy.s.Enabled
	r.mu.Unlock()
	if enabled {
		r.enqueue([]Notification{n})
	}
}

// do runs f on the policy, queues what it returns and has Run re-arm its timer.
func (r *Runner) do(f func(p *Policy, now time.Time) []Notification) {
	r.mu.Lock()
	out := f(r.policy, r.clk.Now())
	r.mu.Unlock()
	r.enqueue(out)
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

func (r *Runner) arm(t clock.Timer) {
	r.mu.Lock()
	next, ok := r.policy.NextWake()
	r.mu.Unlock()
	if !ok {
		t.Stop()
		return
	}
	t.Reset(max(next.Sub(r.clk.Now()), 0))
}

func (r *Runner) enqueue(ns []Notification) {
	if len(ns) == 0 {
		return
	}
	r.qmu.Lock()
	for _, n := range ns {
		if len(r.queue) >= maxQueue {
			r.log.Warn("notification queue full: dropping the oldest", "title", r.queue[0].Title)
			r.queue = r.queue[1:]
		}
		r.queue = append(r.queue, n)
	}
	r.qmu.Unlock()
	select {
	case r.ready <- struct{}{}:
	default:
	}
}

func (r *Runner) pop() (Notification, bool) {
	r.qmu.Lock()
	defer r.qmu.Unlock()
	if len(r.queue) == 0 {
		return Notification{}, false
	}
	n := r.queue[0]
	r.queue = r.queue[1:]
	return n, true
}

func (r *Runner) sendLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.ready:
		}
		for ctx.Err() == nil {
			n, ok := r.pop()
			if !ok {
				break
			}
			r.send(ctx, n)
		}
	}
}

func (r *Runner) send(ctx context.Context, n Notification) {
	sctx, cancel := context.WithTimeout(ctx, r.SendTimeout)
	defer cancel()
	err := r.notifier.Notify(sctx, n)
	switch {
	case err == nil:
		r.log.Info("notified", "title", n.Title, "services", n.Services)
	case ctx.Err() != nil:
		// Shutting down: not the daemon's fault.
	case errors.Is(err, context.DeadlineExceeded):
		r.log.Warn("notification timed out", "title", n.Title, "timeout", r.SendTimeout)
	default:
		r.log.Warn("notification failed", "title", n.Title, "err", err)
	}
}
