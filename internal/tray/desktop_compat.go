package tray

import (
	"reflect"

	"fyne.io/systray"

	"github.com/uptray/uptray/assets"
	"github.com/uptray/uptray/internal/status"
)

// DesktopSurface draws through a Fyne desktop app's own tray; App is the app as a
// fyne.io/fyne/v2/driver/desktop.App. It is the bridge for cmd/uptray while the
// resident process still runs Fyne: delete this file once it draws with Systray.
//
// It reaches Fyne by reflection (SetSystemTrayMenu, SetSystemTrayIcon and the
// driver's DoFromGoroutine, matched by name) so that this package does not import
// Fyne, and it changes the tray on Fyne's goroutine as the tray did before.
type DesktopSurface struct{ App any }

func (d DesktopSurface) SetMenu(items []Item) {
	set := reflect.ValueOf(d.App).MethodByName("SetSystemTrayMenu")
	menu := fyneMenu(set.Type().In(0), "Uptray", items, true)
	d.do(func() { set.Call([]reflect.Value{menu}) })
}

func (d DesktopSurface) SetIcon(st status.Status) {
	set := reflect.ValueOf(d.App).MethodByName("SetSystemTrayIcon")
	res := staticResource{name: "uptray-" + st.String() + ".png", content: assets.StateIcon(st)}
	d.do(func() { set.Call([]reflect.Value{reflect.ValueOf(res)}) })
}

func (d DesktopSurface) SetTooltip(s string) { d.do(func() { systray.SetTooltip(s) }) }

// do runs fn as fyne.Do does: at once on the main goroutine before the app runs,
// queued for Fyne's goroutine otherwise. An App without a driver runs fn at once.
func (d DesktopSurface) do(fn func()) {
	driver := reflect.ValueOf(d.App).MethodByName("Driver")
	if !driver.IsValid() {
		fn()
		return
	}
	doFrom := driver.Call(nil)[0].MethodByName("DoFromGoroutine")
	doFrom.Call([]reflect.Value{reflect.ValueOf(fn), reflect.ValueOf(false)})
}

// fyneMenu builds a *fyne.Menu (menuPtr is its type) from items. Fyne appends a Quit
// of its own to a tray menu without one, so the top level's Quit is marked IsQuit.
func fyneMenu(menuPtr reflect.Type, label string, items []Item, top bool) reflect.Value {
	menu := reflect.New(menuPtr.Elem())
	menu.Elem().FieldByName("Label").SetString(label)
	list := menu.Elem().FieldByName("Items") // []*fyne.MenuItem
	itemPtr := list.Type().Elem()
	for _, it := range items {
		mi := reflect.New(itemPtr.Elem())
		e := mi.Elem()
		e.FieldByName("Label").SetString(it.Label)
		e.FieldByName("IsSeparator").SetBool(it.Separator)
		e.FieldByName("Disabled").SetBool(it.Disabled)
		e.FieldByName("IsQuit").SetBool(top && it.Label == LabelQuit)
		if it.Action != nil {
			e.FieldByName("Action").Set(reflect.ValueOf(it.Action))
		}
		if len(it.Children) > 0 {
			e.FieldByName("ChildMenu").Set(fyneMenu(menuPtr, "", it.Children, false))
		}
		list.Set(reflect.Append(list, mi))
	}
	return menu
}

// staticResource is a fyne.Resource: a name and its bytes.
type staticResource struct {
	name    string
	content []byte
}

func (r staticResource) Name() string    { return r.name }
func (r staticResource) Content() []byte { return r.content }
