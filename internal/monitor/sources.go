package monitor

import (
	"context"
	"fmt"
	"reflect"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/source"
	"github.com/uptray/uptray/internal/status"
)

// pollSettle is how long the notifier waits for the rest of a poll's failures, which
// all arrive at once, before it tells one outage from many.
const pollSettle = time.Second

// FetchFunc reads a monitoring server's checks once (source.For + an HTTP client);
// ctx carries the source's timeout.
type FetchFunc func(ctx context.Context, src config.Source) ([]source.Entry, error)

// sourceState is the engine's state for one [[sources]] entry. Its remote checks
// appear as services of their own (derived services) that are never checked directly:
// each poll of the source updates them all.
type sourceState struct {
	src      config.Source
	interval time.Duration
	timeout  time.Duration
	gen      uint64
	due      time.Time
	inFlight bool
	names    []string // the derived services, in the server's order
}

func (e *Engine) startFetch(ss *sourceState) {
	src, gen, ctx, timeout, epoch := ss.src, ss.gen, e.runCtx, ss.timeout, e.epoch
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		cctx, cancel := context.WithTimeout(ctx, timeout)
		entries, err := e.opts.Fetch(cctx, src)
		cancel()
		select {
		case e.results <- message{source: src.Name, gen: gen, epoch: epoch, entries: entries, err: err}:
		case <-ctx.Done():
		}
	}()
}

// dispatchSourcesLocked starts the polls of sources that are due.
func (e *Engine) dispatchSourcesLocked(now time.Time) {
	if e.opts.Fetch == nil {
		return
	}
	for _, ss := range e.sources {
		if !ss.inFlight && !ss.due.After(now) {
			ss.inFlight = true
			e.startFetch(ss)
		}
	}
}

// fetchedLocked turns a poll's entries into derived services: new remote checks are
// added, vanished ones removed, the others follow the remote state. The remote server
// has already confirmed its states, so they count at once (a threshold of one).
func (e *Engine) fetchedLocked(m message, now time.Time) {
	ss, ok := e.sources[m.source]
	if !ok || ss.gen != m.gen {
		return
	}
	ss.inFlight = false
	ss.due = now.Add(ss.interval)
	entries := m.entries
	if m.err != nil {
		// One line for the whole source: Uptray does not know the state of its checks.
		entries = []source.Entry{{Name: ss.src.Name, Result: status.Result{Status: status.Unknown, Reason: m.err.Error()}}}
	}
	old := map[string]bool{}
	for _, n := range ss.names {
		old[n] = true
	}
	ss.names = ss.names[:0]
	for _, en := range entries {
		name := e.derivedName(ss, en.Name)
		s, exists := e.services[name]
		if !exists {
			s = newService(e.derivedSpec(ss, en, name), now)
			s.derivedFrom = ss.src.Name
			e.services[name] = s
		}
		delete(old, name)
		ss.names = append(ss.names, name)
		en.Result.At = now
		s.record(en.Result)
		if e.opts.OnResult != nil {
			e.opts.OnResult(s.spec.Name, en.Result)
		}
		if en.Result.Status != s.status {
			// Checks that fail in the same poll are one outage: let the notifier group them.
			s.failingSince, s.settleBy = now, now.Add(pollSettle)
			e.setLocked(s, en.Result.Status, now)
		}
	}
	for name := range old {
		if s, ok := e.services[name]; ok && s.derivedFrom == ss.src.Name {
			e.removeLocked(name, now)
		}
	}
	e.orderLocked()
	e.subs.changed()
}

// derivedName keeps a remote check's own name unless a service of another origin
// already uses it.
func (e *Engine) derivedName(ss *sourceState, name string) string {
	if s, taken := e.services[name]; !taken || s.derivedFrom == ss.src.Name {
		return name
	}
	return fmt.Sprintf("%s (%s)", name, ss.src.Name)
}

// sourceGroup is the group a remote check is shown in, the same in the tray, `check`
// and `watch`: the source, then the server's own group ("Ops Gatus · core").
func sourceGroup(source, remote string) string {
	if remote == "" {
		return source
	}
	return source + " · " + remote
}

func (e *Engine) derivedSpec(ss *sourceState, en source.Entry, name string) config.Spec {
	group := sourceGroup(ss.src.Name, en.Group)
	return config.Spec{
		Service: config.Service{Name: name, Kind: ss.src.Kind, Target: ss.src.URL, Group: group,
			Managed: ss.src.Managed, Origin: ss.src.Origin, Fallback: en.Fallback, Critical: en.Critical},
		Interval: ss.interval, Timeout: ss.timeout,
		FailureThreshold: 1, SuccessThreshold: 1, RetryInterval: ss.interval,
	}
}

// applySourcesLocked switches to a configuration's sources: unchanged ones keep their
// derived services; changed or removed ones lose them (a changed one is polled afresh).
func (e *Engine) applySourcesLocked(cfg *config.Config, now time.Time) {
	next := make(map[string]*sourceState, len(cfg.Sources))
	for _, src := range cfg.Sources {
		src = cfg.SourceFor(src) // its proxy and certificates, from [defaults] where unset
		interval, timeout := cfg.SourceTiming(src)
		ss, ok := e.sources[src.Name]
		if ok && reflect.DeepEqual(ss.src, src) && ss.interval == interval && ss.timeout == timeout {
			next[src.Name] = ss
			continue
		}
		if ok {
			e.dropDerivedLocked(ss, now)
		}
		gen := uint64(0)
		if ok {
			gen = ss.gen + 1
		}
		next[src.Name] = &sourceState{src: src, interval: interval, timeout: timeout, gen: gen,
			due: now.Add(e.opts.Jitter(min(time.Second, interval)))}
	}
	for name, ss := range e.sources {
		if _, kept := next[name]; !kept {
			e.dropDerivedLocked(ss, now)
		}
	}
	e.sources = next
}

func (e *Engine) dropDerivedLocked(ss *sourceState, now time.Time) {
	for _, n := range ss.names {
		if s, ok := e.services[n]; ok && s.derivedFrom == ss.src.Name {
			e.removeLocked(n, now)
		}
	}
	ss.names = nil
}

// orderLocked lists the configuration's services first, then each source's checks.
func (e *Engine) orderLocked() {
	order := make([]string, 0, len(e.services))
	for _, spec := range e.cfg.Services {
		if _, ok := e.services[spec.Name]; ok {
			order = append(order, spec.Name)
		}
	}
	for _, src := range e.cfg.Sources {
		if ss, ok := e.sources[src.Name]; ok {
			order = append(order, ss.names...)
		}
	}
	e.order = order
}

// checkSourceLocked polls a source as soon as it can (CheckNow on one of its checks).
func (e *Engine) checkSourceLocked(name string, now time.Time) {
	if ss, ok := e.sources[name]; ok && !ss.inFlight {
		ss.due = now
	}
}
