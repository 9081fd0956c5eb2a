package tray

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptray/uptray/assets"
	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
)

func svc(name string, st status.Status, reason string, latency time.Duration) status.ServiceState {
	return status.ServiceState{Name: name, Kind: "tcp", Status: st, Checks: 1,
		Last: status.Result{Status: st, Reason: reason, Latency: latency}}
}

func snapshot(services ...status.ServiceState) status.Snapshot {
	all := make([]status.Status, len(services))
	for i, s := range services {
		all[i] = s.Status
	}
	return status.Snapshot{Services: services, Overall: status.Worst(all...)}
}

func TestSummaryAndTooltip(t *testing.T) {
	up := svc("Intranet", status.Up, "", 120*time.Millisecond)
	pay := svc("Payments", status.Down, "HTTP 503 (want 200)", 0)
	mail := svc("Mail", status.Down, "connect: connection refused", 0)
	slow := svc("Wiki", status.Degraded, "slow: 2.3 s (max 2 s)", 0)
	broken := status.ServiceState{Name: "Mail", ConfigError: "interval: is not a duration"}
	cases := []struct {
		name    string
		snap    status.Snapshot
		summary string
		tooltip string
	}{
		{"all up", snapshot(up, up, up), "All 3 services up", "Uptray — All 3 services up"},
		{"two down", snapshot(pay, up, mail), "2 of 3 down: Payments, Mail", "Uptray — 2 of 3 down: Payments, Mail"},
		{"many down", snapshot(pay, mail, svc("Wiki", status.Down, "x", 0), svc("VPN", status.Down, "x", 0), svc("HR", status.Down, "x", 0), up),
			"5 of 6 down: Payments, Mail, Wiki and 2 more", "Uptray — 5 of 6 down: Payments, Mail, Wiki and 2 more"},
		{"down and a config error", snapshot(pay, up, broken), "1 of 2 down, 1 config error: Payments", "Uptray — 1 of 2 down, 1 config error: Payments"},
		{"degraded", snapshot(up, slow), "1 of 2 degraded", "Uptray — 1 of 2 degraded"},
		{"down and degraded", snapshot(pay, slow), "1 of 2 down, 1 degraded: Payments", "Uptray — 1 of 2 down, 1 degraded: Payments"},
		{"offline", status.Snapshot{Services: []status.ServiceState{up}, Offline: true, Overall: status.Offline}, "Offline — checks paused", "Uptray — Offline — checks paused"},
		{"a config error", snapshot(up, broken), "The service is up, 1 config error", "Uptray — The service is up, 1 config error"},
		{"only config errors", snapshot(broken), "Config error — open Settings", "Uptray — Config error — open Settings"},
		{"empty", status.Snapshot{}, "No services configured", "Uptray — No services configured"},
		{"nothing checked", snapshot(status.ServiceState{Name: "A"}, status.ServiceState{Name: "B"}), "Checking 2 services…", "Uptray — Checking 2 services…"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Summary(tc.snap); got != tc.summary {
				t.Errorf("Summary = %q, want %q", got, tc.summary)
			}
			if got := Tooltip(tc.snap); got != tc.tooltip {
				t.Errorf("Tooltip = %q, want %q", got, tc.tooltip)
			}
		})
	}
}

func TestServiceLabel(t *testing.T) {
	rechecking := svc("Pay", status.Up, "", 0)
	rechecking.Last = status.Result{Status: status.Down, Reason: "HTTP 503 (want 200)"}
	offline := rechecking // offline while re-checking: the failure is the network's
	offline.Status = status.Offline
	cases := []struct {
		in   status.ServiceState
		want string
	}{
		{svc("Payments", status.Down, "HTTP 503 (want 200)", 0), "Payments — Down: HTTP 503 (want 200)"},
		{svc("Intranet", status.Up, "", 123*time.Millisecond), "Intranet — Up, 120 ms"},
		{svc("Fast", status.Up, "", 7*time.Millisecond), "Fast — Up, 7 ms"},
		{svc("Slow", status.Up, "", 2340*time.Millisecond), "Slow — Up, 2.3 s"},
		{status.ServiceState{Name: "New"}, "New — Checking…"},
		{rechecking, "Pay — Up, re-checking: HTTP 503 (want 200)"},
		{offline, "Pay — Not checked — offline"},
		{status.ServiceState{Name: "Never", Status: status.Offline}, "Never — Not checked — offline"},
		{status.ServiceState{Name: "Mail", ConfigError: `interval: "5" is not a duration`},
			`Mail — Config error: interval: "5" is not a duration — open Settings`},
		{svc("Long", status.Down, strings.Repeat("x", 200), 0), "Long — Down: " + strings.Repeat("x", maxReason-1) + "…"},
	}
	for _, tc := range cases {
		if got := ServiceLabel(tc.in); got != tc.want {
			t.Errorf("ServiceLabel(%s) = %q, want %q", tc.in.Name, got, tc.want)
		}
	}
}

// recorder is a Surface that keeps everything it is told.
type recorder struct {
	mu       sync.Mutex
	menus    [][]Item
	icons    []status.Status
	tooltips []string
}

func (r *recorder) SetMenu(m []Item) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.menus = append(r.menus, m)
}

func (r *recorder) SetIcon(s status.Status) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.icons = append(r.icons, s)
}

func (r *recorder) SetTooltip(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tooltips = append(r.tooltips, s)
}

func (r *recorder) menuCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.menus)
}

func (r *recorder) last() []Item {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.menus) == 0 {
		return nil
	}
	return r.menus[len(r.menus)-1]
}

type snoozer struct {
	mu    sync.Mutex
	until time.Time
	on    bool
}

func (s *snoozer) SnoozedUntil() (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.until, s.on
}

func (s *snoozer) set(until time.Time, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.until, s.on = until, on
}

// actions records what the menu asked for.
type actions struct {
	mu      sync.Mutex
	did     []string
	snoozed []time.Time
}

func (a *actions) record(s string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.did = append(a.did, s)
}

func (a *actions) Actions() Actions {
	return Actions{
		CheckNow: func(n string) { a.record("check " + n) },
		CheckAll: func() { a.record("check all") },
		Snooze: func(u time.Time) {
			a.mu.Lock()
			defer a.mu.Unlock()
			a.snoozed = append(a.snoozed, u)
		},
		Resume:       func() { a.record("resume") },
		OpenURL:      func(u string) { a.record("open " + u) },
		Details:      func(n string) { a.record("details " + n) },
		OpenSettings: func() { a.record("settings") },
		About:        func() { a.record("about") },
		Quit:         func() { a.record("quit") },
	}
}

var start = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) // a Friday

func newTray(r *recorder, s *snoozer, a *actions, clk clock.Clock) *Tray {
	return New(nil, s, r, a.Actions(), clk)
}

// find returns the item with this label, at any depth.
func find(t *testing.T, items []Item, label string) Item {
	t.Helper()
	if it, ok := lookup(items, label); ok {
		return it
	}
	t.Fatalf("no item %q in %q", label, labels(items))
	return Item{}
}

func lookup(items []Item, label string) (Item, bool) {
	for _, it := range items {
		if it.Label == label && !it.Separator {
			return it, true
		}
		if c, ok := lookup(it.Children, label); ok {
			return c, true
		}
	}
	return Item{}, false
}

// submenu returns the children of the item with this label.
func submenu(t *testing.T, items []Item, label string) []Item {
	t.Helper()
	it := find(t, items, label)
	if len(it.Children) == 0 {
		t.Fatalf("%q has no submenu", label)
	}
	return it.Children
}

func TestRenderSetsOnlyWhatChanged(t *testing.T) {
	r, a := &recorder{}, &actions{}
	tr := newTray(r, &snoozer{}, a, clock.NewFake(start))
	snap := snapshot(svc("A", status.Up, "", 5*time.Millisecond), svc("B", status.Up, "", 5*time.Millisecond))
	tr.Render(snap)
	tr.Render(snap)
	if len(r.menus) != 1 || len(r.icons) != 1 || len(r.tooltips) != 1 {
		t.Fatalf("same snapshot twice set menu %d, icon %d, tooltip %d times; want 1 each", len(r.menus), len(r.icons), len(r.tooltips))
	}
	snap.Services[1] = svc("B", status.Down, "connect: connection refused", 0)
	snap.Overall = status.Down
	tr.Render(snap)
	if len(r.menus) != 2 || !slices.Equal(r.icons, []status.Status{status.Up, status.Down}) {
		t.Fatalf("after B went down: %d menus, icons %v", len(r.menus), r.icons)
	}
	if !slices.Equal(r.tooltips, []string{"Uptray — All 2 services up", "Uptray — 1 of 2 down: B"}) {
		t.Fatalf("tooltips = %q", r.tooltips)
	}
	got := labels(r.menus[1])
	want := []string{"1 of 2 down: B", "---",
		"B — Down: connect: connection refused", "[", LabelCheckNow, LabelDetails, "]",
		"A — Up, 5 ms", "[", LabelCheckNow, LabelDetails, "]", "---",
		LabelCheckAll, LabelPause, "[", LabelHour, LabelTomorrow, LabelForever, "]", "---", LabelSettings, LabelAbout, LabelQuit}
	if !slices.Equal(got, want) {
		t.Fatalf("menu = %q\nwant   %q", got, want)
	}
	if summary := r.menus[1][0]; !summary.Disabled || summary.Action != nil {
		t.Errorf("the summary line is %+v, want disabled with no action", summary)
	}
	find(t, submenu(t, r.menus[1], "B — Down: connect: connection refused"), LabelCheckNow).Action()
	find(t, r.menus[1], LabelCheckAll).Action()
	find(t, r.menus[1], LabelSettings).Action()
	find(t, r.menus[1], LabelAbout).Action()
	if !slices.Equal(a.did, []string{"check B", "check all", "settings", "about"}) {
		t.Fatalf("actions: %q", a.did)
	}
}

func TestQuitIsLast(t *testing.T) {
	r, a := &recorder{}, &actions{}
	tr := newTray(r, &snoozer{}, a, clock.NewFake(start))
	for _, snap := range []status.Snapshot{{}, snapshot(svc("A", status.Down, "x", 0))} {
		tr.Render(snap)
		menu := r.last()
		quit := menu[len(menu)-1]
		if quit.Label != LabelQuit || quit.Disabled || quit.Action == nil || !menu[len(menu)-4].Separator {
			t.Fatalf("menu ends %q, want a separator, Settings…, About Uptray and an enabled Quit", labels(menu[len(menu)-4:]))
		}
		quit.Action()
	}
	if !slices.Equal(a.did, []string{"quit", "quit"}) {
		t.Fatalf("actions: %q", a.did)
	}
}

func TestMenuGroupsSnoozeAndFallback(t *testing.T) {
	r, a := &recorder{}, &actions{}
	tr := newTray(r, &snoozer{until: start.Add(time.Hour), on: true}, a, clock.NewFake(start))
	m := svc("Mail", status.Up, "", time.Millisecond)
	b := svc("Payments", status.Up, "", time.Millisecond)
	b.Group, b.Kind, b.Target, b.Fallback = "Money", "http", "https://pay.example", "Use cash"
	c := svc("Wiki", status.Up, "", time.Millisecond)
	c.Group = "Docs"
	tr.Render(snapshot(b, m, c))
	got := labels(r.menus[0])
	want := []string{"All 3 services up", "---",
		"Mail — Up, 1 ms", "[", LabelCheckNow, LabelDetails, "]", "---",
		"Money", "Payments — Up, 1 ms", "[", LabelCheckNow, LabelOpen, LabelDetails, "]", "---",
		"Docs", "Wiki — Up, 1 ms", "[", LabelCheckNow, LabelDetails, "]", "---",
		LabelCheckAll, LabelResume + " (paused until 11:00)", "---", LabelSettings, LabelAbout, LabelQuit}
	if !slices.Equal(got, want) {
		t.Fatalf("menu = %q\nwant   %q", got, want)
	}
	if money := find(t, r.menus[0], "Money"); !money.Disabled {
		t.Error("a group's heading is not disabled")
	}
	// Down: what to do instead shows right under the service, in normal text.
	b.Status, b.Last = status.Down, status.Result{Status: status.Down, Reason: "HTTP 503 (want 200)"}
	tr.Render(snapshot(b, m, c))
	menu := r.menus[1]
	i := slices.IndexFunc(menu, func(it Item) bool { return it.Label == "Payments — Down: HTTP 503 (want 200)" })
	if i < 0 || menu[i+1].Label != "      Instead: Use cash" {
		t.Fatalf("menu = %q, want the fallback under the down service", labels(menu))
	}
	if instead := menu[i+1]; instead.Disabled || instead.Action == nil || len(instead.Children) > 0 {
		t.Errorf("the fallback line is %+v, want enabled (normal text), opening the details", instead)
	} else {
		instead.Action()
		if !slices.Equal(a.did, []string{"details Payments"}) {
			t.Errorf("clicking the fallback line did %q, want the service's details", a.did)
		}
	}
	// The group with a service down comes first, before the ungrouped services.
	if got := labels(menu)[2:4]; !slices.Equal(got, []string{"Money", "Payments — Down: HTTP 503 (want 200)"}) {
		t.Errorf("menu = %q, want the Money group with the down Payments first", labels(menu))
	}
}

func TestDownFirstThenDegradedThenTheRest(t *testing.T) {
	r := &recorder{}
	tr := newTray(r, &snoozer{}, &actions{}, clock.NewFake(start))
	a := svc("A", status.Up, "", time.Millisecond)
	b := svc("B", status.Degraded, "slow", 0)
	c := svc("C", status.Down, "timeout", 0)
	d := svc("D", status.Up, "", time.Millisecond)
	e := svc("E", status.Down, "refused", 0)
	f := svc("F", status.Degraded, "slow", 0)
	f.Group = "Docs"
	g := svc("G", status.Up, "", time.Millisecond)
	g.Group = "Ops"
	tr.Render(snapshot(a, b, c, d, e, f, g))
	var rows []string
	for _, l := range labels(r.last()) {
		if name, _, ok := strings.Cut(l, " — "); ok {
			rows = append(rows, name)
		} else if l == "Docs" || l == "Ops" {
			rows = append(rows, "["+l+"]")
		}
	}
	// Ungrouped (worst: down) first, then Docs (degraded), then Ops; in each, down,
	// degraded, then the rest, each in config order.
	if want := []string{"C", "E", "B", "A", "D", "[Docs]", "F", "[Ops]", "G"}; !slices.Equal(rows, want) {
		t.Fatalf("rows %q, want %q", rows, want)
	}
}

func TestMenuInKorean(t *testing.T) {
	i18n.SetLanguage("ko")
	t.Cleanup(func() { i18n.SetLanguage("en") })
	r, a := &recorder{}, &actions{}
	tr := newTray(r, &snoozer{until: time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC), on: true}, a, clock.NewFake(start))
	pay := svc("Payments", status.Down, "HTTP 503 (want 200)", 0)
	pay.Fallback = "Use the card terminal"
	web := svc("Intranet", status.Up, "", 123*time.Millisecond)
	web.Kind = "http"
	tr.Render(snapshot(web, pay, svc("Wiki", status.Degraded, "slow: 2.3 s (max 2 s)", 0)))
	want := []string{"3개 중 1개 장애, 1개 성능 저하: Payments", "---",
		"Payments — 장애: HTTP 503 (기대값 200)", "[", "지금 확인", "상세 정보…", "]", // the reason too (i18n.Reason)
		"      대신 이용: Use the card terminal",
		"Wiki — 성능 저하: 느림: 2.3 s (최대 2 s)", "[", "지금 확인", "상세 정보…", "]",
		"Intranet — 정상, 120 ms", "[", "지금 확인", "브라우저에서 열기", "상세 정보…", "]", "---",
		"모두 지금 확인", "알림 다시 시작 (토 08:00까지 일시 중지)", "---", "설정…", "Uptray 정보", "종료"}
	if got := labels(r.last()); !slices.Equal(got, want) {
		t.Fatalf("menu = %q\nwant   %q", got, want)
	}
	if got := r.tooltips[len(r.tooltips)-1]; got != "Uptray — 3개 중 1개 장애, 1개 성능 저하: Payments" {
		t.Errorf("tooltip %q", got)
	}
	for _, c := range []struct {
		snap status.Snapshot
		want string
	}{
		{snapshot(web, web), "서비스 2개 모두 정상"},
		{snapshot(status.ServiceState{Name: "A"}, status.ServiceState{Name: "B"}), "서비스 2개 확인 중…"},
		{status.Snapshot{Services: []status.ServiceState{web}, Offline: true}, "오프라인 — 확인 일시 중지"},
		{snapshot(status.ServiceState{Name: "Mail", ConfigError: "x"}), "구성 오류 — 설정을 여세요"},
	} {
		if got := Summary(c.snap); got != c.want {
			t.Errorf("Summary = %q, want %q", got, c.want)
		}
	}
}

// Switching the language redraws the menu at once, with the same items (so the
// systray retitles them in place), and the tooltip with it.
func TestLanguageSwitchRedrawsTheSameShape(t *testing.T) {
	t.Cleanup(func() { i18n.SetLanguage("en") })
	eng := newEngine(snapshot(svc("A", status.Up, "", time.Millisecond), svc("B", status.Down, "timeout", 0)))
	r := &recorder{}
	tr := New(eng, &snoozer{}, r, (&actions{}).Actions(), clock.NewFake(start))
	tr.Refresh()
	en := r.last()
	i18n.SetLanguage("ko")
	tr.Refresh()
	if r.menuCount() != 2 {
		t.Fatalf("%d menus after a language switch, want 2", r.menuCount())
	}
	ko := r.last()
	if !sameShapeItems(en, ko) {
		t.Errorf("the Korean menu has another shape:\n%q\n%q", labels(en), labels(ko))
	}
	if got := labels(ko)[0]; got != "2개 중 1개 장애: B" {
		t.Errorf("summary %q", got)
	}
	if got := r.tooltips[len(r.tooltips)-1]; got != "Uptray — 2개 중 1개 장애: B" {
		t.Errorf("tooltip %q", got)
	}
}

// sameShapeItems: separators, items and submenus in the same places.
func sameShapeItems(a, b []Item) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Separator != b[i].Separator || len(a[i].Children) != len(b[i].Children) || !sameShapeItems(a[i].Children, b[i].Children) {
			return false
		}
	}
	return true
}

func TestDetailsAndOpenInEveryServiceSubmenu(t *testing.T) {
	r, a := &recorder{}, &actions{}
	tr := newTray(r, &snoozer{}, a, clock.NewFake(start))
	web := svc("Web", status.Up, "", time.Millisecond)
	web.Kind, web.Target = "http", "https://web.example/health"
	broken := status.ServiceState{Name: "Mail", ConfigError: "interval: is not a duration"}
	tr.Render(snapshot(web, svc("DNS", status.Down, "no answer", 0), broken))
	menu := r.menus[0]
	for _, row := range []string{"Web — Up, 1 ms", "DNS — Down: no answer", "Mail — Config error: interval: is not a duration — open Settings"} {
		sub := submenu(t, menu, row)
		if find(t, menu, row).Action != nil {
			t.Errorf("%q opens a submenu and has an action of its own too", row)
		}
		if last := sub[len(sub)-1]; last.Label != LabelDetails {
			t.Errorf("%q submenu = %q, want Details… last", row, labels(sub))
		}
		for _, it := range sub {
			it.Action()
		}
	}
	want := []string{"check Web", "open https://web.example/health", "details Web", "check DNS", "details DNS", "check Mail", "details Mail"}
	if !slices.Equal(a.did, want) {
		t.Fatalf("actions = %q\nwant      %q", a.did, want)
	}
}

func TestPauseSubmenuReadsTheClockWhenClicked(t *testing.T) {
	r, a := &recorder{}, &actions{}
	clk := clock.NewFake(start)
	tr := newTray(r, &snoozer{}, a, clk)
	tr.Render(snapshot(svc("A", status.Up, "", time.Millisecond)))
	pause := submenu(t, r.menus[0], LabelPause)
	if got := labels(pause); !slices.Equal(got, []string{LabelHour, LabelTomorrow, LabelForever}) {
		t.Fatalf("pause submenu = %q", got)
	}
	clk.Advance(3 * time.Hour) // the menu was built at 10:00, the click comes at 13:00
	for _, it := range pause {
		it.Action()
	}
	want := []time.Time{
		time.Date(2026, 11, 27, 14, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC),
		{},
	}
	if !slices.EqualFunc(a.snoozed, want, time.Time.Equal) {
		t.Fatalf("snoozed until %v, want %v", a.snoozed, want)
	}
}

func TestResumeSaysUntilWhen(t *testing.T) {
	cases := []struct {
		name  string
		until time.Time
		want  string
	}{
		{"today", start.Add(time.Hour), LabelResume + " (paused until 11:00)"},
		{"tomorrow", time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC), LabelResume + " (paused until Sat 08:00)"},
		{"until resumed", time.Time{}, LabelResume},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, a := &recorder{}, &actions{}
			tr := newTray(r, &snoozer{until: tc.until, on: true}, a, clock.NewFake(start))
			tr.Render(snapshot(svc("A", status.Up, "", time.Millisecond)))
			if _, ok := lookup(r.menus[0], LabelPause); ok {
				t.Fatal("a paused menu still offers Pause")
			}
			find(t, r.menus[0], tc.want).Action()
			if !slices.Equal(a.did, []string{"resume"}) {
				t.Fatalf("actions: %q", a.did)
			}
		})
	}
}

func TestSetNoticeShowsUnderTheSummary(t *testing.T) {
	r := &recorder{}
	tr := newTray(r, &snoozer{}, &actions{}, clock.NewFake(start))
	tr.Render(snapshot(svc("A", status.Up, "", time.Millisecond)))
	tr.SetNotice("Config error — open Settings")
	if got := labels(r.last())[:3]; !slices.Equal(got, []string{"The service is up", "Config error — open Settings", "---"}) {
		t.Fatalf("menu starts %q", got)
	}
	if !find(t, r.last(), "Config error — open Settings").Disabled {
		t.Error("the notice is clickable")
	}
	tr.SetNotice("")
	if got := labels(r.last())[:2]; !slices.Equal(got, []string{"The service is up", "---"}) {
		t.Fatalf("after clearing the notice the menu starts %q", got)
	}
}

func TestLatencyOnlyChangesWaitButStateChangesDoNot(t *testing.T) {
	r := &recorder{}
	clk := clock.NewFake(start)
	tr := newTray(r, &snoozer{}, &actions{}, clk)
	tr.Render(snapshot(svc("A", status.Up, "", 3*time.Millisecond)))
	tr.Render(snapshot(svc("A", status.Up, "", 4*time.Millisecond)))
	if len(r.menus) != 1 {
		t.Fatalf("a latency change rebuilt the menu at once (%d menus)", len(r.menus))
	}
	clk.Advance(latencyRefresh - time.Second)
	tr.Render(snapshot(svc("A", status.Up, "", 4*time.Millisecond)))
	if len(r.menus) != 1 {
		t.Fatalf("a latency change rebuilt the menu before %v", latencyRefresh)
	}
	clk.Advance(time.Second)
	tr.Render(snapshot(svc("A", status.Up, "", 4*time.Millisecond)))
	if len(r.menus) != 2 || labels(r.menus[1])[2] != "A — Up, 4 ms" {
		t.Fatalf("the latency was not shown after %v: %q", latencyRefresh, labels(r.last()))
	}
	tr.Render(snapshot(svc("A", status.Down, "connect: connection refused", 0)))
	if len(r.menus) != 3 {
		t.Fatal("a state change did not rebuild the menu at once")
	}
}

// engine is a fake Engine: a snapshot the test sets and an updates channel.
type engine struct {
	mu      sync.Mutex
	snap    status.Snapshot
	updates chan struct{}
	stopped chan struct{}
}

func newEngine(snap status.Snapshot) *engine {
	return &engine{snap: snap, updates: make(chan struct{}, 1), stopped: make(chan struct{})}
}

func (e *engine) Snapshot() status.Snapshot {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.snap
}

func (e *engine) Updates() (<-chan struct{}, func()) {
	return e.updates, func() { close(e.stopped) }
}

func (e *engine) set(snap status.Snapshot) {
	e.mu.Lock()
	e.snap = snap
	e.mu.Unlock()
	e.updates <- struct{}{}
}

// waitFor polls cond until it holds, failing the test after 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestRunFollowsTheEngineAndTheClockUntilCancelled(t *testing.T) {
	eng := newEngine(snapshot(svc("A", status.Up, "", time.Millisecond)))
	r, sn, clk := &recorder{}, &snoozer{}, clock.NewFake(start)
	tr := New(eng, sn, r, (&actions{}).Actions(), clk)
	tr.Refresh()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { tr.Run(ctx); close(done) }()

	eng.set(snapshot(svc("A", status.Down, "HTTP 503 (want 200)", 0)))
	waitFor(t, "the engine's change in the menu", func() bool { return r.menuCount() == 2 })
	if got := labels(r.last())[0]; got != "1 of 1 down: A" {
		t.Fatalf("summary = %q", got)
	}

	// No news from the engine, but a snooze began elsewhere: the 30 s refresh shows it.
	waitFor(t, "Run's timer", func() bool { _, ok := clk.NextDue(); return ok })
	sn.set(start.Add(2*time.Hour), true)
	clk.Advance(refreshEvery)
	waitFor(t, "the timed refresh", func() bool { return r.menuCount() == 3 })
	if _, ok := lookup(r.last(), LabelResume+" (paused until 12:00)"); !ok {
		t.Fatalf("menu = %q, want the resume line", labels(r.last()))
	}

	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	select {
	case <-eng.stopped:
	default:
		t.Fatal("Run did not stop its engine subscription")
	}
	if _, ok := clk.NextDue(); ok {
		t.Fatal("Run left its timer armed")
	}
}

func TestRendersFromManyGoroutines(t *testing.T) {
	eng := newEngine(snapshot(svc("A", status.Up, "", time.Millisecond)))
	r := &recorder{}
	tr := New(eng, &snoozer{}, r, Actions{}, clock.NewFake(start))
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				switch (i + j) % 3 {
				case 0:
					tr.Refresh()
				case 1:
					tr.SetNotice(strings.Repeat("n", j%2))
				default:
					tr.Render(snapshot(svc("A", status.Status(j%4), "x", 0)))
				}
			}
		}()
	}
	wg.Wait()
	if r.menuCount() == 0 {
		t.Fatal("no menu drawn")
	}
}

func TestUnsetActionsDoNothingAndDetailsOpensSettings(t *testing.T) {
	r := &recorder{}
	settings := 0
	tr := New(nil, &snoozer{}, r, Actions{OpenSettings: func() { settings++ }}) // the real clock
	web := svc("Web", status.Up, "", time.Millisecond)
	web.Kind = "http"
	tr.Render(snapshot(web))
	var click func([]Item)
	click = func(items []Item) {
		for _, it := range items {
			if it.Action != nil {
				it.Action()
			}
			click(it.Children)
		}
	}
	click(r.last())
	if settings != 2 { // Settings… and Details…
		t.Fatalf("OpenSettings ran %d times, want 2 (Settings… and Details… without a Details action)", settings)
	}
}

func TestStateIconsAreDistinctPNGs(t *testing.T) {
	seen := map[string]bool{}
	for _, st := range []status.Status{status.Up, status.Degraded, status.Down, status.Unknown} {
		b := assets.StateIcon(st)
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%v icon is not a PNG: %v", st, err)
		}
		if img.Bounds().Dx() < 64 {
			t.Fatalf("%v icon is %d px wide, want at least 64", st, img.Bounds().Dx())
		}
		seen[string(b)] = true
	}
	if len(seen) != 4 {
		t.Fatalf("%d distinct icons, want 4", len(seen))
	}
	if !bytes.Equal(assets.StateIcon(status.Offline), assets.StateIcon(status.Unknown)) ||
		!bytes.Equal(assets.StateIcon(status.Paused), assets.StateIcon(status.Unknown)) {
		t.Fatal("Offline and Paused must show the grey icon")
	}
}

func TestDiagnosticsHaveStatesNotTargets(t *testing.T) {
	pay := svc("Payments", status.Down, "HTTP 503 (want 200)", 0)
	pay.Target = "https://user:secret@pay.example/health"
	got := Diagnostics("Uptray 1.0 linux/amd64", snapshot(pay, svc("Mail", status.Up, "", time.Millisecond)))
	for _, want := range []string{"Uptray 1.0 linux/amd64", "Overall: Down — 1 of 2 down", "- Payments [tcp] Down", "HTTP 503 (want 200)", "- Mail [tcp] Up"} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "secret") || strings.Contains(got, "pay.example") {
		t.Errorf("diagnostics leak a target:\n%s", got)
	}
}

// A service the loader kept although it is broken: the engine hands its problem on in
// config's English; the row says it in Korean, the values as written.
func TestConfigErrorRowInKorean(t *testing.T) {
	const english = `interval: "5" is not a duration (try "30s")`
	broken := status.ServiceState{Name: "Mail", Status: status.Unknown, ConfigError: english}
	if got, want := ServiceLabel(broken), `Mail — Config error: `+english+` — open Settings`; got != want {
		t.Errorf("English row = %q, want %q", got, want)
	}
	i18n.SetLanguage("ko")
	t.Cleanup(func() { i18n.SetLanguage("en") })
	want := `Mail — 구성 오류: interval: "5"은(는) 기간이 아닙니다 (예: "30s") — 설정을 여세요`
	if got := ServiceLabel(broken); got != want {
		t.Errorf("Korean row = %q, want %q", got, want)
	}
	r := &recorder{}
	tr := newTray(r, &snoozer{}, &actions{}, clock.NewFake(start))
	tr.Render(snapshot(svc("Intranet", status.Up, "", 123*time.Millisecond), broken))
	if got := labels(r.last()); !slices.Contains(got, want) {
		t.Errorf("the menu has no Korean config-error row:\n%q", got)
	}
	// Text that is none of config's problems stays as it is.
	other := broken
	other.ConfigError = "colour: something odd"
	if got := ServiceLabel(other); !strings.Contains(got, "colour: something odd") {
		t.Errorf("row = %q", got)
	}
}

// BenchmarkRenderAfterACheck is what the tray does after each check of 50 services
// whose state did not change: it runs ~50 times a minute all day.
func BenchmarkRenderAfterACheck(b *testing.B) {
	var services []status.ServiceState
	for i := range 50 {
		services = append(services, svc(fmt.Sprintf("Service %02d", i), status.Up, "", time.Duration(i)*time.Millisecond))
	}
	tr := newTray(&recorder{}, &snoozer{}, &actions{}, clock.NewFake(start))
	snap := snapshot(services...)
	tr.Render(snap)
	b.ReportAllocs()
	for b.Loop() {
		tr.Render(snap)
	}
}
