package monitor

import (
	"context"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// netState is what the engine knows of this machine's own network.
type netState struct {
	offline  bool
	reason   string    // why we think we are offline
	since    time.Time // when we went offline
	nextPoll time.Time // while offline: next connectivity test

	lastGood  time.Time // latest Up result of any service: proof we are online
	checking  bool      // a connectivity test is running
	checkedAt time.Time // when the last one ended
	online    bool      // what it found

	waiting []pendingDown // Down verdicts held until the connectivity test answers

	sweepAt, sweepEnd time.Time // the latest outage sweep and when it has settled
}

type pendingDown struct {
	name string
	gen  uint64
}

// needsConnectivityLocked reports whether a Down verdict needs the question "is it
// us?" answered first. It does not when any service answered since this failure began,
// or the network was found up moments ago: targets are probed only to explain failures.
func (e *Engine) needsConnectivityLocked(s *service, now time.Time) bool {
	if e.opts.Online == nil || !e.net.lastGood.Before(s.failingSince) {
		return false
	}
	recent := !e.net.checkedAt.IsZero() && now.Sub(e.net.checkedAt) < s.spec.RetryInterval
	return !(recent && e.net.online)
}

func (e *Engine) startConnectivityLocked(now time.Time) {
	if e.net.checking || e.opts.Online == nil {
		return
	}
	e.net.checking = true
	targets := e.cfg.ConnectivityTargets()
	timeout := e.cfg.Defaults.Timeout.Or(config.DefaultTimeout)
	ctx, epoch := e.runCtx, e.epoch
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		cctx, cancel := context.WithTimeout(ctx, timeout)
		online, reason := e.opts.Online(cctx, targets)
		cancel()
		select {
		case e.results <- message{conn: true, epoch: epoch, online: online, reason: reason}:
		case <-ctx.Done():
		}
	}()
}

// connectivityDoneLocked acts on a connectivity test: confirm the held Down verdicts,
// or go offline (one event, not one per service), or come back online.
func (e *Engine) connectivityDoneLocked(m message, now time.Time) {
	n := &e.net
	n.checking, n.checkedAt, n.online = false, now, m.online
	retry := e.cfg.Defaults.RetryInterval.Or(config.DefaultRetryInterval)
	waiting := n.waiting
	n.waiting = nil
	if !m.online {
		n.nextPoll = now.Add(retry)
		n.reason = m.reason
		if !n.offline {
			from := e.overallLocked()
			n.offline, n.since = true, now
			e.log.Warn("offline", "reason", m.reason)
			e.subs.publish(status.Transition{From: from, To: status.Offline, Reason: m.reason, At: now, Since: now})
		}
		e.subs.changed()
		return
	}
	if n.offline {
		n.offline = false
		e.log.Info("back online", "offline_for", now.Sub(n.since))
		e.subs.publish(status.Transition{From: status.Offline, To: status.Up, At: now, Since: n.since})
		// Failures seen before or while offline prove nothing now: start afresh.
		for _, s := range e.services {
			s.bad, s.good = 0, 0
		}
		e.dueAllLocked(now)
	}
	for _, p := range waiting {
		s, ok := e.services[p.name]
		if ok && s.gen == p.gen && s.bad >= s.spec.FailureThreshold && s.last.Status == status.Down && s.status != status.Down {
			e.setLocked(s, status.Down, now)
		}
	}
	e.subs.changed()
}

// pollConnectivityLocked, while offline, tests the network again when it is time.
func (e *Engine) pollConnectivityLocked(now time.Time) {
	if e.net.offline && !e.net.checking && !now.Before(e.net.nextPoll) {
		e.startConnectivityLocked(now)
	}
}

// wokeLocked starts afresh after the machine slept: failures seen before the sleep
// prove nothing now, and the network needs a moment (one retry_interval) to come back.
func (e *Engine) wokeLocked(now time.Time) {
	retry := e.cfg.Defaults.RetryInterval.Or(config.DefaultRetryInterval)
	e.log.Info("woke from sleep", "at", now)
	e.wakeUntil = now.Add(2 * retry)
	e.epoch++ // what is in flight now started before the sleep: staleLocked drops it
	e.net.checkedAt = time.Time{}
	e.net.waiting = nil // Down verdicts from before the sleep: confirmed afresh or not at all
	for _, s := range e.services {
		s.bad, s.good = 0, 0
		if !s.inFlight && !s.queued {
			s.due = now.Add(retry)
		}
	}
	for _, ss := range e.sources {
		if !ss.inFlight {
			ss.due = now.Add(retry)
		}
	}
	if e.net.offline {
		e.net.nextPoll = now
	}
}

// staleLocked drops the result of work that was in flight across a sleep: it does not
// count, and the service, source or connectivity test is tried again a retry_interval
// after the wake, like everything else.
func (e *Engine) staleLocked(m message, now time.Time) {
	retry := e.cfg.Defaults.RetryInterval.Or(config.DefaultRetryInterval)
	switch {
	case m.conn:
		e.net.checking = false
		if e.net.offline {
			e.net.nextPoll = now
		}
	case m.source != "":
		if ss, ok := e.sources[m.source]; ok && ss.gen == m.gen {
			ss.inFlight, ss.due = false, now.Add(retry)
		}
	default:
		e.inFlight--
		if s, ok := e.services[m.name]; ok && s.gen == m.gen {
			s.inFlight, s.due = false, now.Add(retry)
		}
	}
	e.log.Info("dropped a result from before the sleep", "service", m.name, "source", m.source, "connectivity", m.conn)
}
