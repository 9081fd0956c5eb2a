package config

import (
	"testing"
	"time"
	_ "time/tzdata" // daylight saving cases need a real zone everywhere
)

func TestParseQuietHours(t *testing.T) {
	q, ok, err := ParseQuietHours(" 22:00 - 07:30 ")
	if err != nil || !ok || q != (QuietHours{Start: 22 * time.Hour, End: 7*time.Hour + 30*time.Minute}) {
		t.Errorf("got %+v %v %v", q, ok, err)
	}
	if _, ok, err := ParseQuietHours(""); ok || err != nil {
		t.Errorf("empty: %v %v", ok, err)
	}
	for _, bad := range []string{"22:00", "22-07", "25:00-07:00", "22:00-07:60", "22:00-22:00", "night", "22:00-07:00-08:00"} {
		if _, ok, err := ParseQuietHours(bad); err == nil || ok {
			t.Errorf("%q: no error", bad)
		}
	}
}

func at(loc *time.Location, day, h, m int) time.Time {
	return time.Date(2025, time.June, day, h, m, 0, 0, loc)
}

func TestQuietHoursContains(t *testing.T) {
	night := QuietHours{Start: 22 * time.Hour, End: 7 * time.Hour}
	lunch := QuietHours{Start: 12 * time.Hour, End: 13*time.Hour + 30*time.Minute}
	tests := []struct {
		q    QuietHours
		h, m int
		want bool
	}{
		{night, 21, 59, false},
		{night, 22, 0, true},
		{night, 23, 59, true},
		{night, 0, 0, true},
		{night, 6, 59, true},
		{night, 7, 0, false},
		{night, 12, 0, false},
		{lunch, 11, 59, false},
		{lunch, 12, 0, true},
		{lunch, 13, 29, true},
		{lunch, 13, 30, false},
		{lunch, 0, 0, false},
	}
	for _, tt := range tests {
		if got := tt.q.Contains(at(time.UTC, 10, tt.h, tt.m)); got != tt.want {
			t.Errorf("%+v.Contains(%02d:%02d) = %v", tt.q, tt.h, tt.m, got)
		}
	}
}

func TestQuietHoursNextEnd(t *testing.T) {
	night := QuietHours{Start: 22 * time.Hour, End: 7 * time.Hour}
	tests := []struct{ from, want time.Time }{
		{at(time.UTC, 10, 23, 0), at(time.UTC, 11, 7, 0)},
		{at(time.UTC, 11, 3, 0), at(time.UTC, 11, 7, 0)},
		{at(time.UTC, 11, 7, 0), at(time.UTC, 12, 7, 0)}, // "after", not "at or after"
		{at(time.UTC, 30, 23, 0), time.Date(2025, time.July, 1, 7, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		if got := night.NextEnd(tt.from); !got.Equal(tt.want) {
			t.Errorf("NextEnd(%v) = %v, want %v", tt.from, got, tt.want)
		}
	}
}

// Quiet hours are wall-clock times: on the nights clocks change, 07:00 is still 07:00.
func TestQuietHoursDaylightSaving(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	night := QuietHours{Start: 22 * time.Hour, End: 7 * time.Hour}
	evening := QuietHours{Start: 20 * time.Hour, End: 23 * time.Hour}
	// 2025-03-09: clocks jump from 02:00 to 03:00.
	spring := func(h, m int) time.Time { return time.Date(2025, time.March, 9, h, m, 0, 0, ny) }
	if !night.Contains(spring(6, 30)) {
		t.Error("06:30 on the spring-forward day is quiet")
	}
	if night.Contains(spring(7, 15)) {
		t.Error("07:15 on the spring-forward day is not quiet")
	}
	if evening.Contains(spring(19, 30)) || !evening.Contains(spring(22, 30)) {
		t.Error("evening span on the spring-forward day")
	}
	if got := night.NextEnd(spring(1, 0)); !got.Equal(spring(7, 0)) {
		t.Errorf("NextEnd on the spring-forward day = %v, want 07:00", got)
	}
	// 2025-11-02: clocks fall back from 02:00 to 01:00.
	fall := func(h, m int) time.Time { return time.Date(2025, time.November, 2, h, m, 0, 0, ny) }
	if night.Contains(fall(7, 0)) || !night.Contains(fall(6, 30)) {
		t.Error("fall-back day: 06:30 quiet, 07:00 not")
	}
	if got := night.NextEnd(fall(0, 30)); !got.Equal(fall(7, 0)) {
		t.Errorf("NextEnd on the fall-back day = %v, want 07:00", got)
	}
}
