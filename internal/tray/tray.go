// Package tray is Uptray's face in the system tray: an icon for the overall state and
// a menu built from the engine's snapshot. It reads the engine through the small
// interfaces below and changes the UI only on Fyne's goroutine (fyne.Do).
package tray

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/systray"

	"github.com/uptray/uptray/assets"
	"github.com/uptray/uptray/internal/monitor"
	"github.com/uptray/uptray/internal/status"
)

// Engine is what the tray needs of the monitoring engine.
type Engine interface {
	Snapshot() monitor.Snapshot
	Updates() (<-chan struct{}, func())
}

// Snoozer is what the tray needs of the notification runner.
type Snoozer interface {
	SnoozedUntil() (time.Time, bool)
}

// Surface is where the tray draws: the desktop tray in the app, a recorder in tests.
type Surface interface {
	SetMenu(*fyne.Menu)
	SetIcon(fyne.Resource)
	SetTooltip(string)
}

// Tray keeps the tray icon and menu in step with the engine.
type Tray struct {
	engine  Engine
	snooze  Snoozer
	surface Surface
	actions Actions
	now     func() time.Time

	// Owned by the UI goroutine.
	notice      string
	shown       []string // labels of the menu on screen
	shownState  string   // the states and reasons behind them (see stateKey)
	shownAt     time.Time
	icon        status.Status
	iconSet     bool
	tooltip     string
	lastSnap    monitor.Snapshot
	renderCount int // menus built and set, for tests and the benchmark
}

// New makes a tray; call Render once on the UI goroutine, then Run.
func New(engine Engine, snooze Snoozer, surface Surface, actions Actions) *Tray {
	return &Tray{engine: engine, snooze: snooze, surface: surface, actions: actions, now: time.Now}
}

// Run re-renders whenever the engine signals a change, and every 30 s so time-based
// labels (a snooze ending) stay right, until ctx ends.
func (t *Tray) Run(ctx context.Context) {
	updates, stop := t.engine.Updates()
	defer stop()
	tick := time.NewTicker(30 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-updates:
			if !ok {
				return
			}
		case <-tick.C:
		}
		t.Refresh()
	}
}

// Refresh reads the engine now and renders on the UI goroutine. Safe from any goroutine.
func (t *Tray) Refresh() {
	snap := t.engine.Snapshot()
	fyne.Do(func() { t.Render(snap) })
}

// SetNotice shows an extra line under the summary ("Config error — open Settings");
// empty removes it. Call on the UI goroutine.
func (t *Tray) SetNotice(s string) {
	t.notice = s
	t.Render(t.lastSnap)
}

// Render updates icon, tooltip and menu from a snapshot, each only when it changed:
// rebuilding the tray menu is visible to the desktop, so it is not done per check.
// Call on the UI goroutine.
func (t *Tray) Render(snap monitor.Snapshot) {
	t.lastSnap = snap
	if !t.iconSet || snap.Overall != t.icon {
		t.surface.SetIcon(fyne.NewStaticResource(iconName(snap.Overall), assets.StateIcon(snap.Overall)))
		t.icon, t.iconSet = snap.Overall, true
	}
	if tip := Tooltip(snap); tip != t.tooltip {
		t.surface.SetTooltip(tip)
		t.tooltip = tip
	}
	st := menuState{notice: t.notice, now: t.now(), clock: t.now}
	st.snoozedUntil, st.snoozed = t.snooze.SnoozedUntil()
	menu := buildMenu(snap, st, t.actions)
	l, key := labels(menu), stateKey(snap, st)
	// A new state or reason shows at once; a label that only changed its latency waits
	// for latencyRefresh: a desktop redraws the whole tray menu on every change, and
	// loopback latencies wobble by a millisecond on every check.
	if !slices.Equal(l, t.shown) && (key != t.shownState || st.now.Sub(t.shownAt) >= latencyRefresh) {
		t.surface.SetMenu(menu)
		t.shown, t.shownState, t.shownAt = l, key, st.now
		t.renderCount++
	}
}

// latencyRefresh is how often a menu whose only change is latency is rebuilt.
const latencyRefresh = 30 * time.Second

// stateKey is everything the menu shows except latencies.
func stateKey(snap monitor.Snapshot, st menuState) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s|%v|%v|", Summary(snap), st.notice, st.snoozed, st.snoozedUntil)
	for _, svc := range snap.Services {
		fmt.Fprintf(&b, "%s|%s|%s|%v|%s|%s\n", svc.Name, svc.Group, svc.Kind, svc.Checks > 0, svc.Status, svc.Last.Status)
		if svc.Last.Status != status.Up {
			b.WriteString(svc.Last.Reason + "\n")
		}
	}
	return b.String()
}

func iconName(s status.Status) string { return "uptray-" + s.String() + ".png" }

// DesktopSurface draws on the system tray of a Fyne desktop app.
type DesktopSurface struct{ App desktop.App }

func (d DesktopSurface) SetMenu(m *fyne.Menu)    { d.App.SetSystemTrayMenu(m) }
func (d DesktopSurface) SetIcon(r fyne.Resource) { d.App.SetSystemTrayIcon(r) }
func (d DesktopSurface) SetTooltip(s string)     { systray.SetTooltip(s) }
