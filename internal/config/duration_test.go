package config

import (
	"testing"
	"time"
)

func TestFormat(t *testing.T) {
	tests := map[time.Duration]string{
		time.Minute:                        "1m",
		10 * time.Minute:                   "10m",
		90 * time.Second:                   "1m30s",
		time.Hour:                          "1h",
		2*time.Hour + 30*time.Minute:       "2h30m",
		time.Hour + time.Second:            "1h0m1s",
		30 * time.Second:                   "30s",
		500 * time.Millisecond:             "500ms",
		0:                                  "0s",
		-time.Minute:                       "-1m",
		time.Hour + 10*time.Minute:         "1h10m",
		time.Minute + 500*time.Millisecond: "1m0.5s",
	}
	for d, want := range tests {
		if got := Format(d); got != want {
			t.Errorf("Format(%v) = %q, want %q", d, got, want)
		}
		if back, err := time.ParseDuration(Format(d)); err != nil || back != d {
			t.Errorf("Format(%v) = %q does not parse back: %v %v", d, Format(d), back, err)
		}
	}
}

func TestDurationUnmarshalTOML(t *testing.T) {
	tests := []struct {
		in   any
		want Duration
	}{
		{"30s", Duration{Duration: 30 * time.Second, Valid: true, Set: true}},
		{"1h30m", Duration{Duration: 90 * time.Minute, Valid: true, Set: true}},
		{"0s", Duration{Valid: true, Set: true}},
		{"5", Duration{Raw: `"5"`, Set: true}},
		{"", Duration{Raw: `""`, Set: true}},
		{"thirty seconds", Duration{Raw: `"thirty seconds"`, Set: true}},
		{int64(30), Duration{Raw: "30", Set: true}},
		{1.5, Duration{Raw: "1.5", Set: true}},
		{true, Duration{Raw: "true", Set: true}},
	}
	for _, tt := range tests {
		var d Duration
		if err := d.UnmarshalTOML(tt.in); err != nil {
			t.Errorf("UnmarshalTOML(%#v): %v", tt.in, err)
		}
		if d != tt.want {
			t.Errorf("UnmarshalTOML(%#v) = %+v, want %+v", tt.in, d, tt.want)
		}
	}
	// A valid value after an invalid one clears Raw.
	d := Duration{Raw: `"x"`}
	_ = d.UnmarshalTOML("1s")
	if d != D(time.Second) {
		t.Errorf("reuse: %+v", d)
	}
}

func TestDurationOr(t *testing.T) {
	if got := (Duration{}).Or(time.Minute); got != time.Minute {
		t.Errorf("unset: %v", got)
	}
	if got := D(5 * time.Second).Or(time.Minute); got != 5*time.Second {
		t.Errorf("set: %v", got)
	}
	if got := D(0).Or(time.Minute); got != 0 {
		t.Errorf(`"0s" is a value, not unset: %v`, got)
	}
	if got := (Duration{Raw: `"5"`, Set: true}).Or(time.Minute); got != time.Minute {
		t.Errorf("invalid: %v", got)
	}
	if (Duration{}).IsZero() == false || D(0).IsZero() {
		t.Error("IsZero should follow Set")
	}
	if b, _ := D(time.Minute).MarshalText(); string(b) != "1m" {
		t.Errorf("MarshalText = %q", b)
	}
}
