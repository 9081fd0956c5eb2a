package tray

import (
	"bytes"
	"image/png"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/uptray/uptray/assets"
	"github.com/uptray/uptray/internal/monitor"
	"github.com/uptray/uptray/internal/status"
)

func svc(name string, st status.Status, reason string, latency time.Duration) monitor.ServiceState {
	return monitor.ServiceState{Name: name, Kind: "tcp", Status: st, Checks: 1,
		Last: status.Result{Status: st, Reason: reason, Latency: latency}}
}

func snapshot(services ...monitor.ServiceState) monitor.Snapshot {
	all := make([]status.Status, len(services))
	for i, s := range services {
		all[i] = s.Status
	}
	return monitor.Snapshot{Services: services, Overall: status.Worst(all...)}
}

func TestSummaryAndTooltip(t *testing.T) {
	up := svc("Intranet", status.Up, "", 120*time.Millisecond)
	pay := svc("Payments", status.Down, "HTTP 503 (want 200)", 0)
	mail := svc("Mail", status.Down, "connect: connection refused", 0)
	slow := svc("Wiki", status.Degraded, "slow: 2.3 s (max 2 s)", 0)
	broken := monitor.ServiceState{Name: "Mail", ConfigError: "interval: is not a duration"}
	cases := []struct {
		name    string
		snap    monitor.Snapshot
		summary string
		tooltip string
	}{
		{"all up", snapshot(up, up, up), "All 3 services up", "Uptray — All 3 services up"},
		{"two down", snapshot(pay, up, mail), "2 of 3 down", "Uptray — 2 of 3 down: Payments, Mail"},
		{"degraded", snapshot(up, slow), "1 of 2 degraded", "Uptray — 1 of 2 degraded"},
		{"down and degraded", snapshot(pay, slow), "1 of 2 down, 1 degraded", "Uptray — 1 of 2 down, 1 degraded: Payments"},
		{"offline", monitor.Snapshot{Services: []monitor.ServiceState{up}, Offline: true, Overall: status.Offline}, "Offline — checks paused", "Uptray — Offline — checks paused"},
		{"a config error", snapshot(up, broken), "The service is up, 1 config error", "Uptray — The service is up, 1 config error"},
		{"only config errors", snapshot(broken), "Config error — open Settings", "Uptray — Config error — open Settings"},
		{"empty", monitor.Snapshot{}, "No services configured", "Uptray — No services configured"},
		{"nothing checked", snapshot(monitor.ServiceState{Name: "A"}, monitor.ServiceState{Name: "B"}), "Checking 2 services…", "Uptray — Checking 2 services…"},
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
		in   monitor.ServiceState
		want string
	}{
		{svc("Payments", status.Down, "HTTP 503 (want 200)", 0), "Payments — Down: HTTP 503 (want 200)"},
		{svc("Intranet", status.Up, "", 123*time.Millisecond), "Intranet — Up, 120 ms"},
		{svc("Fast", status.Up, "", 7*time.Millisecond), "Fast — Up, 7 ms"},
		{svc("Slow", status.Up, "", 2340*time.Millisecond), "Slow — Up, 2.3 s"},
		{monitor.ServiceState{Name: "New"}, "New — Checking…"},
		{rechecking, "Pay — Up, re-checking: HTTP 503 (want 200)"},
		{offline, "Pay — Not checked — offline"},
		{monitor.ServiceState{Name: "Never", Status: status.Offline}, "Never — Not checked — offline"},
		{monitor.ServiceState{Name: "Mail", ConfigError: `interval: "5" is not a duration`},
			`Mail — Config error: interval: "5" is not a duration — open Settings`},
		{svc("Long", status.Down, strings.Repeat("x", 200), 0), "Long — Down: " + strings.Repeat("x", maxReason-1) + "…"},
	}
	for _, tc := range cases {
		if got := ServiceLabel(tc.in); got != tc.want {
			t.Errorf("ServiceLabel(%s) = %q, want %q", tc.in.Name, got, tc.want)
		}
	}
}

type recorder struct {
	menus    []*fyne.Menu
	icons    []string
	tooltips []string
}

func (r *recorder) SetMenu(m *fyne.Menu)    { r.menus = append(r.menus, m) }
func (r *recorder) SetIcon(i fyne.Resource) { r.icons = append(r.icons, i.Name()) }
func (r *recorder) SetTooltip(s string)     { r.tooltips = append(r.tooltips, s) }

type snoozer struct {
	until time.Time
	on    bool
}

func (s *snoozer) SnoozedUntil() (time.Time, bool) { return s.until, s.on }

type actions struct {
	checked []string
	snooze  []time.Time
	quit    int
}

func newTray(r *recorder, s *snoozer, a *actions) *Tray {
	tr := New(nil, s, r, Actions{
		CheckNow: func(n string) { a.checked = append(a.checked, n) },
		CheckAll: func() { a.checked = append(a.checked, "*") },
		Snooze:   func(u time.Time) { a.snooze = append(a.snooze, u) },
		Resume:   func() {}, OpenURL: func(string) {}, OpenSettings: func() {}, About: func() {},
		Quit: func() { a.quit++ },
	})
	tr.now = func() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) }
	return tr
}

func find(t *testing.T, m *fyne.Menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, it := range m.Items {
		if it.Label == label {
			return it
		}
		if it.ChildMenu != nil {
			for _, c := range it.ChildMenu.Items {
				if c.Label == label {
					return c
				}
			}
		}
	}
	t.Fatalf("no item %q in %q", label, labels(m))
	return nil
}

func TestRenderSetsOnlyWhatChanged(t *testing.T) {
	test.NewTempApp(t)
	r, a := &recorder{}, &actions{}
	tr := newTray(r, &snoozer{}, a)
	snap := snapshot(svc("A", status.Up, "", 5*time.Millisecond), svc("B", status.Up, "", 5*time.Millisecond))
	tr.Render(snap)
	tr.Render(snap)
	if len(r.menus) != 1 || len(r.icons) != 1 || len(r.tooltips) != 1 {
		t.Fatalf("same snapshot twice set menu %d, icon %d, tooltip %d times; want 1 each", len(r.menus), len(r.icons), len(r.tooltips))
	}
	snap.Services[1] = svc("B", status.Down, "connect: connection refused", 0)
	snap.Overall = status.Down
	tr.Render(snap)
	if len(r.menus) != 2 || !slices.Equal(r.icons, []string{"uptray-Up.png", "uptray-Down.png"}) {
		t.Fatalf("after B went down: %d menus, icons %v", len(r.menus), r.icons)
	}
	got := labels(r.menus[1])
	want := []string{"1 of 2 down", "---", "A — Up, 5 ms", "B — Down: connect: connection refused", "---",
		LabelCheckAll, LabelPause, "[", LabelHour, LabelTomorrow, LabelForever, "]", "---", LabelSettings, LabelAbout, LabelQuit}
	if !slices.Equal(got, want) {
		t.Fatalf("menu = %q\nwant   %q", got, want)
	}
	find(t, r.menus[1], "B — Down: connect: connection refused").Action()
	find(t, r.menus[1], LabelCheckAll).Action()
	find(t, r.menus[1], LabelHour).Action()
	if !slices.Equal(a.checked, []string{"B", "*"}) || len(a.snooze) != 1 || !a.snooze[0].Equal(tr.now().Add(time.Hour)) {
		t.Fatalf("actions: checked %v, snooze %v", a.checked, a.snooze)
	}
	if q := find(t, r.menus[1], LabelQuit); !q.IsQuit {
		t.Fatal("Quit item is not marked IsQuit")
	}
}

func TestMenuGroupsAndSnooze(t *testing.T) {
	test.NewTempApp(t)
	r := &recorder{}
	tr := newTray(r, &snoozer{until: time.Date(2026, 11, 27, 11, 0, 0, 0, time.UTC), on: true}, &actions{})
	a := svc("Mail", status.Up, "", time.Millisecond)
	b := svc("Payments", status.Up, "", time.Millisecond)
	b.Group, b.Kind, b.Target, b.Fallback = "Money", "http", "https://pay.example", "Use cash"
	tr.Render(snapshot(b, a))
	got := labels(r.menus[0])
	want := []string{"All 2 services up", "---", "Mail — Up, 1 ms", "---", "Money",
		"Payments — Up, 1 ms", "[", LabelCheckNow, LabelOpen, "]", "---",
		LabelCheckAll, LabelResume + " (paused until 11:00)", "---", LabelSettings, LabelAbout, LabelQuit}
	if !slices.Equal(got, want) {
		t.Fatalf("menu = %q\nwant   %q", got, want)
	}
	// Down: what to do instead shows right under the service.
	b.Status, b.Last = status.Down, status.Result{Status: status.Down, Reason: "HTTP 503 (want 200)"}
	tr.Render(snapshot(b, a))
	got = labels(r.menus[1])
	if i := slices.Index(got, "Payments — Down: HTTP 503 (want 200)"); i < 0 || got[i+5] != "      Instead: Use cash" {
		t.Fatalf("menu = %q, want the fallback under the down service", got)
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

func TestLatencyOnlyChangesWaitButStateChangesDoNot(t *testing.T) {
	test.NewTempApp(t)
	r := &recorder{}
	tr := newTray(r, &snoozer{}, &actions{})
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	tr.now = func() time.Time { return now }
	tr.Render(snapshot(svc("A", status.Up, "", 3*time.Millisecond)))
	tr.Render(snapshot(svc("A", status.Up, "", 4*time.Millisecond)))
	if len(r.menus) != 1 {
		t.Fatalf("a latency change rebuilt the menu at once (%d menus)", len(r.menus))
	}
	now = now.Add(latencyRefresh)
	tr.Render(snapshot(svc("A", status.Up, "", 4*time.Millisecond)))
	if len(r.menus) != 2 || labels(r.menus[1])[2] != "A — Up, 4 ms" {
		t.Fatalf("the latency was not shown after %v", latencyRefresh)
	}
	tr.Render(snapshot(svc("A", status.Down, "connect: connection refused", 0)))
	if len(r.menus) != 3 {
		t.Fatal("a state change did not rebuild the menu at once")
	}
}
