package monitor

import (
	"github.com/uptray/uptray/internal/status"
)

// ServiceState and Snapshot are the read model every view uses; they live in status so
// that views (and the windows process, which has no engine) need not import monitor.
type (
	ServiceState = status.ServiceState
	Snapshot     = status.Snapshot
)

// Snapshot returns a copy of the current state; safe from any goroutine.
func (e *Engine) Snapshot() Snapshot {
	e.mu.Lock()
	defer e.mu.Unlock()
	snap := Snapshot{
		Services:      make([]ServiceState, 0, len(e.order)),
		Overall:       e.overallLocked(),
		Offline:       e.net.offline,
		OfflineReason: e.net.reason,
		Paused:        e.paused,
		At:            e.clk.Now(),
	}
	for _, name := range e.order {
		s := e.services[name]
		st := s.status
		switch {
		case s.spec.ConfigError != "":
			st = status.Unknown // not checked, whatever the engine is doing
		case e.paused:
			st = status.Paused
		case e.net.offline:
			st = status.Offline // nothing can be said of it: never "Up" from before
		}
		snap.Services = append(snap.Services, ServiceState{
			Name: name, Kind: s.spec.Kind, Target: s.spec.Target, Group: s.spec.Group,
			Fallback: s.spec.Fallback, Critical: s.spec.Critical, Managed: s.spec.Managed,
			ConfigError: s.spec.ConfigError,
			Status:      st, Since: s.since, Last: s.last, Checks: s.checks,
		})
	}
	return snap
}

// History returns one service's latest results, oldest first (at most 100).
func (e *Engine) History(name string) []status.Result {
	e.mu.Lock()
	defer e.mu.Unlock()
	if s, ok := e.services[name]; ok {
		return s.historyCopy()
	}
	return nil
}

func (e *Engine) overallLocked() status.Status {
	switch {
	case e.paused:
		return status.Paused
	case e.net.offline:
		return status.Offline
	}
	worst := status.Unknown
	for _, s := range e.services {
		worst = status.Worst(worst, s.status)
	}
	return worst
}
