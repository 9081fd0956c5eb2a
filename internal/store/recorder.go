package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/status"
)

// RecorderOptions tune the Recorder; the zero value is the app's.
type RecorderOptions struct {
	Clock clock.Clock  // nil: the real clock
	Log   *slog.Logger // nil: the Store's
	// FlushEvery is how long a change of state waits to be written (0: 5 s), so the
	// changes of a burst (the network going down) share one commit. Check results alone
	// wait up to ResultsEvery (0: 30 s) or until 256 of them are waiting (batchResults):
	// a commit costs as much as writing many results (measured: one result alone ~80 µs,
	// in a batch of ten ~22 µs each). The writer sleeps until something is due: an idle
	// laptop is woken once a minute, for the heartbeat.
	FlushEvery   time.Duration
	ResultsEvery time.Duration
	// RetainEvery is how often closed buckets are rolled up and old rows deleted (0: 15
	// min). Each run writes a page per service; charts read raw results for what is not
	// rolled up yet, so waiting costs the reader nothing worth measuring.
	RetainEvery time.Duration
	// MaxBuffered is how many results wait in memory for a slow disk; when it is full
	// the oldest results are dropped (and counted in the log). Transitions are never
	// dropped: there are few of them and they are the history people ask about.
	// 0: 10,000 (memory grows only as far as it is used).
	MaxBuffered int
}

// heartbeat is how often the running session's end is moved forward when nothing else
// is written: the reader's "Uptray was not running" periods are this accurate.
const heartbeat = time.Minute

// batchResults is a number of waiting results worth a transaction of their own.
const batchResults = 256

// Recorder writes results and transitions in batches, off the caller's path: Record*
// only append to memory under a mutex that no disk write ever holds.
type Recorder struct {
	db   *sql.DB
	clk  clock.Clock
	log  *slog.Logger
	opts RecorderOptions
	// started is when this run of the app began recording: its session starts there,
	// not at the first batch, so the first transitions fall inside it.
	started time.Time

	mu      sync.Mutex
	buf     []pending // a ring once it holds MaxBuffered: head is the oldest
	head    int
	trans   []status.Transition
	transAt time.Time // when the first waiting transition arrived (r.clk's time)
	dropped int
	stopped bool // recording failed or the Recorder closed: Record* drop everything
	running bool
	// watching: Run's timer comes by lastWrite+ResultsEvery, so the first result to
	// wait need not wake it (set by Run each time it arms).
	watching bool

	wake chan struct{} // Record* → Run: something waits that Run's timer does not cover

	closing   chan struct{}
	closeOnce sync.Once
	done      chan struct{}

	wmu sync.Mutex // one batch at a time: Run's ticks and Close's final flush
	w   writer     // the writing side's state, under wmu
	// wroteResults: the last batch had results. They come steadily while services are
	// checked, so Run's timer stays armed for the next ones (under wmu).
	wroteResults bool

	afterFlush func(results int) // tests: called after each committed batch
	onWake     func()            // tests: called each time Run wakes (its timer or Record*)
}

// pending is one result as it will be stored.
type pending struct {
	service string
	at      int64 // Unix ms
	status  int64
	latency int64 // µs
	reason  string
}

// NewRecorder returns a Recorder writing to s. Start Run in a goroutine; Close writes
// what is left.
func NewRecorder(s *Store, opts RecorderOptions) *Recorder {
	if opts.Clock == nil {
		opts.Clock = s.clk
	}
	if opts.Log == nil {
		opts.Log = s.log
	}
	if opts.FlushEvery <= 0 {
		opts.FlushEvery = 5 * time.Second
	}
	if opts.ResultsEvery <= 0 {
		opts.ResultsEvery = 30 * time.Second
	}
	if opts.RetainEvery <= 0 {
		opts.RetainEvery = 15 * time.Minute
	}
	if opts.MaxBuffered <= 0 {
		opts.MaxBuffered = 10000
	}
	return &Recorder{db: s.db, clk: opts.Clock, log: opts.Log, opts: opts, started: opts.Clock.Now(),
		wake: make(chan struct{}, 1), closing: make(chan struct{}), done: make(chan struct{})}
}

// RecordResult queues one check result of service. It never blocks on the disk.
func (r *Recorder) RecordResult(service string, res status.Result) {
	at := res.At
	if at.IsZero() {
		at = r.clk.Now()
	}
	p := pending{service: service, at: at.UnixMilli(), status: statusCode(res.Status),
		latency: res.Latency.Microseconds(), reason: res.Reason}
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.stopped:
	case len(r.buf) < r.opts.MaxBuffered:
		r.buf = append(r.buf, p)
		if n := len(r.buf); n == batchResults || n == 1 && !r.watching {
			r.signal()
		}
	default: // full: the oldest result makes room
		r.buf[r.head] = p
		r.head = (r.head + 1) % len(r.buf)
		r.dropped++
	}
}

// RecordTransition queues a change of state (Service "" for this laptop going offline
// or coming back). It never blocks on the disk and is never dropped while recording.
func (r *Recorder) RecordTransition(t status.Transition) {
	if t.At.IsZero() {
		t.At = r.clk.Now()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return
	}
	if len(r.trans) == 0 { // the first of a burst: written FlushEvery from now
		r.transAt = r.clk.Now()
		r.signal()
	}
	r.trans = append(r.trans, t)
}

// signal wakes Run to re-arm its timer; one wake-up waiting is enough.
func (r *Recorder) signal() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// dueLocked is when flush next has something to write: the heartbeat, retention,
// results once ResultsEvery has passed since the last write (at once when a batch of
// them waits), transitions FlushEvery after the first arrived. flush writes once it has
// come and Run sleeps until then, so the two cannot drift apart. r.wmu and r.mu held.
func (r *Recorder) dueLocked() time.Time {
	w := &r.w
	next := w.lastBeat.Add(heartbeat)
	sooner := func(t time.Time) {
		if t.Before(next) {
			next = t
		}
	}
	sooner(w.lastRetain.Add(r.opts.RetainEvery))
	if len(r.buf) >= batchResults {
		return time.Time{}
	}
	if len(r.buf) > 0 {
		sooner(w.lastWrite.Add(r.opts.ResultsEvery))
	}
	if len(r.trans) > 0 {
		sooner(r.transAt.Add(r.opts.FlushEvery))
	}
	return next
}

// nextDue is when Run's timer fires next: dueLocked, or sooner when results are
// expected (see wroteResults); it also tells Record* whether a result must wake Run.
func (r *Recorder) nextDue(now time.Time) time.Time {
	r.wmu.Lock()
	defer r.wmu.Unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	next := r.dueLocked()
	results := r.w.lastWrite.Add(r.opts.ResultsEvery)
	if r.wroteResults && results.After(now) && results.Before(next) {
		next = results // when none came, one wake-up for nothing, then Run sleeps on
	}
	r.watching = !next.After(results)
	return next
}

// Run writes batches as they fall due (see dueLocked), asleep in between, until ctx
// ends or Close is called, then writes the last one. It returns early, with the one
// error, when a write fails (a full disk, a file gone bad): recording stops, the caller
// logs or tells it once, and Record* go on returning at once. The next start of the app
// tries again.
func (r *Recorder) Run(ctx context.Context) error {
	r.mu.Lock()
	if r.running {
		r.mu.Unlock()
		return errors.New("history: Recorder.Run called twice")
	}
	r.running = true
	r.mu.Unlock()
	defer close(r.done)
	// The first batch comes FlushEvery after the start, with the session, retention and
	// the first checks' changes of state in one commit: until then Run does not listen
	// to Record* (everything is due at once before the first write).
	t := r.clk.NewTimer(r.opts.FlushEvery)
	defer t.Stop()
	var wake <-chan struct{}
	for {
		select {
		case <-ctx.Done():
			return r.flush(true)
		case <-r.closing:
			return r.flush(true)
		case <-wake:
		case <-t.C():
			if err := r.flush(false); err != nil {
				return err
			}
			wake = r.wake
		}
		if r.onWake != nil {
			r.onWake()
		}
		select { // what Record* signalled so far, nextDue sees: no second wake-up for it
		case <-r.wake:
		default:
		}
		now := r.clk.Now()
		t.Reset(r.nextDue(now).Sub(now))
	}
}

// Close writes what is buffered and marks this run's session as ended cleanly. After
// Close, Record* drop what they are given.
func (r *Recorder) Close() error {
	r.closeOnce.Do(func() { close(r.closing) })
	r.mu.Lock()
	running := r.running
	r.mu.Unlock()
	if running {
		<-r.done // Run wrote the last batch; an error was Run's to return
		return nil
	}
	return r.flush(true)
}

// flush writes one batch: the buffered results and transitions, the session's
// heartbeat and, when due, rollups and retention. final also ends the session.
func (r *Recorder) flush(final bool) error {
	r.wmu.Lock()
	defer r.wmu.Unlock()
	w := &r.w
	if w.err != nil {
		return nil // already reported once
	}
	now := r.clk.Now()
	retain := now.Sub(w.lastRetain) >= r.opts.RetainEvery
	r.mu.Lock()
	// Transitions that wait go with any batch; an idle laptop's disk is left alone
	// otherwise.
	due := final || len(r.trans) > 0 || !now.Before(r.dueLocked())
	if !due {
		r.mu.Unlock()
		return nil
	}
	batch, head, trans, dropped := r.buf, r.head, r.trans, r.dropped
	r.buf, r.head, r.trans, r.dropped = w.spare[:0], 0, nil, 0
	if final {
		r.stopped = true
	}
	r.mu.Unlock()
	if dropped > 0 {
		r.log.Warn("history: the disk is slow; oldest check results dropped", "dropped", dropped)
	}
	ctx := context.Background() // the last batch is written even when the app's ctx has ended
	err := w.prepare(ctx, r.db)
	if err == nil {
		err = r.write(ctx, batch, head, trans, now, final, retain)
	}
	if final || err != nil {
		w.close() // nothing more will be written
	}
	if err != nil {
		return r.stop(err)
	}
	w.spare, r.wroteResults = batch, len(batch) > 0
	if r.afterFlush != nil {
		r.afterFlush(len(batch))
	}
	return nil
}

// stop ends recording after a failed write: what is buffered is let go, so memory does
// not grow while the disk stays full.
func (r *Recorder) stop(err error) error {
	r.w.err = err
	r.mu.Lock()
	r.stopped, r.buf, r.trans = true, nil, nil
	r.mu.Unlock()
	if code, ok := sqliteCode(err); ok && code == sqliteFull {
		err = fmt.Errorf("the disk is full: %w", err)
	}
	err = fmt.Errorf("history: recording stopped: %w", err)
	r.log.Error("history: recording stopped; monitoring goes on", "error", err)
	return err
}
