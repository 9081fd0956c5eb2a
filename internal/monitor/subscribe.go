package monitor

import (
	"sync"

	"github.com/uptray/uptray/internal/status"
)

// subscriberBuffer is how many transitions a slow subscriber may fall behind by
// before the oldest are dropped: the engine never waits for a reader.
const subscriberBuffer = 256

// subscribers fans transitions and change signals out to readers.
type subscribers struct {
	mu          sync.Mutex
	transitions []chan status.Transition
	updates     []chan struct{}
	closed      bool
}

// Subscribe returns a channel of every transition from now on, and a func that ends
// the subscription. The channel is closed when the engine stops.
func (e *Engine) Subscribe() (<-chan status.Transition, func()) {
	ch := make(chan status.Transition, subscriberBuffer)
	return ch, register(&e.subs, &e.subs.transitions, ch)
}

// Updates returns a channel that receives a signal whenever anything visible may have
// changed (a check finished, a service was added): the tray re-reads the Snapshot then.
// Signals coalesce: a slow reader sees one, not a backlog.
func (e *Engine) Updates() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	return ch, register(&e.subs, &e.subs.updates, ch)
}

// register adds ch to list and returns the func that removes and closes it.
func register[T any](s *subscribers, list *[]chan T, ch chan T) func() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		close(ch)
		return func() {}
	}
	*list = append(*list, ch)
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for i, c := range *list {
			if c == ch {
				*list = append((*list)[:i], (*list)[i+1:]...)
				close(ch)
				return
			}
		}
	}
}

func (s *subscribers) publish(t status.Transition) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ch := range s.transitions {
		for {
			select {
			case ch <- t:
			default:
				select { // full: drop the oldest so the newest state always arrives
				case <-ch:
				default:
				}
				continue
			}
			break
		}
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
	for _, ch := range s.transitions {
		close(ch)
	}
	for _, ch := range s.updates {
		close(ch)
	}
	s.transitions, s.updates = nil, nil
}
