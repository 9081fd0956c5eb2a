package tray

import (
	"fmt"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
)

// maxReason keeps a menu label readable; the full reason is in the notification.
const maxReason = 90

// Summary is the menu's first line: the state of everything in a few words, and who
// is down ("2 of 12 down: Payments, Mail").
func Summary(snap status.Snapshot) string {
	broken := 0
	for _, svc := range snap.Services {
		if svc.ConfigError != "" {
			broken++
		}
	}
	if broken > 0 && broken == len(snap.Services) && !snap.Offline && !snap.Paused {
		return i18n.T("Config error — open Settings")
	}
	s := summary(snap, len(snap.Services)-broken)
	if broken > 0 {
		s = i18n.N("%s, %d config errors", broken, s, broken)
	}
	if snap.Offline || snap.Paused {
		return s // nothing is known to be down while nothing is checked
	}
	var names []string
	for _, svc := range snap.Services {
		if svc.Status == status.Down {
			names = append(names, svc.Name)
		}
	}
	if len(names) > 0 {
		s = fmt.Sprintf("%s: %s", s, joinNames(names, maxSummaryNames))
	}
	return s
}

// maxSummaryNames is how many down services the summary names before it counts the
// rest: the line stays readable in the menu and in a tooltip.
const maxSummaryNames = 3

// summary words the state of the n services that can be checked.
func summary(snap status.Snapshot, n int) string {
	switch {
	case snap.Offline:
		return i18n.T("Offline — checks paused")
	case snap.Paused:
		return i18n.T("Checks paused")
	case n == 0:
		return i18n.T("No services configured")
	}
	down, degraded, up := snap.Count(status.Down), snap.Count(status.Degraded), snap.Count(status.Up)
	switch {
	case down > 0 && degraded > 0:
		return i18n.F("%d of %d down, %d degraded", down, n, degraded)
	case down > 0:
		return i18n.F("%d of %d down", down, n)
	case degraded > 0:
		return i18n.F("%d of %d degraded", degraded, n)
	case up == n && n == 1:
		return i18n.T("The service is up")
	case up == n:
		return i18n.N("All %d services up", n, n)
	case up == 0:
		return i18n.N("Checking %d services…", n, n)
	}
	return i18n.F("%d of %d up, %d not known yet", up, n, n-up)
}

// Tooltip is the tray item's hover text: the summary, which names who is down.
func Tooltip(snap status.Snapshot) string {
	return i18n.F("Uptray — %s", Summary(snap))
}

// ServiceLabel is one service's menu line: `Payments — Down: HTTP 503 (want 200)`,
// `Intranet — Up, 120 ms`. The name is shown as written, the reason in the user's
// language (i18n.Reason), and so is a configuration's problem (i18n.ConfigProblem).
func ServiceLabel(svc status.ServiceState) string {
	name := svc.Name
	switch {
	case svc.ConfigError != "":
		return i18n.F("%s — Config error: %s — open Settings", name, shorten(i18n.ConfigProblem(svc.ConfigError)))
	case svc.Status == status.Paused:
		return fmt.Sprintf("%s — %s", name, i18n.StatusWord(status.Paused))
	case svc.Status == status.Offline:
		// The latest result says nothing while the laptop has no network.
		return i18n.F("%s — Not checked — offline", name)
	case svc.Checks == 0:
		return i18n.F("%s — Checking…", name)
	case svc.Status == status.Up && svc.Last.Status != status.Up:
		return i18n.F("%s — Up, re-checking: %s", name, shorten(i18n.Reason(svc.Last.Reason)))
	case svc.Status == status.Up, svc.Status == status.Unknown && svc.Last.Status == status.Up:
		if lat := latencyText(svc.Last.Latency); lat != "" {
			return i18n.F("%s — Up, %s", name, lat)
		}
		return fmt.Sprintf("%s — %s", name, i18n.StatusWord(status.Up))
	}
	reason := i18n.Reason(svc.Last.Reason) // our words translated, a vendor's as written
	if reason == "" {
		return fmt.Sprintf("%s — %s", name, i18n.StatusWord(svc.Status))
	}
	return fmt.Sprintf("%s — %s: %s", name, i18n.StatusWord(svc.Status), shorten(reason))
}

// latencyText rounds to two significant digits so the label, and so the menu, does
// not change on every check for a millisecond of jitter. Empty: no latency to show.
func latencyText(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	ms := d.Milliseconds()
	switch {
	case ms < 1:
		return i18n.T("<1 ms")
	case ms < 100:
		return i18n.F("%d ms", ms)
	case ms < 1000:
		return i18n.F("%d ms", ms/10*10)
	}
	return i18n.F("%.1f s", d.Seconds())
}

func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxReason {
		return string(r[:maxReason-1]) + "…"
	}
	return s
}

// joinNames lists names, the first most of them and a count of the rest.
func joinNames(names []string, most int) string {
	if len(names) <= most {
		return strings.Join(names, ", ")
	}
	more := len(names) - most
	return i18n.N("%s and %d more", more, strings.Join(names[:most], ", "), more)
}

// Diagnostics is the text "Copy diagnostics" puts on the clipboard for a helpdesk
// ticket: the version line, then every service's state and reason. Targets are left
// out: a URL may carry a password or token.
func Diagnostics(header string, snap status.Snapshot) string {
	var b strings.Builder
	b.WriteString(header + "\n")
	// The field words stay English, like the command line's: a helpdesk reads them.
	fmt.Fprintf(&b, "Overall: %s — %s\n", snap.Overall, Summary(snap)) // i18n:ignore helpdesk text
	if snap.Offline {
		fmt.Fprintf(&b, "Offline: %s\n", snap.OfflineReason) // i18n:ignore helpdesk text
	}
	for _, svc := range snap.Services {
		line := fmt.Sprintf("- %s [%s] %s", svc.Name, svc.Kind, svc.Status)
		if !svc.Since.IsZero() {
			line += " since " + svc.Since.Format("2006-01-02 15:04:05") // i18n:ignore helpdesk text
		}
		if svc.Last.Reason != "" {
			line += ": " + shorten(svc.Last.Reason)
		}
		if svc.Managed {
			line += " (managed)" // i18n:ignore helpdesk text
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}
