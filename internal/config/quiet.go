package config

import (
	"strings"
	"time"
)

// QuietHours is a daily span of local time, "22:00-07:00", that may wrap past midnight.
type QuietHours struct {
	Start, End time.Duration // offsets from local midnight
}

// ParseQuietHours reads "HH:MM-HH:MM". The empty string means no quiet hours (ok=false).
func ParseQuietHours(s string) (q QuietHours, ok bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return QuietHours{}, false, nil
	}
	from, to, found := strings.Cut(s, "-")
	if !found {
		return QuietHours{}, false, msgf("%q is not a span of hours (try \"22:00-07:00\")", s)
	}
	start, err1 := parseClock(from)
	end, err2 := parseClock(to)
	if err1 != nil || err2 != nil {
		return QuietHours{}, false, msgf("%q is not a span of hours (try \"22:00-07:00\")", s)
	}
	if start == end {
		return QuietHours{}, false, msgf("%q starts and ends at the same time", s)
	}
	return QuietHours{Start: start, End: end}, true, nil
}

func parseClock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// Contains reports whether t (in its own location) falls within the quiet hours.
func (q QuietHours) Contains(t time.Time) bool {
	// Wall-clock time of day, not time elapsed since midnight: they differ on the
	// days daylight saving time starts or ends.
	h, m, s := t.Clock()
	offset := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second + time.Duration(t.Nanosecond())
	if q.Start < q.End {
		return offset >= q.Start && offset < q.End
	}
	return offset >= q.Start || offset < q.End
}

// NextEnd returns the first end of quiet hours after t.
func (q QuietHours) NextEnd(t time.Time) time.Time {
	y, m, d := t.Date()
	hh, mm := int(q.End/time.Hour), int(q.End%time.Hour/time.Minute)
	end := time.Date(y, m, d, hh, mm, 0, 0, t.Location())
	if !end.After(t) {
		end = time.Date(y, m, d+1, hh, mm, 0, 0, t.Location())
	}
	return end
}
