package tray

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"

	"github.com/uptray/uptray/internal/monitor"
	"github.com/uptray/uptray/internal/status"
)

// Labels used by the menu (the end-to-end test finds items by them).
const (
	LabelCheckAll = "Check all now"
	LabelPause    = "Pause notifications"
	LabelResume   = "Resume notifications"
	LabelHour     = "For 1 hour"
	LabelTomorrow = "Until tomorrow"
	LabelForever  = "Until resumed"
	LabelSettings = "Settings…"
	LabelAbout    = "About Uptray"
	LabelQuit     = "Quit"
	LabelOpen     = "Open in browser"
	LabelCheckNow = "Check now"
)

// Actions are what the menu's items do; the tray wires them to the engine, the
// notification runner and the app.
type Actions struct {
	CheckNow     func(name string)
	CheckAll     func()
	Snooze       func(until time.Time) // zero: until resumed
	Resume       func()
	OpenURL      func(url string)
	OpenSettings func()
	About        func()
	Quit         func()
}

// menuState is everything the menu shows besides the snapshot.
type menuState struct {
	snoozedUntil time.Time // zero: not snoozed
	snoozed      bool
	notice       string // an extra line under the summary, such as a config error
	now          time.Time
	clock        func() time.Time // read when an item is clicked, which may be hours later
}

// buildMenu lays out the tray menu from a snapshot: summary, services grouped by
// group, then the commands. The last item is our own Quit (Fyne appends one after
// the menu was first shown otherwise; see TESTING.md).
func buildMenu(snap monitor.Snapshot, st menuState, act Actions) *fyne.Menu {
	items := []*fyne.MenuItem{disabled(Summary(snap))}
	if st.notice != "" {
		items = append(items, disabled(st.notice))
	}
	for i, g := range groups(snap.Services) {
		items = append(items, fyne.NewMenuItemSeparator())
		if g.name != "" {
			items = append(items, disabled(g.name))
		} else if i > 0 {
			items = append(items, disabled("Other"))
		}
		for _, svc := range g.services {
			items = append(items, serviceItem(svc, act))
			if svc.Status == status.Down && svc.Fallback != "" {
				// What to do instead, where staff look first during an outage.
				items = append(items, disabled("      Instead: "+shorten(svc.Fallback)))
			}
		}
	}
	items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem(LabelCheckAll, act.CheckAll))
	if st.snoozed {
		label := LabelResume
		if !st.snoozedUntil.IsZero() {
			label += fmt.Sprintf(" (paused until %s)", untilText(st.snoozedUntil, st.now))
		}
		items = append(items, fyne.NewMenuItem(label, act.Resume))
	} else {
		pause := fyne.NewMenuItem(LabelPause, nil)
		pause.ChildMenu = fyne.NewMenu("",
			fyne.NewMenuItem(LabelHour, func() { act.Snooze(st.clock().Add(time.Hour)) }),
			fyne.NewMenuItem(LabelTomorrow, func() { act.Snooze(tomorrowMorning(st.clock())) }),
			fyne.NewMenuItem(LabelForever, func() { act.Snooze(time.Time{}) }),
		)
		items = append(items, pause)
	}
	quit := fyne.NewMenuItem(LabelQuit, act.Quit)
	quit.IsQuit = true
	items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem(LabelSettings, act.OpenSettings),
		fyne.NewMenuItem(LabelAbout, act.About), quit)
	return fyne.NewMenu("Uptray", items...)
}

// serviceItem: clicking a service checks it now; an http service has a submenu so
// that "Open in browser" is reachable too.
func serviceItem(svc monitor.ServiceState, act Actions) *fyne.MenuItem {
	name := svc.Name
	item := fyne.NewMenuItem(ServiceLabel(svc), func() { act.CheckNow(name) })
	if svc.Kind != "http" {
		return item
	}
	target := svc.Target
	item.ChildMenu = fyne.NewMenu("",
		fyne.NewMenuItem(LabelCheckNow, func() { act.CheckNow(name) }),
		fyne.NewMenuItem(LabelOpen, func() { act.OpenURL(target) }),
	)
	return item
}

func disabled(label string) *fyne.MenuItem {
	item := fyne.NewMenuItem(label, nil)
	item.Disabled = true
	return item
}

type group struct {
	name     string
	services []monitor.ServiceState
}

// groups keeps services without a group first, then each group in order of first use.
func groups(services []monitor.ServiceState) []group {
	var out []group
	index := map[string]int{}
	for _, svc := range services {
		i, ok := index[svc.Group]
		if !ok {
			i = len(out)
			index[svc.Group] = i
			out = append(out, group{name: svc.Group})
		}
		out[i].services = append(out[i].services, svc)
	}
	for i, g := range out { // ungrouped first
		if g.name == "" && i > 0 {
			copy(out[1:i+1], out[:i])
			out[0] = g
		}
	}
	return out
}

// labels flattens a menu's labels (depth first) to tell whether it changed.
func labels(m *fyne.Menu) []string {
	var out []string
	for _, it := range m.Items {
		if it.IsSeparator {
			out = append(out, "---")
			continue
		}
		out = append(out, it.Label)
		if it.ChildMenu != nil {
			out = append(out, "[")
			out = append(out, labels(it.ChildMenu)...)
			out = append(out, "]")
		}
	}
	return out
}

func tomorrowMorning(now time.Time) time.Time {
	y, m, d := now.Date()
	return time.Date(y, m, d+1, 8, 0, 0, 0, now.Location())
}

func untilText(t, now time.Time) string {
	if t.YearDay() != now.YearDay() || t.Year() != now.Year() {
		return t.Format("Mon 15:04")
	}
	return t.Format("15:04")
}
