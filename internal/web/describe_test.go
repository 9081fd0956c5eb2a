package web

import (
	"testing"
	"time"
)

// A check that starts a little before or after its deadline was set still names the
// timeout the user gave, even on a loaded machine.
func TestRoundTimeout(t *testing.T) {
	for in, want := range map[time.Duration]time.Duration{
		300 * time.Millisecond:                      300 * time.Millisecond,
		299*time.Millisecond + 400*time.Microsecond: 300 * time.Millisecond,
		296 * time.Millisecond:                      300 * time.Millisecond,
		1*time.Second + 2*time.Millisecond:          1 * time.Second,
		5 * time.Second:                             5 * time.Second,
		5*time.Second - 3*time.Millisecond:          5 * time.Second,
		10*time.Second - 40*time.Millisecond:        10 * time.Second,
	} {
		if got := RoundTimeout(in); got != want {
			t.Errorf("RoundTimeout(%v) = %v, want %v", in, got, want)
		}
	}
}
