package tray

import (
	"sync"
	"sync/atomic"

	"fyne.io/systray"

	"github.com/uptray/uptray/internal/status"
)

// Title is the tray item's title (the StatusNotifierItem's Title and Id on Linux).
const Title = "Uptray" // i18n:ignore the app's name, the same in every language

// Systray is the Surface on the desktop's tray, drawn with fyne.io/systray: a
// StatusNotifierItem and its com.canonical.dbusmenu menu on the session bus (Linux),
// the notification area (Windows), the menu bar (macOS). A process has one tray: make
// one Systray and Run it from main. Its methods are safe from any goroutine; what is
// set before the tray is shown is kept and shown when it is.
type Systray struct {
	mu         sync.Mutex
	shown      bool // Run has shown the tray and has not ended
	ended      bool
	menu       []Item
	menuSet    bool
	icon       status.Status
	iconSet    bool
	tooltip    string
	tooltipSet bool
	stop       chan struct{} // closed when the menu on screen is replaced or the tray ends
	drawn      []drawnItem   // the menu on screen, item for item

	quit     chan struct{}
	quitOnce sync.Once
	clickers atomic.Int32 // goroutines routing clicks, for the leak test
}

// NewSystray makes the tray surface; nothing shows until Run.
func NewSystray() *Systray { return &Systray{quit: make(chan struct{})} }

// Run shows the tray and blocks until Quit. Call it from main(): on macOS the menu
// bar belongs to the main thread, on Windows the tray's window to the thread that
// made it (fyne.io/systray locks main to the main thread). onReady, if set, runs on
// a goroutine of its own once the tray is shown. A process can run one tray, once.
func (s *Systray) Run(onReady func()) {
	s.run(func() {
		s.showPending()
		if onReady != nil {
			go onReady()
		}
	})
	s.end()
}

// Quit removes the tray and makes Run return. Safe more than once, and before Run
// (which then returns at once).
func (s *Systray) Quit() { s.quitOnce.Do(func() { close(s.quit) }) }

// SetMenu replaces the menu: the old one is removed (systray.ResetMenu) and the new
// one added item by item; each item with an Action gets a goroutine that runs it on
// every click, until the next SetMenu or the end of the tray.
func (s *Systray) SetMenu(items []Item) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.menu, s.menuSet = items, true
	if s.shown {
		s.drawMenuLocked()
	}
}

// SetIcon shows the icon of an overall state (assets.StateIcon).
func (s *Systray) SetIcon(st status.Status) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.icon, s.iconSet = st, true
	if s.shown {
		systray.SetIcon(trayIcon(st))
	}
}

// SetTooltip sets the hover text.
func (s *Systray) SetTooltip(tip string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tooltip, s.tooltipSet = tip, true
	if s.shown {
		systray.SetTooltip(tip)
	}
}

// showPending runs once the native tray exists: it shows what was set before.
func (s *Systray) showPending() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		return
	}
	s.shown = true
	if s.iconSet {
		systray.SetIcon(trayIcon(s.icon))
	}
	if s.tooltipSet {
		systray.SetTooltip(s.tooltip)
	}
	if s.menuSet {
		s.drawMenuLocked()
	}
}

// end stops the click goroutines once the tray is gone; later calls only keep state.
func (s *Systray) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shown, s.ended = false, true
	if s.stop != nil {
		close(s.stop)
		s.stop = nil
	}
}

// drawnItem is one item on screen: what it shows and what a click on it does now.
type drawnItem struct {
	mi       *systray.MenuItem // nil for a separator
	label    string
	disabled bool
	action   *actionSlot // leaves only
	children []drawnItem
}

// actionSlot holds what a click runs; a menu of the same shape swaps it in place.
type actionSlot struct {
	mu sync.Mutex
	f  func()
}

func (a *actionSlot) set(f func()) { a.mu.Lock(); a.f = f; a.mu.Unlock() }

func (a *actionSlot) run() {
	a.mu.Lock()
	f := a.f
	a.mu.Unlock()
	if f != nil {
		f()
	}
}

func (s *Systray) drawMenuLocked() {
	if sameShape(s.drawn, s.menu) {
		// Only words changed (a state, a latency): retitle in place. Rebuilding costs a
		// D-Bus signal per item removed and added, most of an idle tray's CPU time.
		update(s.drawn, s.menu)
		return
	}
	if s.stop != nil {
		close(s.stop) // the old items' goroutines return; their channels are closed next
	}
	s.stop = make(chan struct{})
	systray.ResetMenu()
	var last *systray.MenuItem
	var label string
	s.drawn, last, label = s.add(s.menu, nil, s.stop)
	if last != nil {
		// On Linux a new item joins the layout without telling the panel (only changes
		// to an existing item emit LayoutUpdated): touch the last one so that a panel
		// that read the menu while it was half built reads it again.
		last.SetTitle(label)
	}
}

// sameShape reports whether items can be shown by retitling drawn: the same separators,
// items and submenus in the same places.
func sameShape(drawn []drawnItem, items []Item) bool {
	if drawn == nil || len(drawn) != len(items) {
		return false
	}
	for i, it := range items {
		d := drawn[i]
		if it.Separator != (d.mi == nil) || (len(it.Children) > 0) != (len(d.children) > 0) {
			return false
		}
		if len(it.Children) > 0 && !sameShape(d.children, it.Children) {
			return false
		}
	}
	return true
}

// update retitles drawn items to items (of the same shape) and swaps their actions.
// Items are retitled bottom up: a panel reads the menu between two retitles, and the
// summary at the top must not say "Offline" while the rows below still say "Up".
func update(drawn []drawnItem, items []Item) {
	for i := len(items) - 1; i >= 0; i-- {
		it, d := items[i], &drawn[i]
		if d.mi == nil {
			continue
		}
		if d.label != it.Label {
			d.mi.SetTitle(it.Label)
			d.label = it.Label
		}
		if d.disabled != it.Disabled {
			if it.Disabled {
				d.mi.Disable()
			} else {
				d.mi.Enable()
			}
			d.disabled = it.Disabled
		}
		if d.action != nil {
			d.action.set(enabledAction(it))
		}
		update(d.children, it.Children)
	}
}

func enabledAction(it Item) func() {
	if it.Disabled {
		return nil
	}
	return it.Action
}

// add adds items under parent (nil: the top level) and returns what it drew and the
// last item added.
func (s *Systray) add(items []Item, parent *systray.MenuItem, stop <-chan struct{}) (drawn []drawnItem, last *systray.MenuItem, label string) {
	drawn = make([]drawnItem, 0, len(items))
	for _, it := range items {
		if it.Separator {
			if parent == nil {
				systray.AddSeparator()
			} else {
				parent.AddSeparator()
			}
			drawn = append(drawn, drawnItem{})
			continue
		}
		var mi *systray.MenuItem
		if parent == nil {
			mi = systray.AddMenuItem(it.Label, "")
		} else {
			mi = parent.AddSubMenuItem(it.Label, "")
		}
		if it.Disabled {
			mi.Disable()
		}
		d := drawnItem{mi: mi, label: it.Label, disabled: it.Disabled}
		if len(it.Children) > 0 {
			d.children, _, _ = s.add(it.Children, mi, stop)
		} else {
			d.action = &actionSlot{f: enabledAction(it)}
			s.route(mi.ClickedCh, d.action, stop)
		}
		drawn = append(drawn, d)
		last, label = mi, it.Label
	}
	return drawn, last, label
}

// route runs the item's action on every click until stop is closed or systray closes
// the item's channel (ResetMenu removes the item).
func (s *Systray) route(clicked <-chan struct{}, action *actionSlot, stop <-chan struct{}) {
	s.clickers.Add(1)
	go func() {
		defer s.clickers.Add(-1)
		for {
			select {
			case <-stop:
				return
			case _, ok := <-clicked:
				if !ok {
					return
				}
				action.run()
			}
		}
	}()
}
