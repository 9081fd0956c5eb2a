// Package status holds the domain words every other package speaks: the state of a
// service, the result of one check and a change of state. It imports nothing of ours.
package status

import (
	"fmt"
	"time"
)

// Status is the state of one service, or of everything together.
type Status int

const (
	Unknown  Status = iota // not checked yet, or the check could not tell
	Up                     // answered as expected
	Degraded               // answered, but slowly or with a warning (certificate, maintenance)
	Down                   // failed, confirmed by the thresholds
	Offline                // this machine has no network: nothing can be said of the services
	Paused                 // checks are paused by the user
)

var names = [...]string{"Unknown", "Up", "Degraded", "Down", "Offline", "Paused"}

func (s Status) String() string {
	if s < 0 || int(s) >= len(names) {
		return fmt.Sprintf("Status(%d)", int(s))
	}
	return names[s]
}

// Parse turns a status word (as String prints it) back into a Status.
func Parse(word string) (Status, error) {
	for i, n := range names {
		if n == word {
			return Status(i), nil
		}
	}
	return Unknown, fmt.Errorf("unknown status %q", word)
}

// MarshalText makes statuses readable in JSON output.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a status word. A word this version does not know (from a newer
// Uptray at the other end of the control channel) reads as Unknown rather than failing
// the whole snapshot.
func (s *Status) UnmarshalText(b []byte) error {
	*s, _ = Parse(string(b))
	return nil
}

// severity orders the states of services for the overall state: a known problem beats
// good news, and good news beats knowing nothing.
func severity(s Status) int {
	switch s {
	case Down:
		return 3
	case Degraded:
		return 2
	case Up:
		return 1
	}
	return 0
}

// Worst returns the overall state of a set of service states: Down if any is Down,
// else Degraded if any is, else Up if any is, else Unknown (nothing checked yet).
func Worst(states ...Status) Status {
	worst := Unknown
	for _, s := range states {
		if severity(s) > severity(worst) {
			worst = s
		}
	}
	return worst
}

// Result is the outcome of one check. Reason is written for people: a notification
// shows it as is ("HTTP 503 (want 200)", "connect: connection refused").
type Result struct {
	Status  Status        `json:"status"`
	Latency time.Duration `json:"latency_ns"`
	Reason  string        `json:"reason,omitempty"`
	// Warning is something the check passed in spite of (for example TLS verification
	// switched off); `uptray check` prints it.
	Warning string    `json:"warning,omitempty"`
	At      time.Time `json:"at"`
}

// Transition is a confirmed change of a service's state, or of connectivity when
// Service is empty (To is Offline when the machine went offline, Up when it came back).
type Transition struct {
	Service  string `json:"service,omitempty"`
	Kind     string `json:"kind,omitempty"` // the check kind: http, tcp, dns, tls, ping…
	Group    string `json:"group,omitempty"`
	Fallback string `json:"fallback,omitempty"` // what staff should do instead, from the config
	Critical bool   `json:"critical,omitempty"`
	// Link is a web page staff can open for the service (the URL of an http check, a
	// status page), for a notification's Open action; empty for other kinds.
	Link   string    `json:"link,omitempty"`
	From   Status    `json:"from"`
	To     Status    `json:"to"`
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at"`
	// Since is when the From state began, so a recovery can say how long it was down.
	Since time.Time `json:"since"`
	// FailingSince is the time of the first failed check of the run of failures that
	// led here (zero unless To is Degraded or Down): "down for" counts from it.
	FailingSince time.Time `json:"failing_since,omitzero"`
	// SettleBy is the latest time by which the outage sweep started at FailingSince
	// has confirmed every service it is going to (timeout + (failure_threshold − 1) ×
	// (retry_interval + timeout)): the grouped notice replaces the first one then.
	SettleBy time.Time `json:"-"`
}

// IsConnectivity reports whether t is about the machine's network, not one service.
func (t Transition) IsConnectivity() bool { return t.Service == "" }

// FormatLatency prints a latency the way the menu and the command line show it.
func FormatLatency(d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d < time.Millisecond:
		return "<1 ms"
	case d < 10*time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}
