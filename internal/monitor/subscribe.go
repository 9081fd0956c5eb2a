package monitor

import (
	"slices"
	"sync"

	"github.com/uptray/uptray/internal/status"
)

// Subscription holds the latest transition of every service (and of connectivity) that
// its reader has not taken yet. It never drops a service: a reader that falls behind
// sees each service's newest transition, in the order they last changed, so 1,000
// services failing together reach the reader as 1,000 transitions, however slow it is.
type Subscription struct {
	mu      sync.Mutex
	pending map[string]status.Transition // by service name; "" is connectivity
	order   []string                     // names in pending, oldest change first
	ready   chan struct{}                // one signal while pending is not empty
	closed  bool
	unsub   func()
}

// Ready receives a signal when Take has something; it is closed when the engine stops
// or the subscription is closed (Take may still return what was pending).
func (s *Subscription) Ready() <-chan struct{} { return s.ready }

// Take returns every pending transition, one per service, oldest change first.
func (s *Subscription) Take() []status.Transition {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.order) == 0 {
		return nil
	}
	out := make([]status.Transition, 0, len(s.order))
	for _, name := range s.order {
		out = append(out, s.pending[name])
	}
	clear(s.pending)
	s.order = s.order[:0]
	return out
}

// Close ends the subscription.
func (s *Subscription) Close() { s.unsub() }

func (s *Subscription) put(t status.Transition) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if _, ok := s.pending[t.Service]; ok {
		// The reader never saw the older state: only the newest one counts, and it
		// moves to the back so the order of changes is kept.
		s.order = slices.DeleteFunc(s.order, func(n string) bool { return n == t.Service })
	}
	s.pending[t.Service] = t
	s.order = append(s.order, t.Service)
	select {
	case s.ready <- struct{}{}:
	default:
	}
}

func (s *Subscription) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.ready)
	}
}

// subscribers fans transitions and change signals out to readers.
type subscribers struct {
	onTransition func(status.Transition) // Options.OnTransition, or nil
	mu           sync.Mutex
	subs         []*Subscription
	updates      []chan struct{}
	closed       bool
}

// Subscribe returns a subscription to every transition from now on.
func (e *Engine) Subscribe() *Subscription {
	s := &Subscription{pending: map[string]status.Transition{}, ready: make(chan struct{}, 1)}
	e.subs.mu.Lock()
	defer e.subs.mu.Unlock()
	if e.subs.closed {
		s.close()
		s.unsub = func() {}
		return s
	}
	e.subs.subs = append(e.subs.subs, s)
	s.unsub = func() {
		e.subs.mu.Lock()
		defer e.subs.mu.Unlock()
		e.subs.subs = slices.DeleteFunc(e.subs.subs, func(x *Subscription) bool { return x == s })
		s.close()
	}
	return s
}

// Updates returns a channel that receives a signal whenever anything visible may have
// changed (a check finished, a service was added): the tray re-reads the Snapshot then.
// Signals coalesce: a slow reader sees one, not a backlog.
func (e *Engine) Updates() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	s := &e.subs
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		close(ch)
		return ch, func() {}
	}
	s.updates = append(s.updates, ch)
	return ch, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if i := slices.Index(s.updates, ch); i >= 0 {
			s.updates = slices.Delete(s.updates, i, i+1)
			close(ch)
		}
	}
}

func (s *subscribers) publish(t status.Transition) {
	if s.onTransition != nil {
		s.onTransition(t)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sub := range s.subs {
		sub.put(t)
	}
	s.signalLocked()
}

func (s *subscribers) changed() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.signalLocked()
}

func (s *subscribers) signalLocked() {
	for _, ch := range s.updates {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

func (s *subscribers) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for _, sub := range s.subs {
		sub.close()
	}
	for _, ch := range s.updates {
		close(ch)
	}
	s.subs, s.updates = nil, nil
}
