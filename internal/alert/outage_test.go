package alert

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/status"
)

// The rules of the outage day (issue 9): many services failing together, told fast,
// each with what to do instead; recoveries grouped like failures.

func failing(d time.Duration) opt { return func(t *status.Transition) { t.FailingSince = t0.Add(d) } }
func link(u string) opt           { return func(t *status.Transition) { t.Link = u } }

// together delivers transitions that arrived in one poll; their At is the step's time.
func together(at time.Duration, ts ...status.Transition) step {
	return step{at, func(p *Policy, now time.Time) []Notification {
		for i := range ts {
			ts[i].At = now
		}
		return p.HandleAll(ts, now)
	}}
}

func many(n int, to status.Status, opts ...opt) []status.Transition {
	ts := make([]status.Transition, n)
	for i := range ts {
		ts[i] = tr(fmt.Sprintf("S%04d", i), to, opts...)
	}
	return ts
}

func TestAThousandAtOnceAreOneNoticeEachWay(t *testing.T) {
	downs := many(1000, status.Down, settleBy(30*sec))
	downs[700].Critical = true
	got := play(t, defaults(), 5*minute, together(0, downs...), together(4*minute, many(1000, status.Up)...))
	if len(got) != 2 {
		t.Fatalf("sent %q, want one notice down and one back up", titles(got))
	}
	d, u := got[0].n, got[1].n
	if got[0].at != 0 || d.Title != "1000 services down" || len(d.Services) != 1000 || !d.Urgent || !d.Sticky() {
		t.Errorf("down: at %v %q, %d services, urgent %v", got[0].at, d.Title, len(d.Services), d.Urgent)
	}
	wantBody := "S0700 — S0700 failed\nS0000 — S0000 failed\nS0001 — S0001 failed\nS0002 — S0002 failed\nS0003 — S0003 failed\n+ 995 more — open Uptray"
	if d.Body != wantBody {
		t.Errorf("down body:\n%s\nwant:\n%s", d.Body, wantBody)
	}
	if got[1].at != 4*minute || u.Title != "1000 services back up" || len(u.Services) != 1000 || u.Sticky() {
		t.Errorf("up: at %v %q, %d services", got[1].at, u.Title, len(u.Services))
	}
	if !strings.HasSuffix(u.Body, "\n+ 995 more — open Uptray") || !strings.HasPrefix(u.Body, "S0000 — down for 4 min\n") {
		t.Errorf("up body:\n%s", u.Body)
	}
	if u.Tag != d.Tag {
		t.Errorf("the recovery has tag %q, want the outage's %q: it replaces the sticky notice", u.Tag, d.Tag)
	}
}

func TestAThousandInOneSweepCountedExactly(t *testing.T) {
	var steps []step
	for i, tr := range many(1000, status.Down, settleBy(30*sec)) {
		steps = append(steps, together(time.Duration(i)*20*time.Millisecond, tr))
	}
	got := play(t, defaults(), time.Minute, steps...)
	if ts := titles(got); !slices.Equal(ts, []string{"0s S0000 is down", "30s 1000 services down"}) {
		t.Fatalf("sent %q", ts)
	}
	if got[0].n.Tag == "" || got[1].n.Tag != got[0].n.Tag {
		t.Errorf("tags %q, %q", got[0].n.Tag, got[1].n.Tag)
	}
}

func TestDownsInTheOpeningPoll(t *testing.T) {
	noRemind := defaults()
	noRemind.RemindEvery = 0
	runCases(t, []ruleCase{
		{name: "three together: grouped at once, nothing when it settles", settings: noRemind,
			steps: []step{together(0, down("A", settleBy(30*sec)), down("B", settleBy(30*sec)), down("C", settleBy(30*sec)))},
			want:  []string{"0s 3 services down: A, B, C"}},
		{name: "two together: one notice at once, a third joins: all three when it settles", settings: noRemind,
			steps: []step{together(0, down("A", settleBy(30*sec)), down("B", settleBy(30*sec))), on(10*sec, down("C"))},
			want:  []string{"0s 2 services down: A, B", "30s 3 services down: A, B, C"}},
		{name: "a flap in the same poll says nothing", settings: noRemind,
			steps: []step{together(0, down("A", settleBy(30*sec)), up("A"))},
			want:  []string{}},
		{name: "offline in the same poll: probably the network", settings: noRemind,
			steps: []step{together(0, down("A", settleBy(30*sec)), goOffline)},
			want:  []string{"0s " + offlineTitle()}},
	})
	got := play(t, noRemind, time.Minute, together(0, down("A", settleBy(30*sec)), down("B", settleBy(30*sec))), on(10*sec, down("C")))
	if first, all := got[0].n.Tag, got[1].n.Tag; first == "" || all != first {
		t.Errorf("tags %q, %q: the notice of the whole outage must replace the first", first, all)
	}
	// Notices sent together never replace each other.
	p := NewPolicy(defaults())
	var ns []Notification
	for _, name := range []string{"A", "B"} {
		p.Handle(down(name), t0)
	}
	p.Handle(up("A"), t0.Add(time.Minute))
	ns = append(ns, p.HandleAll([]status.Transition{up("B"), down("C")}, t0.Add(2*time.Minute))...)
	if len(ns) != 2 || ns[0].Tag == ns[1].Tag {
		t.Errorf("sent %+v", ns)
	}
}

func TestGroupedLines(t *testing.T) {
	got := play(t, defaults(), time.Minute, together(0,
		down("Mail", reason("HTTP 503 (want 200)")),
		down("Payments", critical, fallback("Use the offline card terminal"), link("https://pay.example/")),
		down("HR portal", reason("timeout"), fallback("Email hr@example.com")),
		down("Wiki", reason("connect: connection refused")),
		down("Build", reason("")),
		down("Chat", critical, reason("DNS: no such host")),
	))
	if len(got) != 1 {
		t.Fatalf("sent %q", titles(got))
	}
	n := got[0].n
	want := strings.Join([]string{
		"Chat — DNS: no such host",
		"Payments — Use the offline card terminal",
		"Build",
		"HR portal — Email hr@example.com",
		"Mail — HTTP 503 (want 200)",
		"Wiki — connect: connection refused",
	}, "\n")
	if n.Body != want {
		t.Errorf("body:\n%s\nwant:\n%s", n.Body, want)
	}
	if n.Title != "6 services down" {
		t.Errorf("title %q: six names do not fit", n.Title)
	}
	if n.Details != "Chat" || n.Open != "" || !n.Urgent {
		t.Errorf("details %q open %q urgent %v", n.Details, n.Open, n.Urgent)
	}
	if seven := groupedDown(many(7, status.Down), kindDown); strings.Count(seven.Body, "\n") != maxLines-1 ||
		!strings.HasSuffix(seven.Body, "\nS0004 — S0004 failed\n+ 2 more — open Uptray") {
		t.Errorf("seven:\n%s", seven.Body)
	}
	if short := countTitle(3, kindDown, []string{"Mail", "HR portal", "Wiki"}); short != "3 services down: Mail, HR portal, Wiki" {
		t.Errorf("short title %q", short)
	}
}

func TestSingleDownCarriesItsActions(t *testing.T) {
	got := play(t, defaults(), time.Minute, on(0, down("Payments", link("https://pay.example/"))), on(10*sec, slow("Wiki")), on(20*sec, up("Payments")))
	d, w, u := got[0].n, got[1].n, got[2].n
	if d.Details != "Payments" || d.Open != "https://pay.example/" || !d.Sticky() {
		t.Errorf("down: %+v", d)
	}
	for _, n := range []Notification{w, u} {
		if n.Details != "" || n.Open != "" || n.Sticky() {
			t.Errorf("%q: details %q open %q sticky %v; only outages carry actions and stay", n.Title, n.Details, n.Open, n.Sticky())
		}
	}
}

func TestRemindersCarryTheFallback(t *testing.T) {
	got := play(t, defaults(), 31*minute,
		on(0, down("Payments", fallback("Use the offline card terminal"), reason("HTTP 503 (want 200)"), failing(-50*sec))))
	if ts := titles(got); !slices.Equal(ts, []string{"0s Payments is down", "30m Payments is still down (for 31 min)"}) {
		t.Fatalf("sent %q", ts)
	}
	r := got[1].n
	if r.Body != "Instead: Use the offline card terminal\nHTTP 503 (want 200)" || !r.Sticky() || r.Details != "Payments" {
		t.Errorf("reminder: %+v", r)
	}
	if r.Tag != got[0].n.Tag {
		t.Errorf("the reminder has tag %q, want %q: it takes the place of the first notice", r.Tag, got[0].n.Tag)
	}

	group := play(t, defaults(), 31*minute, together(0,
		down("Mail", reason("HTTP 503 (want 200)")),
		down("Payments", fallback("Use the offline card terminal")),
		down("Wiki", critical, reason("timeout"))))
	if ts := titles(group); !slices.Equal(ts, []string{"0s 3 services down: Wiki, Mail, Payments", "30m 3 services still down: Wiki, Mail, Payments"}) {
		t.Fatalf("sent %q", ts)
	}
	if want := "Wiki — timeout\nMail — HTTP 503 (want 200)\nPayments — Use the offline card terminal"; group[1].n.Body != want {
		t.Errorf("grouped reminder:\n%s\nwant:\n%s", group[1].n.Body, want)
	}
}

func TestDownForCountsFromTheFirstFailedCheck(t *testing.T) {
	runCases(t, []ruleCase{
		{name: "2 min 7 s is 2 min",
			steps: []step{on(20*sec, down("A", failing(0))), on(2*minute+7*sec, up("A", since(20*sec)))},
			want:  []string{"20s A is down", "2m7s A is back up (down for 2 min)"}},
		{name: "2 min 40 s is 3 min",
			steps: []step{on(20*sec, down("A", failing(0))), on(2*minute+40*sec, up("A", since(20*sec)))},
			want:  []string{"20s A is down", "2m40s A is back up (down for 3 min)"}},
		{name: "without FailingSince, from the confirmation",
			steps: []step{on(20*sec, down("A")), on(2*minute+7*sec, up("A", since(20*sec)))},
			want:  []string{"20s A is down", "2m7s A is back up (down for 2 min)"}},
		{name: "through a slow spell",
			steps: []step{on(20*sec, down("A", failing(0))), on(5*minute, slow("A", from(status.Down))), on(10*minute, up("A", from(status.Degraded), since(5*minute)))},
			want:  []string{"20s A is down", "5m A is slow", "10m A is back to normal"}},
		{name: "reminders too",
			steps: []step{on(30*sec, down("A", failing(0)))},
			want:  []string{"30s A is down", "30m30s A is still down (for 31 min)"}, end: 31 * minute},
	})
}

func TestRecoveriesWaitForEachOther(t *testing.T) {
	four := []step{together(0, down("A"), down("B"), down("C"), down("D"))}
	runCases(t, []ruleCase{
		{name: "a lone recovery is told at once",
			steps: []step{on(0, down("A")), on(5*minute, up("A"))},
			want:  []string{"0s A is down", "5m A is back up (down for 5 min)"}},
		{name: "while others are still down, recoveries wait 30 s for each other",
			steps: append(slices.Clone(four), on(5*minute, up("A")), on(5*minute+10*sec, up("B")), on(5*minute+29*sec, up("C")), on(5*minute+31*sec, slow("D", from(status.Down)))),
			want:  []string{"0s 4 services down: A, B, C, D", "5m30s 3 services back up: A, B, C", "5m31s D is slow"}},
		{name: "the last one ends the wait",
			steps: append(slices.Clone(four), on(5*minute, up("A")), on(5*minute+10*sec, up("B")), together(5*minute+20*sec, up("C"), up("D"))),
			want:  []string{"0s 4 services down: A, B, C, D", "5m20s 4 services back up: A, B, C, D"}},
		{name: "two are grouped too",
			steps: append(slices.Clone(four), on(5*minute, up("A")), on(5*minute+10*sec, up("B"))),
			want:  []string{"0s 4 services down: A, B, C, D", "5m30s 2 services back up: A, B"}},
		{name: "failing again while waiting: never told it was up, reminded as before",
			steps: append(slices.Clone(four), on(5*minute, up("A")), on(5*minute+10*sec, down("A"))),
			want:  []string{"0s 4 services down: A, B, C, D", "30m 4 services still down: A, B, C, D"}, end: 30 * minute},
		{name: "slow again while waiting: told it is slow, not that it is up",
			steps: append(slices.Clone(four), on(5*minute, up("A")), on(5*minute+10*sec, slow("A"))),
			want:  []string{"0s 4 services down: A, B, C, D", "5m10s A is slow"}, end: 10 * minute},
		{name: "back to normal and back up together",
			steps: []step{on(0, slow("W")), together(sec, down("A"), down("B"), down("C")), on(5*minute, up("W", from(status.Degraded))), on(5*minute, up("A")), on(5*minute, up("B"))},
			want:  []string{"0s W is slow", "1s 3 services down: A, B, C", "5m30s 3 services back up: A, B, W"}},
		{name: "quiet hours drop the good news", settings: quiet(),
			steps: append(slices.Clone(four), on(29*minute+50*sec, up("A")), on(29*minute+55*sec, up("B")), on(29*minute+58*sec, up("C"))),
			want:  []string{"0s 4 services down: A, B, C, D"}, end: 31 * minute},
	})
	got := play(t, defaults(), 6*minute, together(0, slow("W")), together(sec, down("A"), down("B"), down("C")),
		on(5*minute, up("W", from(status.Degraded))), on(5*minute, up("A")), on(5*minute, up("B")))
	if want := "A — down for 5 min\nB — down for 5 min\nW — back to normal"; got[2].n.Body != want {
		t.Errorf("body:\n%s\nwant:\n%s", got[2].n.Body, want)
	}
	normal := groupedRecovery([]recovery{{t: up("X")}, {t: up("Y")}, {t: up("Z")}})
	if normal.Title != "3 services back to normal: X, Y, Z" {
		t.Errorf("title %q", normal.Title)
	}
}

func TestTagsReplaceOnlyWhatTheyCover(t *testing.T) {
	got := play(t, defaults(), time.Hour,
		together(0, down("A"), down("B"), down("C")),
		on(10*minute, up("A")),
		on(10*minute+30*sec, down("D")),
		together(20*minute, up("B"), up("C")),
		on(25*minute, slow("D", from(status.Down))),
		on(26*minute, up("D", from(status.Degraded))))
	if ts := titles(got); !slices.Equal(ts, []string{
		"0s 3 services down: A, B, C", "10m30s A is back up (down for 10 min)", "10m30s D is down",
		"20m30s 2 services back up: B, C", "25m D is slow", "26m D is back to normal"}) {
		t.Fatalf("sent %q", ts)
	}
	tags := map[string]string{}
	for _, s := range got {
		tags[s.n.Title] = s.n.Tag
	}
	outage := tags["3 services down: A, B, C"]
	if tags["A is back up (down for 10 min)"] == outage {
		t.Error("A's recovery replaced the notice that still tells of B and C")
	}
	if tags["D is down"] == outage || tags["D is down"] == tags["A is back up (down for 10 min)"] {
		t.Error("D's outage replaced an earlier notice")
	}
	if tags["2 services back up: B, C"] != outage {
		t.Error("the end of the outage does not replace its sticky notice")
	}
	if tags["D is slow"] != tags["D is down"] || tags["D is back to normal"] != tags["D is down"] {
		t.Errorf("D's notices do not replace each other: %q %q %q", tags["D is down"], tags["D is slow"], tags["D is back to normal"])
	}
}
