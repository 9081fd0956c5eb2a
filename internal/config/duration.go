package config

import (
	"fmt"
	"strings"
	"time"
)

// Duration is a TOML duration written as a string ("30s", "5m"). It never fails to
// decode: what the file said is kept in Raw so that validation can report every bad
// value at once, by field, instead of the decoder stopping at the first.
type Duration struct {
	time.Duration
	Raw   string // the value as written, when it was not a valid duration
	Valid bool   // false when the file held something that is not a duration
	Set   bool   // the key was present
}

// D makes a set, valid Duration (for code and tests).
func D(d time.Duration) Duration { return Duration{Duration: d, Valid: true, Set: true} }

// UnmarshalTOML accepts any TOML value and remembers whether it was a duration.
func (d *Duration) UnmarshalTOML(v any) error {
	d.Set = true
	s, ok := v.(string)
	if !ok {
		d.Raw, d.Valid = fmt.Sprint(v), false
		return nil
	}
	parsed, err := time.ParseDuration(s)
	if err != nil {
		d.Raw, d.Valid = fmt.Sprintf("%q", s), false
		return nil
	}
	d.Duration, d.Raw, d.Valid = parsed, "", true
	return nil
}

// MarshalText writes the duration in Go's short form ("30s", "1m30s").
func (d Duration) MarshalText() ([]byte, error) { return []byte(Format(d.Duration)), nil }

// IsZero lets the TOML encoder leave unset durations out (omitempty/omitzero).
func (d Duration) IsZero() bool { return !d.Set }

// Or returns the duration when it is set and valid, else def.
func (d Duration) Or(def time.Duration) time.Duration {
	if d.Set && d.Valid {
		return d.Duration
	}
	return def
}

// Format prints a duration without the trailing zero units Go adds ("1m" not "1m0s").
func Format(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
