// Package alert decides which changes of state become desktop notifications, and sends
// them. The Policy is pure and driven by explicit times so every rule is tested with a
// fake clock; the Runner owns it on a goroutine; Beeep is the one desktop adapter.
package alert

import (
	"slices"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/status"
)

// Notification is one desktop notification.
type Notification struct {
	Title, Body string
	Status      status.Status // the state it reports (Down, Degraded, Up for recoveries, Offline); the adapter picks the icon from it
	Urgent      bool          // critical service down: the adapter may use a louder style
	Services    []string      // names it is about (for tests and logs)
	// Tag names a notice that a later one replaces where the platform can (freedesktop
	// replaces_id): the first Down of an outage is sent at once and replaced by the
	// grouped notice when the sweep has settled. Empty: a notice of its own.
	Tag string
	// Details is the service a Details action opens (empty: no such action).
	Details string
	// Open is the page an Open action opens (http and status-page kinds; empty: none).
	Open string
}

// verdict is what the current settings, snooze and quiet hours allow right now.
type verdict int

const (
	send verdict = iota
	hold         // not now: owed in the summary when quiet hours or the snooze end
	drop         // notifications are off
)

// service is what the policy remembers of one service that is not Up.
type service struct {
	last   status.Transition // the transition into its current state
	downAt time.Time         // when its outage began, for "still down (for …)"
	// told is the bad state the user last heard of (Down or Degraded; Unknown if none):
	// a recovery is announced only if the problem was.
	told       status.Status
	held       bool      // its outage was held back: the next summary owes it
	remindFrom time.Time // when the user was last told (or would have been) it is down
}

// Policy decides what to notify. It is not safe for concurrent use: the Runner owns it.
type Policy struct {
	s        Settings
	now      time.Time // the latest time seen: NextWake counts the end of quiet hours from it
	services map[string]*service

	batch    []string  // Down services waiting for the outage sweep to settle
	deadline time.Time // when the batch is sent

	snoozed     bool
	snoozeUntil time.Time // zero: until resumed
	pausedHeld  bool      // the snooze held something back: the summary says "paused"

	offline     bool
	offlineTold bool // "You are offline" was sent, so "Back online" will be
	offlineHeld bool
}

// NewPolicy returns a policy with nothing down.
func NewPolicy(s Settings) *Policy {
	return &Policy{s: s, services: map[string]*service{}}
}

// SetSettings applies new settings; what is held or pending is judged by them from now on.
func (p *Policy) SetSettings(s Settings) { p.s = s }

// Handle takes one transition and returns what to send right now.
func (p *Policy) Handle(t status.Transition, now time.Time) []Notification {
	// Anything already due goes first, so a Down arriving after a batch's deadline
	// starts a new batch instead of joining a late one.
	out := p.Tick(now)
	if t.IsConnectivity() {
		return append(out, p.connectivity(t, now)...)
	}
	switch t.To {
	case status.Down:
		return append(out, p.down(t, now)...)
	case status.Degraded:
		return append(out, p.degraded(t, now)...)
	case status.Up:
		return append(out, p.up(t, now)...)
	}
	// Unknown, Paused (and Offline per service) say nothing about the service: forget it,
	// which also stops its reminders.
	p.forget(t.Service)
	return out
}

// HandleAll takes the transitions that arrived together, in order.
func (p *Policy) HandleAll(ts []status.Transition, now time.Time) []Notification {
	var out []Notification
	for _, t := range ts {
		out = append(out, p.Handle(t, now)...)
	}
	return out
}

// Tick sends what has fallen due by now: settled batches, summaries at the end of quiet
// hours or of a snooze, reminders.
func (p *Policy) Tick(now time.Time) []Notification {
	p.now = now
	if p.snoozed && !p.snoozeUntil.IsZero() && !now.Before(p.snoozeUntil) {
		p.snoozed, p.snoozeUntil = false, time.Time{}
	}
	var out []Notification
	if len(p.batch) > 0 && !p.deadline.After(now) {
		out = append(out, p.flush(now)...)
	}
	out = append(out, p.summary(now)...)
	return append(out, p.remind(now)...)
}

// NextWake returns when Tick must next be called; false when nothing is scheduled.
func (p *Policy) NextWake() (time.Time, bool) {
	var next time.Time
	ok := false
	at := func(t time.Time) {
		if !ok || t.Before(next) {
			next, ok = t, true
		}
	}
	if len(p.batch) > 0 {
		at(p.deadline)
	}
	if p.snoozed && !p.snoozeUntil.IsZero() {
		at(p.snoozeUntil)
	}
	if p.s.RemindEvery > 0 && !p.offline {
		for _, s := range p.services {
			if s.last.To == status.Down && s.told == status.Down {
				at(s.remindFrom.Add(p.s.RemindEvery))
			}
		}
	}
	if p.anyHeld() && !p.snoozed {
		if p.s.Quiet != nil && p.s.Quiet.Contains(p.now) {
			at(p.s.Quiet.NextEnd(p.now))
		} else {
			at(p.now) // quiet hours were changed or removed: the summary is due now
		}
	}
	return next, ok
}

// Snooze pauses every notification until the given time; a zero time means until Resume.
// A time not after now is ignored.
func (p *Policy) Snooze(until, now time.Time) {
	p.now = now
	if !until.IsZero() && !until.After(now) {
		return
	}
	p.snoozed, p.snoozeUntil = true, until
}

// Resume ends a snooze and returns the summary of what is still down.
func (p *Policy) Resume(now time.Time) []Notification {
	p.snoozed, p.snoozeUntil = false, time.Time{}
	return p.Tick(now)
}

// SnoozedUntil reports whether notifications are snoozed, and until when (zero: until resumed).
func (p *Policy) SnoozedUntil() (time.Time, bool) { return p.snoozeUntil, p.snoozed }

func (p *Policy) gate(now time.Time, critical bool) verdict {
	switch {
	case !p.s.Enabled:
		return drop
	case p.snoozed:
		return hold
	case !critical && p.s.Quiet != nil && p.s.Quiet.Contains(now):
		return hold
	}
	return send
}

func (p *Policy) hold(s *service) {
	s.held = true
	if p.snoozed {
		p.pausedHeld = true
	}
}

func (p *Policy) anyHeld() bool {
	if p.offlineHeld {
		return true
	}
	for _, s := range p.services {
		if s.held {
			return true
		}
	}
	return false
}

func (p *Policy) down(t status.Transition, now time.Time) []Notification {
	prev := p.services[t.Service]
	if prev != nil && prev.last.To == status.Down {
		prev.last.Reason = t.Reason // a repeated Down is no news
		return nil
	}
	s := &service{last: t, downAt: t.At}
	if prev != nil {
		s.told = prev.told // told it was slow: "back to normal" is still owed
	}
	p.services[t.Service] = s
	if p.offline {
		return nil // probably the network, like a batch discarded on going offline
	}
	if len(p.batch) == 0 {
		p.deadline = t.SettleBy
		if p.deadline.IsZero() {
			p.deadline = t.At
		}
	}
	p.batch = append(p.batch, t.Service)
	if !p.deadline.After(now) {
		return p.flush(now)
	}
	return nil
}

// flush sends the settled batch: grouped when it is a sweep of failures.
func (p *Policy) flush(now time.Time) []Notification {
	var sent []status.Transition
	for _, name := range p.batch {
		s := p.services[name]
		switch p.gate(now, s.last.Critical) {
		case send:
			s.told, s.remindFrom = status.Down, now
			sent = append(sent, s.last)
		case hold:
			s.remindFrom = now
			p.hold(s)
		}
	}
	p.batch, p.deadline = nil, time.Time{}
	if len(sent) >= groupAt {
		return []Notification{groupedDown(sent)}
	}
	out := make([]Notification, 0, len(sent))
	for _, t := range sent {
		out = append(out, downNotice(t))
	}
	return out
}

func (p *Policy) degraded(t status.Transition, now time.Time) []Notification {
	prev := p.services[t.Service]
	if prev != nil && prev.last.To == status.Degraded {
		prev.last.Reason = t.Reason
		return nil
	}
	p.unbatch(t.Service)
	s := &service{last: t}
	if prev != nil {
		s.told, s.downAt = prev.told, prev.downAt
	}
	p.services[t.Service] = s
	if !p.s.OnDegraded || p.gate(now, t.Critical) != send {
		return nil // a held warning is not worth a summary: only outages are
	}
	s.told = status.Degraded
	return []Notification{degradedNotice(t)}
}

func (p *Policy) up(t status.Transition, now time.Time) []Notification {
	s := p.services[t.Service]
	p.forget(t.Service) // a service still in the batch was a flap: it goes silently
	if s == nil || !p.s.OnRecovery {
		return nil
	}
	var n Notification
	switch s.told {
	case status.Down:
		since := t.Since
		if t.From != status.Down || since.IsZero() {
			since = s.downAt // it went Down → Degraded → Up, and was never told it was slow
		}
		var downFor time.Duration
		if !since.IsZero() {
			downFor = t.At.Sub(since)
		}
		n = backUpNotice(t.Service, downFor)
	case status.Degraded:
		n = backToNormalNotice(t.Service)
	default:
		return nil
	}
	if p.gate(now, t.Critical) != send {
		return nil // good news held back is stale by the time it could be sent
	}
	return []Notification{n}
}

func (p *Policy) forget(name string) {
	p.unbatch(name)
	delete(p.services, name)
}

func (p *Policy) unbatch(name string) {
	p.batch = slices.DeleteFunc(p.batch, func(n string) bool { return n == name })
	if len(p.batch) == 0 {
		p.batch, p.deadline = nil, time.Time{}
	}
}

func (p *Policy) connectivity(t status.Transition, now time.Time) []Notification {
	switch {
	case t.To == status.Offline && !p.offline:
		p.offline = true
		// Failures confirmed just before going offline were probably the network.
		p.batch, p.deadline = nil, time.Time{}
		switch p.gate(now, false) {
		case send:
			p.offlineTold = true
			return []Notification{{Title: offlineTitle, Status: status.Offline}}
		case hold:
			p.offlineHeld = true
			p.pausedHeld = p.pausedHeld || p.snoozed
		}
	case t.To == status.Up && p.offline:
		told := p.offlineTold
		p.offline, p.offlineTold, p.offlineHeld = false, false, false
		for _, s := range p.services {
			s.remindFrom = now // nothing was checked offline: remind a full period from now
		}
		if told && p.gate(now, false) == send {
			return []Notification{{Title: onlineTitle, Status: status.Up}}
		}
	}
	return nil
}

// summary sends, once the hold is lifted, one notification of what is still down and
// was held back; services that recovered meanwhile are not mentioned.
func (p *Policy) summary(now time.Time) []Notification {
	var due []*service
	for _, s := range p.services {
		if !s.held {
			continue
		}
		switch p.gate(now, s.last.Critical) {
		case send:
			due = append(due, s)
		case drop:
			s.held = false
		}
	}
	var out []Notification
	if p.offlineHeld {
		switch p.gate(now, false) {
		case send:
			p.offlineHeld, p.offlineTold = false, true
			out = append(out, Notification{Title: offlineTitle, Status: status.Offline})
		case drop:
			p.offlineHeld = false
		}
	}
	if len(due) > 0 {
		prefix := "While notifications were quiet"
		if p.pausedHeld {
			prefix = "While notifications were paused"
		}
		sortByName(due)
		for _, s := range due {
			s.held, s.told, s.remindFrom = false, status.Down, now
		}
		out = append(out, summaryNotice(prefix, due))
	}
	if !p.snoozed {
		p.pausedHeld = false
	}
	return out
}

func (p *Policy) remind(now time.Time) []Notification {
	every := p.s.RemindEvery
	if every <= 0 || p.offline {
		return nil
	}
	var due []*service
	for _, s := range p.services {
		if s.last.To != status.Down || s.told != status.Down || now.Before(s.remindFrom.Add(every)) {
			continue
		}
		s.remindFrom = now
		switch p.gate(now, s.last.Critical) {
		case send:
			due = append(due, s)
		case hold:
			p.hold(s)
		}
	}
	sortByName(due)
	return reminderNotices(due, now)
}

func sortByName(ss []*service) {
	slices.SortFunc(ss, func(a, b *service) int { return strings.Compare(a.last.Service, b.last.Service) })
}
