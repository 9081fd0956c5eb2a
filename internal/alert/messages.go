package alert

import (
	"fmt"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/status"
)

// groupAt is how many services failing in one sweep become a single notification:
// a burst of separate pop-ups for one network or SSO problem is how alerts get ignored.
const groupAt = 3

// maxNamesInTitle keeps a grouped title readable in a notification bubble.
const maxNamesInTitle = 5

const (
	offlineTitle = "You are offline — checks paused until the network is back"
	onlineTitle  = "Back online — checking your services again"
)

func downNotice(t status.Transition) Notification {
	return Notification{
		Title:    t.Service + " is down",
		Body:     withFallback(t.Reason, t.Fallback),
		Status:   status.Down,
		Urgent:   t.Critical,
		Services: []string{t.Service},
	}
}

// groupedDown is one notification for a sweep of failures; the body keeps every reason.
func groupedDown(ts []status.Transition) Notification {
	n := Notification{Status: status.Down}
	var lines []string
	for _, t := range ts {
		n.Services = append(n.Services, t.Service)
		n.Urgent = n.Urgent || t.Critical
		lines = append(lines, t.Service+": "+t.Reason)
	}
	n.Title = fmt.Sprintf("%d services down: %s", len(ts), nameList(n.Services))
	n.Body = strings.Join(lines, "\n")
	return n
}

func degradedNotice(t status.Transition) Notification {
	n := Notification{Status: status.Degraded, Urgent: false, Services: []string{t.Service}}
	// A certificate warning says what it is in the title; "slow" would be wrong for it.
	if t.Kind == "tls" || strings.Contains(strings.ToLower(t.Reason), "certificate") {
		n.Title = t.Service + ": " + t.Reason
	} else {
		n.Title, n.Body = t.Service+" is slow", t.Reason
	}
	return n
}

func backUpNotice(name string, downFor time.Duration) Notification {
	title := name + " is back up"
	if downFor > 0 {
		title += " (down for " + humanDuration(downFor) + ")"
	}
	return Notification{Title: title, Status: status.Up, Services: []string{name}}
}

func backToNormalNotice(name string) Notification {
	return Notification{Title: name + " is back to normal", Status: status.Up, Services: []string{name}}
}

func reminderNotices(ss []*service, now time.Time) []Notification {
	if len(ss) == 0 {
		return nil
	}
	if len(ss) < groupAt {
		out := make([]Notification, 0, len(ss))
		for _, s := range ss {
			out = append(out, Notification{
				Title:    fmt.Sprintf("%s is still down%s", s.last.Service, forDuration(s, now)),
				Body:     s.last.Reason,
				Status:   status.Down,
				Services: []string{s.last.Service},
			})
		}
		return out
	}
	n := Notification{Status: status.Down}
	var lines []string
	for _, s := range ss {
		n.Services = append(n.Services, s.last.Service)
		lines = append(lines, s.last.Service+": "+s.last.Reason+forDuration(s, now))
	}
	n.Title = fmt.Sprintf("%d services still down: %s", len(ss), nameList(n.Services))
	n.Body = strings.Join(lines, "\n")
	return []Notification{n}
}

// summaryNotice tells, after quiet hours or a snooze, what is still down.
func summaryNotice(prefix string, ss []*service) Notification {
	if len(ss) == 1 {
		n := downNotice(ss[0].last)
		n.Title, n.Urgent = prefix+": "+n.Title, false
		return n
	}
	ts := make([]status.Transition, len(ss))
	for i, s := range ss {
		ts[i] = s.last
	}
	n := groupedDown(ts)
	n.Title, n.Urgent = prefix+": "+n.Title, false
	return n
}

func forDuration(s *service, now time.Time) string {
	if s.downAt.IsZero() || !now.After(s.downAt) {
		return ""
	}
	return " (for " + humanDuration(now.Sub(s.downAt)) + ")"
}

func withFallback(reason, fallback string) string {
	if fallback == "" {
		return reason
	}
	if reason == "" {
		return "Instead: " + fallback
	}
	return reason + "\nInstead: " + fallback
}

// nameList names at most maxNamesInTitle services, then counts the rest.
func nameList(names []string) string {
	if len(names) <= maxNamesInTitle {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:maxNamesInTitle], ", "), len(names)-maxNamesInTitle)
}

// humanDuration prints a duration as people say it: "45 s", "12 min", "2 h 5 min", "3 d 4 h".
func humanDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d/time.Minute))
	case d < 24*time.Hour:
		return joinUnits(int(d/time.Hour), "h", int(d%time.Hour/time.Minute), "min")
	}
	return joinUnits(int(d/(24*time.Hour)), "d", int(d%(24*time.Hour)/time.Hour), "h")
}

func joinUnits(big int, bigUnit string, small int, smallUnit string) string {
	if small == 0 {
		return fmt.Sprintf("%d %s", big, bigUnit)
	}
	return fmt.Sprintf("%d %s %d %s", big, bigUnit, small, smallUnit)
}
