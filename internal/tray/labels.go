package tray

import (
	"fmt"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/status"
)

// maxReason keeps a menu label readable; the full reason is in the notification.
const maxReason = 90

// Summary is the menu's first line: the state of everything in a few words.
func Summary(snap status.Snapshot) string {
	broken := 0
	for _, svc := range snap.Services {
		if svc.ConfigError != "" {
			broken++
		}
	}
	switch s := summary(snap, len(snap.Services)-broken); {
	case broken == 0:
		return s
	case broken == len(snap.Services) && !snap.Offline && !snap.Paused:
		return "Config error — open Settings"
	default:
		return s + ", " + plural(broken, "config error")
	}
}

// summary words the state of the n services that can be checked.
func summary(snap status.Snapshot, n int) string {
	switch {
	case snap.Offline:
		return "Offline — checks paused"
	case snap.Paused:
		return "Checks paused"
	case n == 0:
		return "No services configured"
	}
	down, degraded, up := snap.Count(status.Down), snap.Count(status.Degraded), snap.Count(status.Up)
	switch {
	case down > 0 && degraded > 0:
		return fmt.Sprintf("%d of %d down, %d degraded", down, n, degraded)
	case down > 0:
		return fmt.Sprintf("%d of %d down", down, n)
	case degraded > 0:
		return fmt.Sprintf("%d of %d degraded", degraded, n)
	case up == n && n == 1:
		return "The service is up"
	case up == n:
		return fmt.Sprintf("All %d services up", n)
	case up == 0:
		return fmt.Sprintf("Checking %s…", plural(n, "service"))
	}
	return fmt.Sprintf("%d of %d up, %d not known yet", up, n, n-up)
}

// Tooltip is the tray item's hover text: the summary and who is down.
func Tooltip(snap status.Snapshot) string {
	s := "Uptray — " + Summary(snap)
	if snap.Offline || snap.Paused {
		return s
	}
	var names []string
	for _, svc := range snap.Services {
		if svc.Status == status.Down {
			names = append(names, svc.Name)
		}
	}
	if len(names) > 0 {
		s += ": " + joinNames(names, 5)
	}
	return s
}

// ServiceLabel is one service's menu line: `Payments — Down: HTTP 503 (want 200)`,
// `Intranet — Up, 120 ms`.
func ServiceLabel(svc status.ServiceState) string {
	head := svc.Name + " — "
	switch {
	case svc.ConfigError != "":
		return head + "Config error: " + shorten(svc.ConfigError) + " — open Settings"
	case svc.Status == status.Paused:
		return head + "Paused"
	case svc.Status == status.Offline:
		// The latest result says nothing while the laptop has no network.
		return head + "Not checked — offline"
	case svc.Checks == 0:
		return head + "Checking…"
	case svc.Status == status.Up && svc.Last.Status != status.Up:
		return head + "Up, re-checking: " + shorten(svc.Last.Reason)
	case svc.Status == status.Up:
		return head + "Up" + latencySuffix(svc.Last.Latency)
	case svc.Status == status.Unknown && svc.Last.Status == status.Up:
		return head + "Up" + latencySuffix(svc.Last.Latency)
	}
	reason := svc.Last.Reason
	if reason == "" {
		return head + svc.Status.String()
	}
	return head + svc.Status.String() + ": " + shorten(reason)
}

// latencySuffix rounds to two significant digits so the label, and so the menu,
// does not change on every check for a millisecond of jitter.
func latencySuffix(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	ms := d.Milliseconds()
	switch {
	case ms < 1:
		return ", <1 ms"
	case ms < 100:
		return fmt.Sprintf(", %d ms", ms)
	case ms < 1000:
		return fmt.Sprintf(", %d ms", ms/10*10)
	}
	return fmt.Sprintf(", %.1f s", d.Seconds())
}

func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxReason {
		return string(r[:maxReason-1]) + "…"
	}
	return s
}

func joinNames(names []string, most int) string {
	if len(names) <= most {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:most], ", ") + fmt.Sprintf(" and %d more", len(names)-most)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Diagnostics is the text "Copy diagnostics" puts on the clipboard for a helpdesk
// ticket: the version line, then every service's state and reason. Targets are left
// out: a URL may carry a password or token.
func Diagnostics(header string, snap status.Snapshot) string {
	var b strings.Builder
	b.WriteString(header + "\n")
	fmt.Fprintf(&b, "Overall: %s — %s\n", snap.Overall, Summary(snap))
	if snap.Offline {
		fmt.Fprintf(&b, "Offline: %s\n", snap.OfflineReason)
	}
	for _, svc := range snap.Services {
		line := fmt.Sprintf("- %s [%s] %s", svc.Name, svc.Kind, svc.Status)
		if !svc.Since.IsZero() {
			line += " since " + svc.Since.Format("2006-01-02 15:04:05")
		}
		if svc.Last.Reason != "" {
			line += ": " + shorten(svc.Last.Reason)
		}
		if svc.Managed {
			line += " (managed)"
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}
