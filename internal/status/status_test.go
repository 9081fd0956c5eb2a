package status

import (
	"testing"
	"time"
)

func TestWorst(t *testing.T) {
	cases := []struct {
		in   []Status
		want Status
	}{
		{nil, Unknown},
		{[]Status{Unknown, Unknown}, Unknown},
		{[]Status{Up, Unknown}, Up},
		{[]Status{Up, Degraded, Up}, Degraded},
		{[]Status{Degraded, Down, Up}, Down},
	}
	for _, tc := range cases {
		if got := Worst(tc.in...); got != tc.want {
			t.Errorf("Worst(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestWordsRoundTrip(t *testing.T) {
	for s := Unknown; s <= Paused; s++ {
		var back Status
		if err := back.UnmarshalText([]byte(s.String())); err != nil || back != s {
			t.Errorf("%v → %q → %v, %v", s, s.String(), back, err)
		}
	}
	if _, err := Parse("Sideways"); err == nil {
		t.Error("Parse accepted an unknown word")
	}
	back := Down
	if err := back.UnmarshalText([]byte("Sideways")); err != nil || back != Unknown {
		t.Errorf("a newer word reads as %v, %v; want Unknown, nil", back, err)
	}
}

func TestFormatLatency(t *testing.T) {
	cases := map[time.Duration]string{0: "", 300 * time.Microsecond: "<1 ms", 42 * time.Millisecond: "42 ms", 12 * time.Second: "12.0 s"}
	for d, want := range cases {
		if got := FormatLatency(d); got != want {
			t.Errorf("FormatLatency(%v) = %q, want %q", d, got, want)
		}
	}
}
