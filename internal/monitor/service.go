package monitor

import (
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// historySize is how many results each service keeps for the details view.
const historySize = 100

// service is the engine's state for one service. Only the engine's loop goroutine
// changes it, under Engine.mu so that Snapshot can read it.
type service struct {
	spec config.Spec
	gen  uint64 // bumped when the spec changes, so a result of the old spec is ignored
	// derivedFrom names the source this is a remote check of; such a service is
	// updated by the source's polls, never checked by itself.
	derivedFrom string

	status status.Status // confirmed state
	since  time.Time     // when status began
	last   status.Result // latest result, confirmed or not
	checks int           // how many results arrived

	bad, good    int       // consecutive failed / good results
	failingSince time.Time // first failure of the current run of failures
	settleBy     time.Time // when the outage sweep that covers this failure is over

	due      time.Time // next check; zero while one is queued or in flight
	queued   bool
	inFlight bool

	history []status.Result // ring of the last historySize results
	next    int             // where the ring writes next once full
}

func newService(spec config.Spec, now time.Time) *service {
	s := &service{spec: spec, since: now}
	if spec.ConfigError != "" {
		s.last = status.Result{Status: status.Unknown, Reason: configErrorReason(spec.ConfigError)}
	}
	return s
}

// configErrorReason is what a service with a config error shows instead of a result.
func configErrorReason(msg string) string {
	return "Config error: " + msg + " — open Settings"
}

// checked reports whether the engine checks s itself: not a source's remote check (the
// source's polls update it) and not a service whose configuration is broken.
func (s *service) checked() bool { return s.derivedFrom == "" && s.spec.ConfigError == "" }

func (s *service) record(r status.Result) {
	s.last = r
	s.checks++
	if len(s.history) < historySize {
		s.history = append(s.history, r)
		return
	}
	s.history[s.next] = r
	s.next = (s.next + 1) % historySize
}

// History returns the results oldest first.
func (s *service) historyCopy() []status.Result {
	out := make([]status.Result, 0, len(s.history))
	out = append(out, s.history[s.next:]...)
	return append(out, s.history[:s.next]...)
}

// isBad reports whether a confirmed state is a problem, so a further bad result
// is not a new failure to confirm.
func isBad(st status.Status) bool { return st == status.Down || st == status.Degraded }

// verdict is what one result means for the confirmed state.
type verdict struct {
	change       bool          // the confirmed state changes to `to`
	to           status.Status // the new state
	firstFailure bool          // this result starts a run of failures
	recheckSoon  bool          // a failure or recovery is being confirmed: use retry_interval
}

// judge applies the thresholds to a new result. It changes only the counters; the
// engine decides whether to apply the verdict (a Down may wait for connectivity).
func (s *service) judge(r status.Result) verdict {
	ft, st := s.spec.FailureThreshold, s.spec.SuccessThreshold
	if r.Status == status.Up {
		s.bad = 0
		s.good++
		recovering := isBad(s.status) && s.good < st
		return verdict{change: s.status != status.Up && !recovering, to: status.Up, recheckSoon: recovering}
	}
	s.good = 0
	s.bad++
	v := verdict{firstFailure: s.bad == 1 && !isBad(s.status), to: r.Status}
	confirmed := s.bad >= ft || isBad(s.status)
	v.change = confirmed && s.status != r.Status
	v.recheckSoon = !confirmed
	return v
}
