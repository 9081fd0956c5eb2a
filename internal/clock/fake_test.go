package clock

import (
	"testing"
	"time"
)

func fired(t Timer) bool {
	select {
	case <-t.C():
		return true
	default:
		return false
	}
}

func TestFakeTimers(t *testing.T) {
	start := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	c := NewFake(start)
	a := c.NewTimer(10 * time.Second)
	b := c.NewTimer(20 * time.Second)
	c.Advance(9 * time.Second)
	if fired(a) || fired(b) {
		t.Fatal("a timer fired early")
	}
	c.Advance(time.Second)
	if !fired(a) || fired(b) {
		t.Fatal("at 10 s only the 10 s timer must fire")
	}
	if b.Stop() != true || b.Stop() != false {
		t.Fatal("Stop must report whether the timer was armed")
	}
	c.Advance(time.Hour)
	if fired(b) {
		t.Fatal("a stopped timer fired")
	}
	b.Reset(5 * time.Second)
	if next, ok := c.NextDue(); !ok || !next.Equal(c.Now().Add(5*time.Second)) {
		t.Fatalf("NextDue = %v %v", next, ok)
	}
	c.Set(c.Now().Add(24 * time.Hour)) // a jump, as after a sleep
	if !fired(b) {
		t.Fatal("a jump past a timer must fire it")
	}
	if z := c.NewTimer(0); !fired(z) {
		t.Fatal("a zero timer must fire at once")
	}
}
