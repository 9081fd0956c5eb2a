package monitor

import (
	"reflect"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// Apply switches the engine to a new configuration: services and sources are added,
// removed and changed without restarting the others; an unchanged service keeps its
// state and history.
func (e *Engine) Apply(cfg *config.Config) {
	e.do(func(now time.Time) { e.applyLocked(cfg, now) })
}

func (e *Engine) applyLocked(cfg *config.Config, now time.Time) {
	specs := cfg.Specs()
	// Spread the first checks of new services: 500 services must not fire in the same
	// millisecond, yet the first results should come soon after start.
	spread := 100*time.Millisecond + time.Duration(len(specs))*2*time.Millisecond
	wanted := make(map[string]bool, len(specs))
	for _, spec := range specs {
		wanted[spec.Name] = true
		s, ok := e.services[spec.Name]
		switch {
		case ok && s.derivedFrom == "" && reflect.DeepEqual(s.spec, spec):
			continue
		case ok:
			// Changed (or it was a source's check): what we knew was about something else.
			gen := s.gen + 1
			e.removeQuietly(s)
			if spec.ConfigError != "" && s.status != status.Unknown {
				// It will not be checked again until its configuration is fixed: the state
				// subscribers knew (a Down being reminded of) is over.
				e.subs.publish(status.Transition{Service: spec.Name, Kind: s.spec.Kind, Group: s.spec.Group,
					From: s.status, To: status.Unknown, Reason: configErrorReason(spec.ConfigError), At: now, Since: s.since})
			}
			s = newService(spec, now)
			s.gen = gen
		default:
			s = newService(spec, now)
		}
		s.due = now.Add(e.opts.Jitter(min(spread, spec.Interval)))
		e.services[spec.Name] = s
	}
	for name, s := range e.services {
		if !wanted[name] && s.derivedFrom == "" {
			e.removeLocked(name, now)
		}
	}
	e.cfg = cfg
	e.applySourcesLocked(cfg, now)
	e.orderLocked()
	e.subs.changed()
}

// removeLocked forgets a service and tells subscribers (reminders, the watch output)
// that it is gone.
func (e *Engine) removeLocked(name string, now time.Time) {
	s, ok := e.services[name]
	if !ok {
		return
	}
	e.removeQuietly(s)
	delete(e.services, name)
	if s.spec.ConfigError != "" {
		return // never checked: it had no state to end
	}
	e.subs.publish(status.Transition{Service: name, Kind: s.spec.Kind, Group: s.spec.Group,
		From: s.status, To: status.Unknown, Reason: "removed from the configuration", At: now, Since: s.since})
}

// removeQuietly makes sure nothing still queued or in flight lands on s.
func (e *Engine) removeQuietly(s *service) {
	s.queued = false // dispatch skips it
	s.gen++          // a result in flight is ignored
}
