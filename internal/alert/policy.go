// Package alert decides which changes of state become desktop notifications, and sends
// them. The Policy is pure and driven by explicit times so every rule is tested with a
// fake clock; the Runner owns it on a goroutine; Desktop (freedesktop on Linux, beeep
// elsewhere) and Beeep are the desktop adapters.
package alert

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
)

// Notification is one desktop notification.
type Notification struct {
	Title, Body string
	Status      status.Status // the state it reports (Down, Degraded, Up for recoveries, Offline); the adapter picks the icon from it
	Urgent      bool          // critical service down: the adapter may use a louder style
	// Sound: play the alert sound with it (a critical service's Down news, when
	// [notifications] sound_critical is on). Everything else is silent: a sound for
	// every recovery would teach staff to ignore it.
	Sound    bool
	Services []string // names it is about (for tests and logs)
	// Tag names a notice that a later one replaces where the platform can (freedesktop
	// replaces_id): the first Down of an outage is sent at once and replaced by the
	// grouped notice when the sweep has settled. Empty: a notice of its own.
	Tag string
	// Details is the service a Details action opens (empty: no such action).
	Details string
	// Open is the page an Open action opens (http and status-page kinds; empty: none).
	Open string
}

// Sticky reports whether the notice should stay on screen until dismissed: an outage
// must not scroll away unseen while staff are at lunch, but good news and information
// that nobody acts on should expire by themselves.
func (n Notification) Sticky() bool { return n.Status == status.Down }

// recoverySettle is how long a recovery waits for others to join it in one notice.
// Services confirmed Down across one outage sweep (failure_threshold × retry_interval +
// timeout: 30 s at the defaults) are re-checked an interval later across a window just
// as wide, so the recoveries of one outage arrive spread over about that long. Good
// news half a minute late costs nothing; a pop-up per service costs attention. The
// wait ends early when no service the user was told is down remains down: the last
// recovery of an outage, and a lone one, are told at once.
const recoverySettle = 30 * time.Second

// verdict is what the current settings, snooze and quiet hours allow right now.
type verdict int

const (
	send verdict = iota
	hold         // not now: owed in the summary when quiet hours or the snooze end
	drop         // notifications are off
)

// service is what the policy remembers of one service that is not Up.
type service struct {
	last status.Transition // the transition into its current state
	// downAt is the first failed check of its outage, for "down for …": the user
	// lost the service then, not when the thresholds confirmed it.
	downAt time.Time
	// told is the bad state the user last heard of (Down or Degraded; Unknown if none):
	// a recovery is announced only if the problem was.
	told       status.Status
	held       bool      // its outage was held back: the next summary owes it
	remindFrom time.Time // when the user was last told (or would have been) it is down
	// tag is the Tag of the last notice that told of it: a later notice that covers
	// every service still carrying that tag replaces it instead of piling up.
	tag string
	// opening: it joined the batch in the very call that opened it, so it is in the
	// notice sent at once; announced: that notice has dealt with it, so the settled
	// batch does not tell of it again on its own.
	opening, announced bool
}

// recovery is a recovery waiting for others to join it.
type recovery struct {
	t       status.Transition
	prev    *service      // what the policy knew before: restored if it fails again meanwhile
	wasDown bool          // "back up" (told Down), else "back to normal" (told Degraded)
	downFor time.Duration // from the first failed check to the recovery
}

// Policy decides what to notify. It is not safe for concurrent use: the Runner owns it.
type Policy struct {
	s        Settings
	now      time.Time // the latest time seen: NextWake counts the end of quiet hours from it
	services map[string]*service

	batch    []string  // Down services of the current outage sweep, in arrival order
	deadline time.Time // when the sweep has settled: late joiners are told then
	opening  bool      // the batch was opened by the HandleAll call under way

	ups   []recovery // recoveries waiting for others
	upsBy time.Time  // when they are sent at the latest

	seq     int            // numbers the tags
	pending []Notification // decided while handling a transition, sent when HandleAll returns

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
	return p.HandleAll([]status.Transition{t}, now)
}

// HandleAll takes the transitions that arrived together, in order, and returns what to
// send right now. The first Down of a new outage is told at once, together with every
// other Down of the same call in one notice; services that fail later in the same
// sweep are told when it settles (see Tick), in a notice that replaces the first.
func (p *Policy) HandleAll(ts []status.Transition, now time.Time) []Notification {
	// Anything already due goes first, so a Down arriving after a batch's deadline
	// starts a new batch instead of joining a late one.
	out := p.Tick(now)
	for _, t := range ts {
		p.handle(t, now)
	}
	out = append(out, p.pending...)
	p.pending = nil
	out = append(out, p.open(now)...)
	if len(p.batch) > 0 && !p.deadline.After(now) {
		out = append(out, p.flush(now)...) // a sweep with no settling time
	}
	if len(p.ups) > 0 && (!p.upsBy.After(now) || !p.anyToldDown()) {
		out = append(out, p.flushUps(now)...)
	}
	return p.sound(out)
}

// sound marks the notices that play the alert sound: news that a critical service is
// down (Urgent: reminders and summaries are not), when the settings allow it.
func (p *Policy) sound(ns []Notification) []Notification {
	for i := range ns {
		ns[i].Sound = p.s.SoundCritical && ns[i].Urgent && ns[i].Status == status.Down
	}
	return ns
}

func (p *Policy) handle(t status.Transition, now time.Time) {
	if t.IsConnectivity() {
		p.connectivity(t, now)
		return
	}
	switch t.To {
	case status.Down:
		p.relapse(t.Service)
		p.down(t, now)
		return
	case status.Degraded:
		p.relapse(t.Service)
		p.degraded(t, now)
		return
	case status.Up:
		p.up(t, now)
		return
	}
	// Unknown, Paused (and Offline per service) say nothing about the service: forget it,
	// which also stops its reminders.
	p.forget(t.Service)
}

// Tick sends what has fallen due by now: settled batches and recoveries, summaries at
// the end of quiet hours or of a snooze, reminders.
func (p *Policy) Tick(now time.Time) []Notification {
	p.now = now
	if p.snoozed && !p.snoozeUntil.IsZero() && !now.Before(p.snoozeUntil) {
		p.snoozed, p.snoozeUntil = false, time.Time{}
	}
	var out []Notification
	if len(p.batch) > 0 && !p.deadline.After(now) {
		out = append(out, p.flush(now)...)
	}
	if len(p.ups) > 0 && !p.upsBy.After(now) {
		out = append(out, p.flushUps(now)...)
	}
	out = append(out, p.summary(now)...)
	return p.sound(append(out, p.remind(now)...))
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
	if len(p.ups) > 0 {
		at(p.upsBy)
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

// anyToldDown reports whether the user still believes some service is down.
func (p *Policy) anyToldDown() bool {
	for _, s := range p.services {
		if s.told == status.Down {
			return true
		}
	}
	return false
}

func (p *Policy) down(t status.Transition, now time.Time) {
	prev := p.services[t.Service]
	if prev != nil && prev.last.To == status.Down {
		prev.last.Reason = t.Reason // a repeated Down is no news
		return
	}
	s := &service{last: t, downAt: t.FailingSince}
	if s.downAt.IsZero() {
		s.downAt = t.At
	}
	if prev != nil {
		s.told, s.tag = prev.told, prev.tag // told it was slow: "back to normal" is still owed
	}
	p.services[t.Service] = s
	if p.offline {
		return // probably the network, like a batch discarded on going offline
	}
	if len(p.batch) == 0 {
		p.deadline, p.opening = t.SettleBy, true
		if p.deadline.IsZero() {
			p.deadline = t.At
		}
	}
	s.opening = p.opening
	p.batch = append(p.batch, t.Service)
}

// open tells at once of the Downs that opened the current batch in this call: waiting
// for the sweep to settle would make the first news of an outage a minute late.
func (p *Policy) open(now time.Time) []Notification {
	if !p.opening {
		return nil
	}
	p.opening = false
	var sent []*service
	for _, name := range p.batch {
		s := p.services[name]
		if !s.opening {
			continue
		}
		s.opening, s.announced = false, true
		if p.tellDown(s, now) {
			sent = append(sent, s)
		}
	}
	return p.downNotices(sent, now, false)
}

// tellDown marks s as told it is down when the gate lets it through now (true), or
// holds it for the summary; with notifications off it is neither.
func (p *Policy) tellDown(s *service, now time.Time) bool {
	switch p.gate(now, s.last.Critical) {
	case send:
		s.told, s.remindFrom = status.Down, now
		return true
	case hold:
		s.remindFrom = now
		p.hold(s)
	}
	return false
}

// flush ends the settled batch. The services told at once are not told again unless
// others joined them: then one grouped notice for the whole outage replaces the first
// one (same Tag).
func (p *Policy) flush(now time.Time) []Notification {
	var told, late []*service
	for _, name := range p.batch {
		s := p.services[name]
		if s.announced {
			s.announced = false
			if s.told == status.Down {
				told = append(told, s)
			}
			continue
		}
		if p.tellDown(s, now) {
			late = append(late, s)
		}
	}
	p.batch, p.deadline = nil, time.Time{}
	if len(late) == 0 {
		return nil
	}
	for _, s := range told {
		s.remindFrom = now // told again, with the rest: reminded of together
	}
	return p.downNotices(append(told, late...), now, false)
}

// downNotices tells of services that are down: one notice for one, one grouped notice
// for more. still makes them reminders.
func (p *Policy) downNotices(ss []*service, now time.Time, still bool) []Notification {
	if len(ss) == 0 {
		return nil
	}
	used := map[string]bool{}
	if len(ss) >= groupAt {
		what := kindDown
		if still {
			what = kindStillDown
		}
		n := groupedDown(transitions(ss), what)
		n.Tag = p.tag(ss, used)
		return []Notification{n}
	}
	out := make([]Notification, 0, len(ss))
	for _, s := range ss {
		n := downNotice(s.last)
		if still {
			n.Title = stillDownTitle(s, now)
			n.Urgent = false // the loud style was for the news, not for the reminder
		}
		n.Tag = p.tag([]*service{s}, used)
		out = append(out, n)
	}
	return out
}

// tag picks the Tag of a notice about ss, and marks ss as told by it. The notice
// replaces an earlier one only if it covers every service that one told of and that is
// still bad: replacing must never hide news the user has not had otherwise.
func (p *Policy) tag(ss []*service, used map[string]bool) string {
	names := make(map[string]bool, len(ss))
	for _, s := range ss {
		names[s.last.Service] = true
	}
	tag := p.reusable(ss, names, used)
	for _, s := range ss {
		s.tag = tag
	}
	return tag
}

// reusable returns the tag of an earlier notice about ss that a notice about names may
// replace, or a new tag. used holds the tags already given in this round: two notices
// sent together must not replace each other.
func (p *Policy) reusable(ss []*service, names, used map[string]bool) string {
	tried := map[string]bool{}
	for _, s := range ss {
		c := s.tag
		if c == "" || tried[c] || used[c] {
			continue
		}
		tried[c] = true
		covered := true
		for _, o := range p.services {
			if o.tag == c && !names[o.last.Service] {
				covered = false
				break
			}
		}
		if covered {
			used[c] = true
			return c
		}
	}
	p.seq++
	tag := fmt.Sprintf("outage-%d", p.seq) // i18n:ignore an internal tag, never shown
	used[tag] = true
	return tag
}

func (p *Policy) degraded(t status.Transition, now time.Time) {
	prev := p.services[t.Service]
	if prev != nil && prev.last.To == status.Degraded {
		prev.last.Reason = t.Reason
		return
	}
	p.unbatch(t.Service)
	s := &service{last: t}
	if prev != nil {
		s.told, s.downAt, s.tag = prev.told, prev.downAt, prev.tag
	}
	p.services[t.Service] = s
	if !p.s.OnDegraded || p.gate(now, t.Critical) != send {
		return // a held warning is not worth a summary: only outages are
	}
	s.told = status.Degraded
	n := degradedNotice(t)
	n.Tag = p.tag([]*service{s}, map[string]bool{}) // "slow" replaces "down": it is no longer down
	p.emit(n)
}

func (p *Policy) up(t status.Transition, now time.Time) {
	s := p.services[t.Service]
	p.forget(t.Service) // a service still in the batch and never told was a flap: it goes silently
	if s == nil || !p.s.OnRecovery {
		return
	}
	r := recovery{t: t, prev: s}
	switch s.told {
	case status.Down:
		r.wasDown = true
		since := s.downAt
		if since.IsZero() {
			since = t.Since
		}
		if !since.IsZero() && t.At.After(since) {
			r.downFor = t.At.Sub(since)
		}
	case status.Degraded:
	default:
		return
	}
	if len(p.ups) == 0 {
		p.upsBy = now.Add(recoverySettle)
	}
	p.ups = append(p.ups, r)
}

// relapse undoes a recovery not yet told when the service fails again: the user still
// believes it is down (or slow), so it carries on as if it had never recovered.
func (p *Policy) relapse(name string) {
	i := slices.IndexFunc(p.ups, func(r recovery) bool { return r.t.Service == name })
	if i < 0 || p.services[name] != nil {
		return
	}
	p.services[name] = p.ups[i].prev
	p.ups = slices.Delete(p.ups, i, i+1)
	if len(p.ups) == 0 {
		p.ups, p.upsBy = nil, time.Time{}
	}
}

// flushUps tells of the waiting recoveries, grouped like failures.
func (p *Policy) flushUps(now time.Time) []Notification {
	ups := p.ups
	p.ups, p.upsBy = nil, time.Time{}
	if !p.s.OnRecovery {
		return nil
	}
	var due []recovery
	for _, r := range ups {
		// Good news held back is stale by the time it could be sent: drop it.
		if p.gate(now, r.t.Critical) == send {
			due = append(due, r)
		}
	}
	used := map[string]bool{}
	if len(due) >= groupAt {
		n := groupedRecovery(due)
		n.Tag = p.recoveryTag(due, used)
		return []Notification{n}
	}
	out := make([]Notification, 0, len(due))
	for _, r := range due {
		n := recoveryNotice(r)
		n.Tag = p.recoveryTag([]recovery{r}, used)
		out = append(out, n)
	}
	return out
}

// recoveryTag lets a recovery replace the outage notice it ends, when nothing that
// notice told of is still bad: a sticky "3 services down" then turns into "3 services
// back up" and expires, instead of staying on screen after the outage.
func (p *Policy) recoveryTag(rs []recovery, used map[string]bool) string {
	ss := make([]*service, len(rs))
	names := make(map[string]bool, len(rs))
	for i, r := range rs {
		ss[i] = r.prev
		names[r.t.Service] = true
	}
	return p.reusable(ss, names, used)
}

// emit keeps a notice decided while handling one transition (a warning, going offline
// or back online) until HandleAll returns it, before the Downs of the same call.
func (p *Policy) emit(n Notification) { p.pending = append(p.pending, n) }

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

func (p *Policy) connectivity(t status.Transition, now time.Time) {
	switch {
	case t.To == status.Offline && !p.offline:
		p.offline = true
		// Failures confirmed just before going offline were probably the network; what
		// was already told stays told, and its recovery will be told too.
		for _, name := range p.batch {
			s := p.services[name]
			s.opening, s.announced = false, false
		}
		p.batch, p.deadline, p.opening = nil, time.Time{}, false
		switch p.gate(now, false) {
		case send:
			p.offlineTold = true
			p.emit(Notification{Title: offlineTitle(), Status: status.Offline})
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
			p.emit(Notification{Title: onlineTitle(), Status: status.Up})
		}
	}
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
			out = append(out, Notification{Title: offlineTitle(), Status: status.Offline})
		case drop:
			p.offlineHeld = false
		}
	}
	if len(due) > 0 {
		sortByName(due)
		for _, s := range due {
			s.held, s.told, s.remindFrom = false, status.Down, now
		}
		// A summary is one notice, however few it names: it is old news.
		var n Notification
		if len(due) == 1 {
			n = downNotice(due[0].last)
		} else {
			n = groupedDown(transitions(due), kindDown)
		}
		if p.pausedHeld {
			n.Title = i18n.F("While notifications were paused: %s", n.Title)
		} else {
			n.Title = i18n.F("While notifications were quiet: %s", n.Title)
		}
		n.Urgent = false
		n.Tag = p.tag(due, map[string]bool{})
		out = append(out, n)
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
	return p.downNotices(due, now, true)
}

func transitions(ss []*service) []status.Transition {
	ts := make([]status.Transition, len(ss))
	for i, s := range ss {
		ts[i] = s.last
	}
	return ts
}

func sortByName(ss []*service) {
	slices.SortFunc(ss, func(a, b *service) int { return strings.Compare(a.last.Service, b.last.Service) })
}
