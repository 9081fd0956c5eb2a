package alert

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// t0 is a Monday at noon; the quiet hours in these tests are 12:30-13:30.
var t0 = time.Date(2025, time.March, 10, 12, 0, 0, 0, time.UTC)

const (
	sec    = time.Second
	minute = time.Minute
)

func defaults() Settings {
	return Settings{Enabled: true, OnDegraded: true, OnRecovery: true, SoundCritical: true, RemindEvery: config.DefaultRemindEvery}
}

func quiet() Settings {
	s := defaults()
	q, _, err := config.ParseQuietHours("12:30-13:30")
	if err != nil {
		panic(err)
	}
	s.Quiet = &q
	return s
}

type opt func(*status.Transition)

func settleBy(d time.Duration) opt  { return func(t *status.Transition) { t.SettleBy = t0.Add(d) } }
func since(d time.Duration) opt     { return func(t *status.Transition) { t.Since = t0.Add(d) } }
func kind(k string) opt             { return func(t *status.Transition) { t.Kind = k } }
func fallback(f string) opt         { return func(t *status.Transition) { t.Fallback = f } }
func critical(t *status.Transition) { t.Critical = true }
func reason(r string) opt           { return func(t *status.Transition) { t.Reason = r } }
func from(s status.Status) opt      { return func(t *status.Transition) { t.From = s } }
func tr(name string, to status.Status, opts ...opt) status.Transition {
	t := status.Transition{Service: name, Kind: "http", From: status.Up, To: to, Reason: name + " failed"}
	if to == status.Up {
		t.From, t.Reason = status.Down, ""
	}
	for _, o := range opts {
		o(&t)
	}
	return t
}

func down(name string, opts ...opt) status.Transition { return tr(name, status.Down, opts...) }
func up(name string, opts ...opt) status.Transition   { return tr(name, status.Up, opts...) }
func slow(name string, opts ...opt) status.Transition {
	return tr(name, status.Degraded, append([]opt{reason("answered in 4.2 s")}, opts...)...)
}

var (
	goOffline = status.Transition{From: status.Up, To: status.Offline}
	goOnline  = status.Transition{From: status.Offline, To: status.Up}
)

// step is one thing that happens to the policy at a time after t0.
type step struct {
	at time.Duration
	do func(p *Policy, now time.Time) []Notification
}

// on delivers a transition; its At is the step's time.
func on(at time.Duration, t status.Transition) step {
	return step{at, func(p *Policy, now time.Time) []Notification {
		t.At = now
		return p.Handle(t, now)
	}}
}

// snooze pauses until t0+until, or until resumed when until is 0.
func snooze(at, until time.Duration) step {
	return step{at, func(p *Policy, now time.Time) []Notification {
		var u time.Time
		if until > 0 {
			u = t0.Add(until)
		}
		p.Snooze(u, now)
		return nil
	}}
}

func resume(at time.Duration) step {
	return step{at, func(p *Policy, now time.Time) []Notification { return p.Resume(now) }}
}

type sent struct {
	at time.Duration
	n  Notification
}

// play runs the steps and, like the Runner, calls Tick whenever NextWake falls due
// (up to t0+end), so it checks NextWake as much as the rules.
func play(t *testing.T, s Settings, end time.Duration, steps ...step) []sent {
	t.Helper()
	p := NewPolicy(s)
	now := t0
	var got []sent
	record := func(ns []Notification) {
		for _, n := range ns {
			got = append(got, sent{now.Sub(t0), n})
		}
	}
	wakeUntil := func(limit time.Time) {
		for i := 0; ; i++ {
			next, ok := p.NextWake()
			if !ok || next.After(limit) {
				return
			}
			if i > 1000 {
				t.Fatalf("NextWake stays at %v", next)
			}
			now = later(now, next)
			record(p.Tick(now))
		}
	}
	for _, st := range steps {
		wakeUntil(t0.Add(st.at))
		now = later(now, t0.Add(st.at))
		record(st.do(p, now))
	}
	wakeUntil(t0.Add(end))
	return got
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// titles prints what was sent as "offset title", the way the tables expect it.
func titles(ss []sent) []string {
	out := []string{}
	for _, s := range ss {
		out = append(out, fmt.Sprintf("%s %s", config.Format(s.at), s.n.Title))
	}
	return out
}

type ruleCase struct {
	name     string
	settings Settings // zero: defaults()
	steps    []step
	end      time.Duration // how long to run; zero: a minute after the last step
	want     []string
}

func runCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.settings
			if s == (Settings{}) {
				s = defaults()
			}
			end := tc.end
			if end == 0 && len(tc.steps) > 0 {
				end = tc.steps[len(tc.steps)-1].at + time.Minute
			}
			got := titles(play(t, s, end, tc.steps...))
			if !slices.Equal(got, tc.want) {
				t.Errorf("sent:\n  %q\nwant:\n  %q", got, tc.want)
			}
		})
	}
}

func TestFirstDownAtOnceTheRestWhenTheSweepSettles(t *testing.T) {
	noRemind := defaults()
	noRemind.RemindEvery = 0
	names := []string{"A", "B", "C", "D", "E", "F", "G"}
	var seven []step
	for i, n := range names {
		seven = append(seven, on(time.Duration(i)*sec, down(n, settleBy(30*sec))))
	}
	runCases(t, []ruleCase{
		{name: "one down is told at once, and only once", settings: noRemind,
			steps: []step{on(0, down("Payments", settleBy(30*sec)))},
			want:  []string{"0s Payments is down"}},
		{name: "zero SettleBy: at once", settings: noRemind,
			steps: []step{on(10*sec, down("Payments"))},
			want:  []string{"10s Payments is down"}},
		{name: "two in one sweep: both when it settles", settings: noRemind,
			steps: []step{on(0, down("A", settleBy(30*sec))), on(20*sec, down("B", settleBy(50*sec)))},
			want:  []string{"0s A is down", "30s 2 services down: A, B"}},
		{name: "three in one sweep: the first at once, then all of them grouped", settings: noRemind,
			steps: []step{on(0, down("A", settleBy(30*sec))), on(10*sec, down("B", settleBy(40*sec))), on(29*sec, down("C", settleBy(59*sec)))},
			want:  []string{"0s A is down", "30s 3 services down: A, B, C"}},
		{name: "a long group", settings: noRemind, steps: seven,
			want: []string{"0s A is down", "30s 7 services down: A, B, C, D, E, F, G"}},
		{name: "a down at the deadline starts a new batch", settings: noRemind,
			steps: []step{on(0, down("A", settleBy(30*sec))), on(30*sec, down("B", settleBy(60*sec)))},
			want:  []string{"0s A is down", "30s B is down"}},
		{name: "the first was told, so its quick recovery is told too",
			steps: []step{on(0, down("A", settleBy(30*sec))), on(10*sec, up("A", since(0)))},
			want:  []string{"0s A is down", "10s A is back up (down for 10 s)"}},
		{name: "a late one that flaps inside the window is silent, recovery too", settings: noRemind,
			steps: []step{on(0, down("A", settleBy(30*sec))), on(5*sec, down("B")), on(20*sec, up("B", since(5*sec)))},
			want:  []string{"0s A is down"}},
		{name: "a flap leaves the rest of the batch", settings: noRemind,
			steps: []step{on(0, down("A", settleBy(30*sec))), on(5*sec, down("B")), on(6*sec, down("C")), on(20*sec, up("B", since(5*sec)))},
			want:  []string{"0s A is down", "30s 2 services down: A, C"}},
		{name: "the first held in quiet hours, a critical one joins: told alone", settings: quiet(),
			steps: []step{on(40*minute, down("A", settleBy(40*minute+30*sec))), on(40*minute+10*sec, down("B", critical))},
			want:  []string{"40m30s B is down"}, end: 45 * minute},
	})
}

func TestDownBodies(t *testing.T) {
	got := play(t, defaults(), time.Minute,
		on(0, down("Payments", reason("HTTP 503 (want 200)"), fallback("Use the VPN portal; IT hotline 1234"), critical)),
		on(0, down("Wiki", reason("connect: connection refused"))))
	if len(got) != 2 {
		t.Fatalf("sent %d, want 2", len(got))
	}
	pay := got[0].n
	if pay.Body != "Instead: Use the VPN portal; IT hotline 1234\nHTTP 503 (want 200)" || !pay.Urgent || pay.Status != status.Down {
		t.Errorf("payments: %+v", pay)
	}
	if wiki := got[1].n; wiki.Body != "connect: connection refused" || wiki.Urgent {
		t.Errorf("wiki: %+v", wiki)
	}
	if fb := downNotice(down("Desk", reason(""), fallback("Call 1234"))); fb.Body != "Instead: Call 1234" {
		t.Errorf("fallback only: %q", fb.Body)
	}

	group := play(t, defaults(), time.Minute,
		on(0, down("A", reason("HTTP 503"), settleBy(30*sec))),
		on(1*sec, down("B", reason("timeout"), critical)),
		on(2*sec, down("C", reason("refused"), fallback("Use the paper form"))))
	if len(group) != 2 {
		t.Fatalf("sent %d, want 2", len(group))
	}
	g := group[1].n
	if g.Body != "B — timeout\nA — HTTP 503\nC — Use the paper form" || !g.Urgent || !slices.Equal(g.Services, []string{"B", "A", "C"}) {
		t.Errorf("group: %+v", g)
	}
}

func TestDegraded(t *testing.T) {
	off := defaults()
	off.OnDegraded = false
	runCases(t, []ruleCase{
		{name: "slow, at once",
			steps: []step{on(0, down("A", settleBy(time.Hour))), on(10*sec, slow("Payments"))},
			want:  []string{"0s A is down", "10s Payments is slow"}},
		{name: "certificate by kind",
			steps: []step{on(0, slow("Payments", kind("tls"), reason("certificate expires in 3 days")))},
			want:  []string{"0s Payments: certificate expires in 3 days"}},
		{name: "certificate by reason",
			steps: []step{on(0, slow("Portal", reason("Certificate not yet valid")))},
			want:  []string{"0s Portal: Certificate not yet valid"}},
		{name: "back to normal after a sent warning",
			steps: []step{on(0, slow("Payments")), on(5*minute, up("Payments", from(status.Degraded)))},
			want:  []string{"0s Payments is slow", "5m Payments is back to normal"}},
		{name: "OnDegraded off: no warning, no recovery", settings: off,
			steps: []step{on(0, slow("Payments")), on(5*minute, up("Payments", from(status.Degraded)))},
			want:  []string{}},
		{name: "down then slow then normal", settings: off,
			steps: []step{on(0, down("Payments")), on(10*minute, slow("Payments", from(status.Down))), on(12*minute, up("Payments", from(status.Degraded), since(10*minute)))},
			want:  []string{"0s Payments is down", "12m Payments is back up (down for 12 min)"}},
	})
	got := play(t, defaults(), 0, on(0, slow("Payments")))
	if n := got[0].n; n.Body != "answered in 4.2 s" || n.Status != status.Degraded {
		t.Errorf("slow: %+v", n)
	}
}

func TestRecovery(t *testing.T) {
	off := defaults()
	off.OnRecovery = false
	runCases(t, []ruleCase{
		{name: "minutes",
			steps: []step{on(0, down("Payments", settleBy(30*sec))), on(12*minute, up("Payments", since(0)))},
			want:  []string{"0s Payments is down", "12m Payments is back up (down for 12 min)"}},
		{name: "seconds",
			steps: []step{on(0, down("Payments")), on(45*sec, up("Payments", since(0)))},
			want:  []string{"0s Payments is down", "45s Payments is back up (down for 45 s)"}},
		{name: "OnRecovery off", settings: off,
			steps: []step{on(0, down("Payments")), on(45*sec, up("Payments", since(0)))},
			want:  []string{"0s Payments is down"}},
		{name: "never told it was down: no recovery", settings: quiet(),
			steps: []step{on(40*minute, down("Payments")), on(50*minute, up("Payments", since(40*minute)))},
			want:  []string{}},
		{name: "told, but recovered in quiet hours: dropped", settings: quiet(),
			steps: []step{on(10*minute, down("Payments")), on(40*minute, up("Payments", since(10*minute)))},
			want:  []string{"10m Payments is down"}},
		{name: "a check coming up for the first time says nothing",
			steps: []step{on(0, up("Payments", from(status.Unknown)))},
			want:  []string{}},
	})
}

func TestHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                                 "0 s",
		45 * sec:                          "45 s",
		12*minute + 20*sec:                "12 min",
		12*minute + 40*sec:                "13 min",
		2*minute + 7*sec:                  "2 min",
		2*minute + 40*sec:                 "3 min",
		59*sec + 600*time.Millisecond:     "1 min",
		59*minute + 45*sec:                "1 h",
		time.Hour + 29*sec:                "1 h",
		23*time.Hour + 59*minute + 50*sec: "1 d",
		-time.Second:                      "0 s",
		time.Hour:                         "1 h",
		2*time.Hour + 5*minute:            "2 h 5 min",
		27 * time.Hour:                    "1 d 3 h",
		48*time.Hour + 10*minute:          "2 d",
	} {
		if got := humanDuration(d); got != want {
			t.Errorf("humanDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestOffline(t *testing.T) {
	runCases(t, []ruleCase{
		{name: "one notice each way",
			steps: []step{on(0, goOffline), on(1*sec, goOffline), on(5*minute, goOnline)},
			want:  []string{"0s " + offlineTitle(), "5m " + onlineTitle()}},
		{name: "pending downs are discarded; the first was told already",
			steps: []step{on(0, down("A", settleBy(30*sec))), on(1*sec, down("B")), on(2*sec, down("D")), on(10*sec, goOffline), on(20*sec, down("C")), on(2*minute, goOnline)},
			want:  []string{"0s A is down", "10s " + offlineTitle(), "2m " + onlineTitle()}},
		{name: "the first one told recovers after the network is back",
			steps: []step{on(0, down("A", settleBy(30*sec))), on(1*sec, down("B")), on(10*sec, goOffline), on(2*minute, goOnline), on(3*minute, up("B")), on(4*minute, up("A"))},
			want:  []string{"0s A is down", "10s " + offlineTitle(), "2m " + onlineTitle(), "4m A is back up (down for 4 min)"}},
		{name: "online without offline says nothing",
			steps: []step{on(0, goOnline)},
			want:  []string{}},
		{name: "reminders wait for the network",
			steps: []step{on(0, down("A")), on(20*minute, goOffline), on(50*minute, goOnline), on(90*minute, up("A", since(0)))},
			want:  []string{"0s A is down", "20m " + offlineTitle(), "50m " + onlineTitle(), "1h20m A is still down (for 1 h 20 min)", "1h30m A is back up (down for 1 h 30 min)"}},
	})
}

func TestReminders(t *testing.T) {
	never := defaults()
	never.RemindEvery = 0
	runCases(t, []ruleCase{
		{name: "every 30 min until it recovers",
			steps: []step{on(0, down("A")), on(70*minute, up("A", since(0)))},
			want:  []string{"0s A is down", "30m A is still down (for 30 min)", "1h A is still down (for 1 h)", "1h10m A is back up (down for 1 h 10 min)"}},
		{name: "counted from the notification, not the failure",
			steps: []step{on(0, down("A", settleBy(40*sec))), on(10*sec, down("B")), on(31*minute, up("A", since(0)))},
			want:  []string{"0s A is down", "40s 2 services down: A, B", "30m40s 2 services still down: A, B", "31m30s A is back up (down for 31 min)"}},
		{name: "never", settings: never,
			steps: []step{on(0, down("A")), on(70*minute, up("A", since(0)))},
			want:  []string{"0s A is down", "1h10m A is back up (down for 1 h 10 min)"}},
		{name: "stop when the service is removed or paused",
			steps: []step{on(0, down("A")), on(10*minute, tr("A", status.Unknown, from(status.Down))), on(11*minute, down("B")), on(12*minute, tr("B", status.Paused, from(status.Down)))},
			want:  []string{"0s A is down", "11m B is down"}},
		{name: "a sweep is reminded of together",
			steps: []step{on(0, down("A", settleBy(30*sec))), on(1*sec, down("B")), on(1*sec, down("C")), on(40*minute, up("B", since(0)))},
			want:  []string{"0s A is down", "30s 3 services down: A, B, C", "30m30s 3 services still down: A, B, C", "40m30s B is back up (down for 40 min)", "1h0m30s 2 services still down: A, C"}, end: 60*minute + 30*sec},
	})
}

func TestQuietHours(t *testing.T) {
	remind40 := quiet()
	remind40.RemindEvery = 40 * minute
	runCases(t, []ruleCase{
		{name: "held, then one summary at the end", settings: quiet(),
			steps: []step{on(40*minute, down("B")), on(41*minute, down("A")), on(50*minute, down("C")), on(51*minute, up("C", since(50*minute)))},
			want:  []string{"1h30m While notifications were quiet: 2 services down: A, B"}, end: 90 * minute},
		{name: "a single service summary", settings: quiet(),
			steps: []step{on(40*minute, down("A"))},
			want:  []string{"1h30m While notifications were quiet: A is down", "2h A is still down (for 1 h 20 min)"}, end: 2 * time.Hour},
		{name: "nothing when everything recovered", settings: quiet(),
			steps: []step{on(40*minute, down("A")), on(80*minute, up("A", since(40*minute)))},
			want:  []string{}},
		{name: "critical services get through", settings: quiet(),
			steps: []step{on(40*minute, down("A", critical)), on(41*minute, down("B")), on(50*minute, up("A", critical, since(40*minute)))},
			want:  []string{"40m A is down", "50m A is back up (down for 10 min)", "1h30m While notifications were quiet: B is down"}, end: 90 * minute},
		{name: "a held reminder is in the summary", settings: remind40,
			steps: []step{on(0, down("A"))},
			want:  []string{"0s A is down", "1h30m While notifications were quiet: A is down", "2h10m A is still down (for 2 h 10 min)", "2h50m A is still down (for 2 h 50 min)"}, end: 170 * minute},
		{name: "offline and back within quiet hours: silence", settings: quiet(),
			steps: []step{on(40*minute, goOffline), on(50*minute, goOnline)},
			want:  []string{}},
		{name: "still offline when quiet hours end", settings: quiet(),
			steps: []step{on(40*minute, goOffline), on(100*minute, goOnline)},
			want:  []string{"1h30m " + offlineTitle(), "1h40m " + onlineTitle()}},
	})
}

func TestSnooze(t *testing.T) {
	runCases(t, []ruleCase{
		{name: "held until the snooze ends, critical too",
			steps: []step{snooze(0, time.Hour), on(10*minute, down("A", critical)), on(11*minute, down("B")), on(12*minute, slow("C"))},
			want:  []string{"1h While notifications were paused: 2 services down: A, B", "1h30m 2 services still down: A, B"}, end: 90 * minute},
		{name: "until resumed",
			steps: []step{snooze(0, 0), on(10*minute, down("A")), resume(2 * time.Hour)},
			want:  []string{"2h While notifications were paused: A is down"}},
		{name: "nothing to say on resume",
			steps: []step{snooze(0, 0), on(10*minute, down("A")), on(20*minute, up("A", since(10*minute))), resume(30 * minute)},
			want:  []string{}},
		{name: "reminders held, then summarised",
			steps: []step{on(0, down("A")), snooze(10*minute, 0), resume(45 * minute)},
			want:  []string{"0s A is down", "45m While notifications were paused: A is down"}},
		{name: "resumed in quiet hours: the rest waits for their end", settings: quiet(),
			steps: []step{snooze(0, 0), on(10*minute, down("A", critical)), on(11*minute, down("B")), resume(40 * minute)},
			want:  []string{"40m While notifications were paused: A is down", "1h10m A is still down (for 1 h)", "1h30m While notifications were quiet: B is down"}, end: 90 * minute},
	})
}

func TestSnoozedUntil(t *testing.T) {
	p := NewPolicy(defaults())
	if _, ok := p.SnoozedUntil(); ok {
		t.Fatal("snoozed from the start")
	}
	p.Snooze(t0.Add(time.Hour), t0)
	if u, ok := p.SnoozedUntil(); !ok || !u.Equal(t0.Add(time.Hour)) {
		t.Fatalf("SnoozedUntil = %v, %v", u, ok)
	}
	if next, ok := p.NextWake(); !ok || !next.Equal(t0.Add(time.Hour)) {
		t.Fatalf("NextWake = %v, %v", next, ok)
	}
	p.Tick(t0.Add(time.Hour))
	if _, ok := p.SnoozedUntil(); ok {
		t.Fatal("still snoozed after its end")
	}
	p.Snooze(time.Time{}, t0)
	if u, ok := p.SnoozedUntil(); !ok || !u.IsZero() {
		t.Fatalf("indefinite snooze: %v, %v", u, ok)
	}
	p.Resume(t0)
	if _, ok := p.SnoozedUntil(); ok {
		t.Fatal("still snoozed after Resume")
	}
}

func TestDisabledSendsNothing(t *testing.T) {
	s := quiet()
	s.Enabled = false
	runCases(t, []ruleCase{
		{name: "everything", settings: s,
			steps: []step{on(0, down("A", critical)), on(1*minute, slow("B")), on(2*minute, goOffline), on(3*minute, goOnline), on(40*minute, down("C")), on(2*time.Hour, up("A", since(0)))},
			want:  []string{}},
	})
}

func TestSettingsChangeReleasesHeldNews(t *testing.T) {
	p := NewPolicy(quiet())
	now := t0.Add(40 * minute)
	if got := p.Handle(down("A"), now); len(got) != 0 {
		t.Fatalf("sent in quiet hours: %v", got)
	}
	p.SetSettings(defaults())
	next, ok := p.NextWake()
	if !ok || !next.Equal(now) {
		t.Fatalf("NextWake = %v, %v; want now", next, ok)
	}
	got := p.Tick(now)
	if len(got) != 1 || got[0].Title != "While notifications were quiet: A is down" {
		t.Fatalf("got %+v", got)
	}
}

func TestSettingsFrom(t *testing.T) {
	no := false
	cases := []struct {
		name    string
		in      config.Notifications
		want    Settings
		wantErr bool
	}{
		{name: "defaults", want: defaults()},
		{name: "switched off", in: config.Notifications{Enabled: &no, OnDegraded: &no, OnRecovery: &no, SoundCritical: &no, RemindEvery: config.D(0)},
			want: Settings{}},
		{name: "quiet hours", in: config.Notifications{QuietHours: "12:30-13:30"}, want: quiet()},
		{name: "bad quiet hours", in: config.Notifications{QuietHours: "late"}, wantErr: true},
		{name: "bad remind_every", in: config.Notifications{RemindEvery: config.Duration{Raw: `"often"`, Set: true}}, wantErr: true},
		{name: "negative remind_every", in: config.Notifications{RemindEvery: config.D(-time.Minute)}, wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SettingsFrom(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if tc.wantErr {
				return
			}
			if got.Enabled != tc.want.Enabled || got.OnDegraded != tc.want.OnDegraded || got.OnRecovery != tc.want.OnRecovery ||
				got.SoundCritical != tc.want.SoundCritical ||
				got.RemindEvery != tc.want.RemindEvery || (got.Quiet == nil) != (tc.want.Quiet == nil) ||
				(got.Quiet != nil && *got.Quiet != *tc.want.Quiet) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}
