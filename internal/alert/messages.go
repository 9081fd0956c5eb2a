package alert

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
)

// groupAt is how many services make one notice a grouped one ("2 services down: …").
// An outage is one notice on screen: the first failure is told at once, and when the
// sweep settles a notice naming every service of the outage replaces it. Were two left
// as two notices, a two-service outage would leave two sticky notices to dismiss, and
// its reminders and recovery could replace only one of them.
const groupAt = 2

// maxLines is how many lines a grouped body shows, the "+ N more" line included:
// notification bubbles cut off (or scroll) beyond about that many.
const maxLines = 6

// maxTitleNames is the most the names in a grouped title may take, in characters: a
// longer title is cut off in the bubble, and the body names every service anyway.
const maxTitleNames = 40

// offlineTitle and onlineTitle are functions, not constants: the words are looked up
// when a notice is made, in the language in use then.
func offlineTitle() string {
	return i18n.T("You are offline — checks paused until the network is back")
}

func onlineTitle() string { return i18n.T("Back online — checking your services again") }

// downKind is what a grouped notice says of its services.
type downKind int

const (
	kindDown       downKind = iota // "3 services down"
	kindStillDown                  // a reminder: "3 services still down"
	kindBackUp                     // "3 services back up"
	kindBackNormal                 // "3 services back to normal" (they were only slow)
)

// downNotice tells of one service that is down: first what to do instead, since that is
// what staff need now, then why.
func downNotice(t status.Transition) Notification {
	var lines []string
	if t.Fallback != "" {
		lines = append(lines, i18n.F("Instead: %s", t.Fallback))
	}
	if t.Reason != "" {
		lines = append(lines, i18n.Reason(t.Reason))
	}
	return Notification{
		Title:    i18n.F("%s is down", t.Service),
		Body:     strings.Join(lines, "\n"),
		Status:   status.Down,
		Urgent:   t.Critical,
		Services: []string{t.Service},
		Details:  t.Service,
		Open:     t.Link,
	}
}

// groupedDown is one notification for many services down ("down" or "still down"):
// one line each, critical ones first, each with what to do instead where there is
// something, else the reason.
func groupedDown(ts []status.Transition, what downKind) Notification {
	ts = criticalFirst(ts)
	n := Notification{Status: status.Down}
	lines := make([]string, 0, len(ts))
	for _, t := range ts {
		n.Services = append(n.Services, t.Service)
		n.Urgent = n.Urgent || t.Critical
		switch {
		case t.Fallback != "":
			// As the admin wrote it: lower-casing would mangle "VPN" or "Teams".
			lines = append(lines, fmt.Sprintf("%s — %s", t.Service, t.Fallback))
		case t.Reason != "":
			lines = append(lines, fmt.Sprintf("%s — %s", t.Service, i18n.Reason(t.Reason)))
		default:
			lines = append(lines, t.Service)
		}
	}
	n.Title = countTitle(len(ts), what, n.Services)
	n.Body = clip(lines)
	// Details opens the first service listed; the Settings window lists the rest.
	n.Details = ts[0].Service
	return n
}

func degradedNotice(t status.Transition) Notification {
	n := Notification{Status: status.Degraded, Urgent: false, Services: []string{t.Service}}
	// A certificate warning says what it is in the title; "slow" would be wrong for it.
	if t.Kind == "tls" || strings.Contains(strings.ToLower(t.Reason), "certificate") {
		n.Title = fmt.Sprintf("%s: %s", t.Service, i18n.Reason(t.Reason))
	} else {
		n.Title, n.Body = i18n.F("%s is slow", t.Service), i18n.Reason(t.Reason)
	}
	return n
}

// recoveryNotice tells of one recovery.
func recoveryNotice(r recovery) Notification {
	n := Notification{Status: status.Up, Services: []string{r.t.Service}}
	switch {
	case !r.wasDown:
		n.Title = i18n.F("%s is back to normal", r.t.Service)
	case r.downFor > 0:
		n.Title = i18n.F("%s is back up (down for %s)", r.t.Service, humanDuration(r.downFor))
	default:
		n.Title = i18n.F("%s is back up", r.t.Service)
	}
	return n
}

// groupedRecovery is one notification for many recoveries, listed like failures.
func groupedRecovery(rs []recovery) Notification {
	rs = slices.Clone(rs)
	slices.SortStableFunc(rs, func(a, b recovery) int { return byCriticalThenName(a.t, b.t) })
	n := Notification{Status: status.Up}
	what := kindBackNormal
	lines := make([]string, 0, len(rs))
	for _, r := range rs {
		n.Services = append(n.Services, r.t.Service)
		switch {
		case !r.wasDown:
			lines = append(lines, i18n.F("%s — back to normal", r.t.Service))
		case r.downFor > 0:
			what = kindBackUp
			lines = append(lines, i18n.F("%s — down for %s", r.t.Service, humanDuration(r.downFor)))
		default:
			what = kindBackUp
			lines = append(lines, i18n.F("%s — back up", r.t.Service))
		}
	}
	n.Title = countTitle(len(rs), what, n.Services)
	n.Body = clip(lines)
	return n
}

// countTitle says how many: "3 services down: Mail, HR portal, Wiki", or without the
// names when they would not fit ("1000 services down"); the count is always exact.
// Each kind has its own whole sentence, so that a language can order the words its way.
func countTitle(count int, what downKind, names []string) string {
	list := strings.Join(names, ", ")
	if utf8.RuneCountInString(list) > maxTitleNames {
		switch what {
		case kindStillDown:
			return i18n.N("%d services still down", count, count)
		case kindBackUp:
			return i18n.N("%d services back up", count, count)
		case kindBackNormal:
			return i18n.N("%d services back to normal", count, count)
		}
		return i18n.N("%d services down", count, count)
	}
	switch what {
	case kindStillDown:
		return i18n.N("%d services still down: %s", count, count, list)
	case kindBackUp:
		return i18n.N("%d services back up: %s", count, count, list)
	case kindBackNormal:
		return i18n.N("%d services back to normal: %s", count, count, list)
	}
	return i18n.N("%d services down: %s", count, count, list)
}

// clip keeps a body to maxLines, the last one saying how many more there are.
func clip(lines []string) string {
	if len(lines) > maxLines {
		more := len(lines) - (maxLines - 1)
		lines = append(lines[:maxLines-1:maxLines-1], i18n.N("+ %d more — open Uptray", more, more))
	}
	return strings.Join(lines, "\n")
}

// criticalFirst orders services as a grouped notice lists them: what staff must act on
// first at the top, then by name so a long list can be scanned.
func criticalFirst(ts []status.Transition) []status.Transition {
	ts = slices.Clone(ts)
	slices.SortStableFunc(ts, byCriticalThenName)
	return ts
}

func byCriticalThenName(a, b status.Transition) int {
	if a.Critical != b.Critical {
		if a.Critical {
			return -1
		}
		return 1
	}
	return strings.Compare(a.Service, b.Service)
}

// stillDownTitle is a reminder's title, with how long it has been down when known.
func stillDownTitle(s *service, now time.Time) string {
	if s.downAt.IsZero() || !now.After(s.downAt) {
		return i18n.F("%s is still down", s.last.Service)
	}
	return i18n.F("%s is still down (for %s)", s.last.Service, humanDuration(now.Sub(s.downAt)))
}

// humanDuration prints a duration as people say it, rounded to the nearest unit shown:
// "45 s", "2 min" (for 2 min 7 s), "3 min" (for 2 min 40 s), "2 h 5 min", "3 d 4 h".
// Truncating would tell someone who waited 2 min 55 s that it was "2 min".
func humanDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	if r := d.Round(time.Second); r < time.Minute {
		return i18n.F("%d s", int(r/time.Second))
	}
	if r := d.Round(time.Minute); r < time.Hour {
		return i18n.F("%d min", int(r/time.Minute))
	} else if r < 24*time.Hour {
		h, m := int(r/time.Hour), int(r%time.Hour/time.Minute)
		if m == 0 {
			return i18n.F("%d h", h)
		}
		return i18n.F("%d h %d min", h, m)
	}
	r := d.Round(time.Hour)
	days, h := int(r/(24*time.Hour)), int(r%(24*time.Hour)/time.Hour)
	if h == 0 {
		return i18n.F("%d d", days)
	}
	return i18n.F("%d d %d h", days, h)
}
