package ui

import (
	"context"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/store"
)

// detailsNow is the end of the recorded history: a Thursday before noon.
var detailsNow = time.Date(2026, 3, 12, 10, 54, 0, 0, time.Local)

// detailsHistoryFile records eight days of Payments in a real history file: checked
// every 5 minutes, down for 40 minutes two days ago, this computer offline for two
// hours 30 hours ago, and down again for the last 15 minutes.
func detailsHistoryFile(t testing.TB) (string, *clock.Fake) {
	t.Helper()
	start := detailsNow.Add(-8 * 24 * time.Hour)
	clk := clock.NewFake(start)
	path := filepath.Join(t.TempDir(), "history.db")
	st, rec, err := store.Open(context.Background(), path, store.Options{Clock: clk})
	if err != nil || rec != nil {
		t.Fatalf("store.Open: %v, %v", err, rec)
	}
	r := store.NewRecorder(st, store.RecorderOptions{Clock: clk})
	const svc = "Payments"
	down1, up1 := detailsNow.Add(-48*time.Hour), detailsNow.Add(-48*time.Hour+40*time.Minute)
	off, on := detailsNow.Add(-30*time.Hour), detailsNow.Add(-28*time.Hour)
	down2 := detailsNow.Add(-15 * time.Minute)
	trans := func(svc string, from, to status.Status, reason string) {
		r.RecordTransition(status.Transition{Service: svc, From: from, To: to, Reason: reason, At: clk.Now()})
	}
	trans(svc, status.Unknown, status.Up, "")
	state, offline := status.Up, false
	for i := 0; clk.Now().Before(detailsNow); i++ {
		now := clk.Now()
		switch {
		case !now.Before(down1) && now.Before(up1) && state == status.Up:
			trans(svc, status.Up, status.Down, "connect: connection refused")
			state = status.Down
		case !now.Before(up1) && now.Before(down2) && state == status.Down:
			trans(svc, status.Down, status.Up, "")
			state = status.Up
		case !now.Before(off) && now.Before(on) && !offline:
			trans("", status.Up, status.Offline, "no route to the internet")
			offline = true
		case !now.Before(on) && offline:
			trans("", status.Offline, status.Up, "")
			offline = false
		case !now.Before(down2) && state == status.Up:
			trans(svc, status.Up, status.Down, "HTTP 503 (want 200)")
			state = status.Down
		}
		if !offline {
			res := status.Result{Status: state, At: now, Reason: "HTTP 503 (want 200)"}
			if state == status.Up {
				h := float64(now.Hour()) + float64(now.Minute())/60
				ms := 110 + 45*math.Sin(h/24*2*math.Pi) + float64(i%7)*6
				if now.Hour() == 14 && now.Weekday() == time.Tuesday {
					ms += 500 // a slow hour
				}
				res = status.Result{Status: status.Up, At: now, Latency: time.Duration(ms * float64(time.Millisecond))}
			}
			r.RecordResult(svc, res)
		}
		clk.Advance(5 * time.Minute)
	}
	clk.Set(detailsNow)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return path, clk
}

// detailsQueue stands in for fyne.Do: work from goroutines runs when waitFor pumps it.
type detailsQueue struct {
	mu  sync.Mutex
	fns []func()
}

func (q *detailsQueue) do(f func()) {
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
}

func (q *detailsQueue) waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		q.mu.Lock()
		fns := q.fns
		q.fns = nil
		q.mu.Unlock()
		for _, f := range fns {
			f()
		}
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

type detailsCalls struct {
	mu                    sync.Mutex
	checked, edited, open []string
}

func (c *detailsCalls) add(list *[]string, s string) {
	c.mu.Lock()
	*list = append(*list, s)
	c.mu.Unlock()
}

func paymentsDown() status.Snapshot {
	return status.Snapshot{At: detailsNow, Overall: status.Down, Services: []status.ServiceState{
		{Name: "Intranet", Kind: "tcp", Target: "intranet:443", Status: status.Up},
		{Name: "Payments", Kind: "http", Target: "https://user:secret@pay.example.com/health", Critical: true,
			Fallback: "Use the offline card terminal", Status: status.Down, Since: detailsNow.Add(-15 * time.Minute),
			Last:   status.Result{Status: status.Down, Reason: "HTTP 503 (want 200)", At: detailsNow.Add(-40 * time.Second)},
			Checks: 2304},
	}}
}

// newTestDetails opens the details of Payments over a real history file.
func newTestDetails(t testing.TB, snap status.Snapshot) (*Details, *detailsQueue, *detailsCalls) {
	t.Helper()
	path, clk := detailsHistoryFile(t)
	q := &detailsQueue{}
	calls := &detailsCalls{}
	d := NewDetails(fyne.CurrentApp(), DetailsDeps{
		History:  func() (*store.Reader, error) { return store.OpenReader(path, clk) },
		Snapshot: func() status.Snapshot { return snap },
		CheckNow: func(n string) { calls.add(&calls.checked, n) },
		Edit:     func(n string) { calls.add(&calls.edited, n) },
		OpenURL:  func(u string) { calls.add(&calls.open, u) },
		Now:      func() time.Time { return detailsNow },
	})
	d.do = q.do
	t.Cleanup(d.Close)
	d.Show("Payments")
	q.waitFor(t, "the history", func() bool { return d.uptime[3].Text != "…" })
	return d, q, calls
}

func TestDetailsHeaderSaysSinceWhenAndWhatInstead(t *testing.T) {
	test.NewTempApp(t)
	d, _, _ := newTestDetails(t, paymentsDown())
	since := detailsNow.Add(-15 * time.Minute).Format("15:04")
	if got, want := d.headline.Text, "Down for 15 min, since "+since; got != want {
		t.Errorf("headline = %q, want %q", got, want)
	}
	if d.headline.Importance != widget.DangerImportance {
		t.Errorf("headline importance = %v, want danger (red)", d.headline.Importance)
	}
	if d.title.Text != "Payments" || d.win.Title() != "Uptray — Payments" {
		t.Errorf("title %q, window %q", d.title.Text, d.win.Title())
	}
	if got, want := d.reason.String(), "HTTP 503 (want 200)  ·  last check "+detailsNow.Add(-40*time.Second).Format("15:04"); got != want || !d.reason.Visible() {
		t.Errorf("reason = %q, want %q", got, want)
	}
	if got, want := d.fallback.Text, "Instead: Use the offline card terminal"; got != want || !d.fallback.Visible() {
		t.Errorf("fallback = %q (visible %v), want %q", got, d.fallback.Visible(), want)
	}
	if d.fallback.SizeName != theme.SizeNameSubHeadingText {
		t.Errorf("the fallback is not in large type")
	}
	// The shape as well as the colour: the tray's red cross.
	if d.icon.Resource == nil || d.icon.Resource.Name() != "down-128.png" {
		t.Errorf("icon = %v, want the Down icon", d.icon.Resource)
	}

	// Up again, the fallback goes; offline, nothing is claimed.
	snap := paymentsDown()
	snap.Services[1].Status, snap.Services[1].Since = status.Up, detailsNow.Add(-3*time.Hour-5*time.Minute)
	snap.Services[1].Last = status.Result{Status: status.Up, Latency: 120 * time.Millisecond, At: detailsNow}
	d.applySnapshot(snap)
	if got := d.headline.Text; got != "Up for 3 h 5 min, since "+detailsNow.Add(-3*time.Hour-5*time.Minute).Format("15:04") {
		t.Errorf("headline = %q", got)
	}
	if d.fallback.Visible() || d.reason.String() != "last check "+detailsNow.Format("15:04")+", 120 ms" || d.icon.Resource.Name() != "up-128.png" {
		t.Errorf("up: fallback %v, reason %q, icon %s", d.fallback.Visible(), d.reason.String(), d.icon.Resource.Name())
	}
	snap.Offline = true
	d.applySnapshot(snap)
	if got := d.headline.Text; got != "Not checked — this computer is offline" || d.icon.Resource.Name() != "unknown-128.png" {
		t.Errorf("offline headline = %q, icon %s", got, d.icon.Resource.Name())
	}
}

func TestDetailsUptime(t *testing.T) {
	test.NewTempApp(t)
	d, _, _ := newTestDetails(t, paymentsDown())
	// 24 h: down 15 of 1440 min. 7 d: 10,080 min less 120 offline, 55 down. 30 and
	// 90 d: only the 8 days recorded (11,520 min less 120), 55 down.
	want := []string{"98.95 %", "99.44 %", "99.51 %", "99.51 %"}
	for i, w := range want {
		if got := d.uptime[i].Text; got != w {
			t.Errorf("uptime %s = %q, want %q", detailRanges[i].label(), got, w)
		}
	}
	if d.note.Visible() {
		t.Errorf("note shown: %q", d.note.String())
	}
	for in, want := range map[float64]string{1: "100 %", 0.99999: "99.99 %", 0.9995: "99.95 %", 0: "0.00 %"} {
		if got := uptimeText(in); got != want {
			t.Errorf("uptimeText(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestDetailsWithoutHistory(t *testing.T) {
	test.NewTempApp(t)
	q := &detailsQueue{}
	d := NewDetails(fyne.CurrentApp(), DetailsDeps{Snapshot: paymentsDown, Now: func() time.Time { return detailsNow }})
	d.do = q.do
	t.Cleanup(d.Close)
	d.Show("Payments")
	q.waitFor(t, "the note", func() bool { return d.note.Visible() })
	if d.note.String() != "No history yet: it is kept from the next start of Uptray." {
		t.Errorf("note = %q", d.note.String())
	}
	for i, l := range d.uptime {
		if l.Text != "—" {
			t.Errorf("uptime %d = %q, want —", i, l.Text)
		}
	}
	if len(d.events) != 0 || !d.noEvents.Visible() {
		t.Errorf("events %v", d.events)
	}
}

func TestDetailsEventsNewestFirstWithDurations(t *testing.T) {
	test.NewTempApp(t)
	d, _, _ := newTestDetails(t, paymentsDown())
	type row struct{ what, dur, reason string }
	want := []row{
		{"Down", "15 min", "HTTP 503 (want 200)"},
		{"This computer offline", "2 h", "no route to the internet"},
		{"Back up", "47 h 5 min", ""},
		{"Down", "40 min", "connect: connection refused"},
		{"Up", "6 d", ""},
	}
	if len(d.events) != len(want) {
		t.Fatalf("events = %+v", d.events)
	}
	for i, w := range want {
		o := d.makeEventRow()
		d.updateEventRow(i, o)
		var got row
		got.what, got.dur, got.reason = eventCell(o, 1).String(), eventCell(o, 2).String(), eventCell(o, 3).String()
		if got != w {
			t.Errorf("row %d = %+v, want %+v", i, got, w)
		}
		if c := eventCell(o, 1).Segments[0].(*widget.TextSegment).Style.ColorName; i == 0 && c != theme.ColorNameError {
			t.Errorf("a Down row is not red")
		}
		mark := o.(*fyne.Container).Objects[1].(*fyne.Container).Objects[1].(*fyne.Container).Objects[0].(*canvas.Image)
		if i == 0 && mark.Resource.Name() != "down-32.png" {
			t.Errorf("a Down row's mark is %s", mark.Resource.Name())
		}
	}
	o := d.makeEventRow()
	d.updateEventRow(3, o)
	if got, want := eventCell(o, 0).String(), detailsNow.Add(-48*time.Hour).Format("Mon 2 Jan 15:04"); got != want {
		t.Errorf("when = %q, want %q", got, want)
	}
}

func TestDetailsChartShowsDownAndOffline(t *testing.T) {
	test.NewTempApp(t)
	d, q, _ := newTestDetails(t, paymentsDown())
	d.ranges.SetSelected("7 d")
	q.waitFor(t, "the 7-day chart", func() bool { return d.chart.data.To.Sub(d.chart.data.From) == 7*24*time.Hour })
	data := d.chart.data
	if len(data.Points) < 150 {
		t.Fatalf("%d points in 7 days", len(data.Points))
	}
	const w = 7 * 24 * 10 // 10 px an hour
	g := chartGeometry(data, w, 100)
	x := func(ago time.Duration) float32 { return w - float32(ago.Hours()*10) }
	var red, grey []chartBand
	for _, b := range g.Bands {
		if b.Offline {
			grey = append(grey, b)
		} else {
			red = append(red, b)
		}
	}
	if len(grey) != 1 || !chartNear(grey[0].X0, x(30*time.Hour)) || !chartNear(grey[0].X1, x(28*time.Hour)) {
		t.Errorf("grey bands = %+v, want one at %v–%v", grey, x(30*time.Hour), x(28*time.Hour))
	}
	if len(red) != 2 || !chartNear(red[0].X0, x(48*time.Hour)) || !chartNear(red[0].X1, x(48*time.Hour-40*time.Minute)) ||
		!chartNear(red[1].X0, x(15*time.Minute)) || !chartNear(red[1].X1, w) {
		t.Errorf("red bands = %+v", red)
	}
	if g.Max != time.Second { // the slow hour: 600-odd ms
		t.Errorf("Max = %v", g.Max)
	}
	// No bar where the laptop was offline.
	for _, b := range g.Bars {
		if b.X > grey[0].X0+1 && b.X+b.W < grey[0].X1-1 {
			t.Errorf("bar %+v inside the offline band", b)
		}
	}
}

func TestDetailsButtonsCallTheDeps(t *testing.T) {
	test.NewTempApp(t)
	d, _, calls := newTestDetails(t, paymentsDown())
	test.Tap(d.checkBtn)
	test.Tap(d.editBtn)
	test.Tap(d.openBtn)
	calls.mu.Lock()
	defer calls.mu.Unlock()
	if len(calls.checked) != 1 || calls.checked[0] != "Payments" {
		t.Errorf("CheckNow got %v", calls.checked)
	}
	if len(calls.edited) != 1 || calls.edited[0] != "Payments" {
		t.Errorf("Edit got %v", calls.edited)
	}
	if len(calls.open) != 1 || calls.open[0] != "https://pay.example.com/health" {
		t.Errorf("OpenURL got %v (the password must be left out)", calls.open)
	}
	// A tcp check has nothing to open.
	d.Show("Intranet")
	if d.openBtn.Visible() {
		t.Errorf("Open shown for a tcp check")
	}
}

func TestDetailsWindowIsReusedAndClosingHides(t *testing.T) {
	test.NewTempApp(t)
	d, q, _ := newTestDetails(t, paymentsDown())
	w := d.win
	hidden := 0
	d.SetOnHide(func() { hidden++ })
	d.Show("Intranet")
	if d.win != w || w.Title() != "Uptray — Intranet" {
		t.Errorf("a second window, or title %q", w.Title())
	}
	q.waitFor(t, "Intranet's history", func() bool { return d.note.String() == "No history of this service yet." })
	d.hide() // what the close button does (the test driver does not intercept Close)
	if hidden != 1 || d.stopPoll != nil {
		t.Errorf("onHide called %d times; poller %v", hidden, d.stopPoll)
	}
}

// TestDetailsScreenshot draws the window as a user sees it; UPTRAY_SHOTS=dir keeps
// details.png.
func TestDetailsScreenshot(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(detailsLightTheme{Theme()})
	d, q, _ := newTestDetails(t, paymentsDown())
	d.ranges.SetSelected("7 d")
	q.waitFor(t, "the 7-day chart", func() bool { return d.chart.data.To.Sub(d.chart.data.From) == 7*24*time.Hour })
	d.win.Resize(fyne.NewSize(820, 580))
	dir := os.Getenv("UPTRAY_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	f, err := os.Create(filepath.Join(dir, "details.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, d.win.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

type detailsLightTheme struct{ fyne.Theme }

func (l detailsLightTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return l.Theme.Color(n, theme.VariantLight)
}
