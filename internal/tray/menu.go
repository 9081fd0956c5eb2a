package tray

import (
	"fmt"
	"slices"
	"time"

	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
)

// Item is one line of the tray menu, as plain data: the systray adapter draws it, the
// tests read it. A separator has no other field set. An item with Children opens a
// submenu and does nothing itself; an enabled item with no Action reads as normal
// text and does nothing when clicked.
type Item struct {
	Label     string
	Disabled  bool
	Separator bool
	Children  []Item
	Action    func()
}

// Actions are what the menu's items do; the caller wires them to the engine, the
// notification runner and the windows. An action left nil does nothing (Details
// opens Settings when it is nil, until every caller sets it).
type Actions struct {
	CheckNow     func(name string)
	CheckAll     func()
	Snooze       func(until time.Time) // zero: until resumed
	Resume       func()
	OpenURL      func(url string)
	Details      func(name string) // the service in Settings, for now
	OpenSettings func()
	About        func()
	Quit         func()
}

// withDefaults fills the actions left nil, so that a click never calls a nil func.
func (a Actions) withDefaults() Actions {
	if a.CheckNow == nil {
		a.CheckNow = func(string) {}
	}
	if a.CheckAll == nil {
		a.CheckAll = func() {}
	}
	if a.Snooze == nil {
		a.Snooze = func(time.Time) {}
	}
	if a.Resume == nil {
		a.Resume = func() {}
	}
	if a.OpenURL == nil {
		a.OpenURL = func(string) {}
	}
	if a.OpenSettings == nil {
		a.OpenSettings = func() {}
	}
	if a.Details == nil {
		open := a.OpenSettings
		a.Details = func(string) { open() }
	}
	if a.About == nil {
		a.About = func() {}
	}
	if a.Quit == nil {
		a.Quit = func() {}
	}
	return a
}

// menuState is everything the menu shows besides the snapshot.
type menuState struct {
	snoozedUntil time.Time // zero: not snoozed
	snoozed      bool
	notice       string // an extra line under the summary, such as a config error
	now          time.Time
	clock        func() time.Time // read when an item is clicked, which may be hours later
}

// fallbackIndent sets the fallback line under its service's row, as a submenu's items
// would be: menus have no other way to indent a line.
const fallbackIndent = "      "

// buildMenu lays out the tray menu from a snapshot: summary, services grouped by
// group (the groups and the services in each with what is down first, then what is
// degraded, then the rest), then the commands, Quit last.
func buildMenu(snap status.Snapshot, st menuState, act Actions) []Item {
	items := []Item{disabled(Summary(snap))}
	if st.notice != "" {
		items = append(items, disabled(st.notice))
	}
	for i, g := range groups(snap.Services) {
		items = append(items, separator())
		if g.name != "" {
			items = append(items, disabled(g.name))
		} else if i > 0 {
			items = append(items, disabled(i18n.T("Other services")))
		}
		for _, svc := range g.services {
			items = append(items, serviceItem(svc, act))
			if svc.Status == status.Down && svc.Fallback != "" {
				// What to do instead, where staff look first during an outage: enabled, so
				// it reads as normal text, not greyed out like a disabled line; a click
				// opens the service's details, as its row's Details… does.
				name := svc.Name
				items = append(items, Item{
					Label:  fallbackIndent + i18n.F("Instead: %s", shorten(svc.Fallback)),
					Action: func() { act.Details(name) },
				})
			}
		}
	}
	items = append(items, separator(), Item{Label: i18n.T("Check all now"), Action: act.CheckAll})
	if st.snoozed {
		label := i18n.T("Resume notifications")
		if !st.snoozedUntil.IsZero() {
			label = i18n.F("Resume notifications (paused until %s)", untilText(st.snoozedUntil, st.now))
		}
		items = append(items, Item{Label: label, Action: act.Resume})
	} else {
		items = append(items, Item{Label: i18n.T("Pause notifications"), Children: []Item{
			{Label: i18n.T("For 1 hour"), Action: func() { act.Snooze(st.clock().Add(time.Hour)) }},
			{Label: i18n.T("Until tomorrow 08:00"), Action: func() { act.Snooze(tomorrowMorning(st.clock())) }},
			{Label: i18n.T("Until resumed"), Action: func() { act.Snooze(time.Time{}) }},
		}})
	}
	return append(items, separator(),
		Item{Label: i18n.T("Settings…"), Action: act.OpenSettings},
		Item{Label: i18n.T("About Uptray"), Action: act.About},
		Item{Label: i18n.T("Quit"), Action: act.Quit})
}

// serviceItem is a service's row with its submenu: check it now, open it in the
// browser (http), see its details.
func serviceItem(svc status.ServiceState, act Actions) Item {
	name := svc.Name
	children := []Item{{Label: i18n.T("Check now"), Action: func() { act.CheckNow(name) }}}
	if svc.Kind == "http" {
		target := svc.Target
		children = append(children, Item{Label: i18n.T("Open in browser"), Action: func() { act.OpenURL(target) }})
	}
	children = append(children, Item{Label: i18n.T("Details…"), Action: func() { act.Details(name) }})
	return Item{Label: ServiceLabel(svc), Children: children}
}

func disabled(label string) Item { return Item{Label: label, Disabled: true} }

func separator() Item { return Item{Separator: true} }

type group struct {
	name     string
	services []status.ServiceState
}

// groups orders the menu for an outage: the services in each group down first, then
// degraded, then the rest (each in config order), and the groups by their worst
// service the same way; among groups as bad as each other, services without a group
// come first, then each group in order of first use.
func groups(services []status.ServiceState) []group {
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
	for _, g := range out {
		slices.SortStableFunc(g.services, func(a, b status.ServiceState) int { return urgency(a) - urgency(b) })
	}
	slices.SortStableFunc(out, func(a, b group) int { return urgency(a.services[0]) - urgency(b.services[0]) })
	return out
}

// urgency ranks a service for the menu's order: down, then degraded, then the rest.
func urgency(svc status.ServiceState) int {
	switch {
	case svc.ConfigError != "":
		return 2
	case svc.Status == status.Down:
		return 0
	case svc.Status == status.Degraded:
		return 1
	}
	return 2
}

// labels flattens a menu's labels (depth first) to tell whether it changed: "---" for
// a separator, a submenu between "[" and "]".
func labels(items []Item) []string {
	var out []string
	for _, it := range items {
		if it.Separator {
			out = append(out, "---")
			continue
		}
		out = append(out, it.Label)
		if len(it.Children) > 0 {
			out = append(out, "[")
			out = append(out, labels(it.Children)...)
			out = append(out, "]")
		}
	}
	return out
}

func tomorrowMorning(now time.Time) time.Time {
	y, m, d := now.Date()
	return time.Date(y, m, d+1, 8, 0, 0, 0, now.Location())
}

// untilText is when a pause ends: the time, with the day when it is not today.
func untilText(t, now time.Time) string {
	if t.YearDay() != now.YearDay() || t.Year() != now.Year() {
		return fmt.Sprintf("%s %s", weekday(t.Weekday()), t.Format("15:04"))
	}
	return t.Format("15:04")
}

// weekday is a day's short name in the user's language (time.Format's are English).
func weekday(d time.Weekday) string {
	switch d {
	case time.Monday:
		return i18n.T("Mon")
	case time.Tuesday:
		return i18n.T("Tue")
	case time.Wednesday:
		return i18n.T("Wed")
	case time.Thursday:
		return i18n.T("Thu")
	case time.Friday:
		return i18n.T("Fri")
	case time.Saturday:
		return i18n.T("Sat")
	}
	return i18n.T("Sun")
}
