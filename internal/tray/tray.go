// Package tray is Uptray's face in the system tray: an icon for the overall state and
// a menu built from the engine's snapshot. The menu is plain data (Item); a Surface
// draws it: Systray (fyne.io/systray) in the resident process, a recorder in tests.
// The package sees the engine only through status types and the interfaces below.
package tray

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/status"
)

// Engine is what the tray needs of the monitoring engine.
type Engine interface {
	Snapshot() status.Snapshot
	Updates() (<-chan struct{}, func())
}

// Snoozer is what the tray needs of the notification runner.
type Snoozer interface {
	SnoozedUntil() (time.Time, bool)
}

// Surface is where the tray draws. The Tray calls it from one goroutine at a time.
type Surface interface {
	SetMenu([]Item)
	SetIcon(status.Status)
	SetTooltip(string)
}

// Tray keeps the tray icon and menu in step with the engine. Its methods are safe
// from any goroutine.
type Tray struct {
	engine  Engine
	snooze  Snoozer
	surface Surface
	actions Actions
	clock   clock.Clock

	mu         sync.Mutex // guards what follows, and serialises calls to surface
	notice     string
	shown      []string // labels of the menu on screen
	shownState string   // the states and reasons behind them (see stateKey)
	shownAt    time.Time
	icon       status.Status
	iconSet    bool
	tooltip    string
	lastSnap   status.Snapshot
}

// New makes a tray; call Render (or Refresh) once to draw it, then Run. clk is the
// clock (pass exactly one; none means the real clock — the parameter is variadic only
// until every caller passes one).
func New(engine Engine, snooze Snoozer, surface Surface, act Actions, clk ...clock.Clock) *Tray {
	var c clock.Clock = clock.Real{}
	if len(clk) > 0 && clk[0] != nil {
		c = clk[0]
	}
	return &Tray{engine: engine, snooze: snooze, surface: surface, actions: act.withDefaults(), clock: c}
}

// refreshEvery is how often Run re-renders without news from the engine, so that
// time-based labels (a snooze ending) and held-back latencies stay right.
const refreshEvery = 30 * time.Second

// Run re-renders whenever the engine signals a change, and every refreshEvery, until
// ctx ends or the engine closes its updates.
func (t *Tray) Run(ctx context.Context) {
	updates, stop := t.engine.Updates()
	defer stop()
	tick := t.clock.NewTimer(refreshEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-updates:
			if !ok {
				return
			}
		case <-tick.C():
			tick.Reset(refreshEvery)
		}
		t.Refresh()
	}
}

// Refresh reads the engine now and renders.
func (t *Tray) Refresh() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.renderLocked(t.engine.Snapshot())
}

// SetNotice shows an extra line under the summary ("Config error — open Settings");
// empty removes it.
func (t *Tray) SetNotice(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.notice = s
	t.renderLocked(t.lastSnap)
}

// Render updates icon, tooltip and menu from a snapshot, each only when it changed:
// rebuilding the tray menu is visible to the desktop, so it is not done per check.
func (t *Tray) Render(snap status.Snapshot) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.renderLocked(snap)
}

func (t *Tray) renderLocked(snap status.Snapshot) {
	t.lastSnap = snap
	if !t.iconSet || snap.Overall != t.icon {
		t.surface.SetIcon(snap.Overall)
		t.icon, t.iconSet = snap.Overall, true
	}
	if tip := Tooltip(snap); tip != t.tooltip {
		t.surface.SetTooltip(tip)
		t.tooltip = tip
	}
	st := menuState{notice: t.notice, now: t.clock.Now(), clock: t.clock.Now}
	st.snoozedUntil, st.snoozed = t.snooze.SnoozedUntil()
	// A new state or reason shows at once; a label that only changed its latency waits
	// for latencyRefresh: a desktop redraws the whole tray menu on every change, and
	// loopback latencies wobble by a millisecond on every check. The key is compared
	// first: most renders follow a check that changed nothing else, and building the
	// menu of every service for nothing was most of an idle tray's CPU.
	key := stateKey(snap, st)
	if key == t.shownState && st.now.Sub(t.shownAt) < latencyRefresh {
		return
	}
	menu := buildMenu(snap, st, t.actions)
	if l := labels(menu); !slices.Equal(l, t.shown) {
		t.surface.SetMenu(menu)
		t.shown = l
	}
	t.shownState, t.shownAt = key, st.now
}

// latencyRefresh is how often a menu whose only change is latency is rebuilt.
const latencyRefresh = 30 * time.Second

// stateKey is everything the menu shows except latencies.
func stateKey(snap status.Snapshot, st menuState) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s|%v|%v|", Summary(snap), st.notice, st.snoozed, st.snoozedUntil)
	for _, svc := range snap.Services { // WriteString, not Fprintf: this runs after every check
		for _, f := range []string{svc.Name, svc.Group, svc.Kind, strconv.FormatBool(svc.Checks > 0), svc.Status.String(), svc.Last.Status.String()} {
			b.WriteString(f)
			b.WriteByte('|')
		}
		if svc.Last.Status != status.Up {
			b.WriteString(svc.Last.Reason)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
