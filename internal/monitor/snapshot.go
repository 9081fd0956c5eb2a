package monitor

import (
	"time"

	"github.com/uptray/uptray/internal/status"
)

// ServiceState is what the tray and the windows show of one service.
type ServiceState struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Target   string `json:"target"`
	Group    string `json:"group,omitempty"`
	Fallback string `json:"fallback,omitempty"`
	Critical bool   `json:"critical,omitempty"`
	Managed  bool   `json:"managed,omitempty"`
	// ConfigError is set when the service's configuration is broken ("interval: …"): it
	// is not checked, its Status is Unknown and Last.Reason says
	// "Config error: <ConfigError> — open Settings". Views show it greyed out.
	ConfigError string `json:"config_error,omitempty"`
	// Status is the confirmed state; Paused while checks are paused and Offline while
	// this machine is offline (Last and Since keep what was known before).
	Status status.Status `json:"status"`
	Since  time.Time     `json:"since"`
	// Last is the latest result, which may not be confirmed yet (a failure being
	// re-checked shows here before Status turns Down).
	Last   status.Result `json:"last"`
	Checks int           `json:"checks"`
}

// Snapshot is the state of everything at one moment.
type Snapshot struct {
	Services      []ServiceState `json:"services"` // in configuration order
	Overall       status.Status  `json:"overall"`
	Offline       bool           `json:"offline,omitempty"`
	OfflineReason string         `json:"offline_reason,omitempty"`
	Paused        bool           `json:"paused,omitempty"`
	At            time.Time      `json:"at"`
}

// Count returns how many services are in state st.
func (s Snapshot) Count(st status.Status) int {
	n := 0
	for _, svc := range s.Services {
		if svc.Status == st {
			n++
		}
	}
	return n
}

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
