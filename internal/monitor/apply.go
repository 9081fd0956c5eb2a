package monitor

import (
	"reflect"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// Apply switches the engine to a new configuration: services are added, removed and
// changed without restarting the others; an unchanged service keeps its state and history.
func (e *Engine) Apply(cfg *config.Config) {
	e.do(func(now time.Time) { e.applyLocked(cfg, now) })
}

func (e *Engine) applyLocked(cfg *config.Config, now time.Time) {
	specs := cfg.Specs()
	// Spread the first checks of new services: 500 services must not fire in the same
	// millisecond, yet the first results should come soon after start.
	spread := 100*time.Millisecond + time.Duration(len(specs))*2*time.Millisecond
	kept := make(map[string]*service, len(specs))
	order := make([]string, 0, len(specs))
	for _, spec := range specs {
		s, ok := e.services[spec.Name]
		switch {
		case ok && reflect.DeepEqual(s.spec, spec):
		case ok:
			// Changed: what we knew was about the old target or thresholds.
			gen := s.gen + 1
			*s = *newService(spec, now)
			s.gen = gen
			s.due = now.Add(e.opts.Jitter(min(spread, spec.Interval)))
		default:
			s = newService(spec, now)
			s.due = now.Add(e.opts.Jitter(min(spread, spec.Interval)))
		}
		kept[spec.Name] = s
		order = append(order, spec.Name)
	}
	for name, s := range e.services {
		if _, ok := kept[name]; !ok {
			s.queued = false // dispatch skips it; a result in flight finds no service
			s.gen++
			// Subscribers (reminders, the watch output) learn that it is gone.
			e.subs.publish(status.Transition{Service: name, Kind: s.spec.Kind, Group: s.spec.Group,
				From: s.status, To: status.Unknown, Reason: "removed from the configuration", At: now, Since: s.since})
		}
	}
	e.cfg, e.services, e.order = cfg, kept, order
	e.subs.changed()
}
