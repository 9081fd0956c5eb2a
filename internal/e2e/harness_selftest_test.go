package e2e

// Proves the harness itself, without the app: if this fails, the fault is in
// the test machinery (or the machine), not in Uptray. Run it first when an
// end-to-end test breaks in a way that makes no sense.

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gen2brain/beeep"
	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/introspect"
)

func TestHarnessSelfTest(t *testing.T) {
	display := startXvfb(t)
	bus := startBus(t)
	t.Logf("DISPLAY=%s DBUS_SESSION_BUS_ADDRESS=%s", display, bus)

	// Xvfb announced its number only once it was listening; its socket proves
	// the number is real. (Display ":N" listens on /tmp/.X11-unix/XN.)
	if _, err := os.Stat(filepath.Join("/tmp/.X11-unix", "X"+strings.TrimPrefix(display, ":"))); err != nil {
		t.Fatalf("Xvfb socket for %s: %v", display, err)
	}

	notifyd := startNotifyd(t, bus)
	watcher := startWatcher(t, bus)

	t.Run("notify over raw D-Bus", func(t *testing.T) {
		client := connectBus(t, bus)
		obj := client.Object(notifyName, notifyPath)

		// Introspection works, as clients that introspect first need.
		node, err := introspect.Call(obj)
		if err != nil {
			t.Fatalf("introspect: %v", err)
		}
		if !hasMethod(node, notifyIface, "Notify") {
			t.Fatalf("introspection does not list %s.Notify: %+v", notifyIface, node.Interfaces)
		}

		var id uint32
		err = obj.Call(notifyIface+".Notify", 0,
			"SelfTest", uint32(0), "", "Raw summary", "Raw body", []string{},
			map[string]dbus.Variant{"urgency": dbus.MakeVariant(byte(2))}, int32(-1)).Store(&id)
		if err != nil {
			t.Fatalf("Notify: %v", err)
		}
		if id == 0 {
			t.Fatal("Notify returned id 0, which the spec reserves")
		}
		n := notifyd.WaitFor(t, func(n Note) bool { return n.Summary == "Raw summary" }, 5*time.Second)
		if n.AppName != "SelfTest" || n.Body != "Raw body" || !n.HasUrgency || n.Urgency != 2 || n.HasImage || n.ID != id {
			t.Fatalf("recorded %v (id %d), want app SelfTest, body, urgency 2, no image, id %d", n, n.ID, id)
		}

		if err := obj.Call(notifyIface+".CloseNotification", 0, id).Err; err != nil {
			t.Fatalf("CloseNotification: %v", err)
		}
		if got := notifyd.Closed(); len(got) != 1 || got[0] != id {
			t.Fatalf("Closed() = %v, want [%d]", got, id)
		}
	})

	t.Run("replace, capabilities and signals over raw D-Bus", func(t *testing.T) {
		client := connectBus(t, bus)
		obj := client.Object(notifyName, notifyPath)
		since := time.Now()
		notify := func(replaces uint32, summary string, actions []string, expire int32) uint32 {
			t.Helper()
			var id uint32
			if err := obj.Call(notifyIface+".Notify", 0, "SelfTest", replaces, "", summary, "b",
				actions, map[string]dbus.Variant{"urgency": dbus.MakeVariant(byte(2))}, expire).Store(&id); err != nil {
				t.Fatalf("Notify %q: %v", summary, err)
			}
			return id
		}

		notifyd.SetCapabilities("body")
		var caps []string
		if err := obj.Call(notifyIface+".GetCapabilities", 0).Store(&caps); err != nil || !slices.Equal(caps, []string{"body"}) {
			t.Fatalf("GetCapabilities = %q, %v; want [body]", caps, err)
		}
		notifyd.SetCapabilities(allCapabilities...)

		first := notify(0, "First", []string{"details", "Details"}, 0)
		other := notify(0, "Other", nil, -1)
		if other <= first {
			t.Fatalf("ids %d then %d: want increasing", first, other)
		}
		if got := notify(first, "Replacement", nil, 0); got != first {
			t.Fatalf("replacing %d returned %d, want the same id", first, got)
		}
		notes := notifyd.Notifications()
		last := notes[len(notes)-1]
		if last.ReplacesID != first || last.Expire != 0 || last.Urgency != 2 {
			t.Fatalf("recorded %v, want replaces %d, expire 0, urgency 2", last, first)
		}
		if label, ok := notes[len(notes)-3].Action("details"); !ok || label != "Details" {
			t.Fatalf("actions of %v: want details → Details", notes[len(notes)-3])
		}
		vis := notifyd.Visible(since)
		if len(vis) != 2 || vis[0].Summary != "Replacement" || vis[1].Summary != "Other" {
			t.Fatalf("visible = %v, want the replacement in place of the first, then the other", summaries(vis))
		}

		// The signals a client subscribes to, as github.com/esiqveland/notify does.
		if err := client.AddMatchSignal(dbus.WithMatchObjectPath(notifyPath), dbus.WithMatchInterface(notifyIface)); err != nil {
			t.Fatal(err)
		}
		signals := make(chan *dbus.Signal, 10)
		client.Signal(signals)
		notifyd.InvokeAction(t, first, "details")
		want := []string{notifyIface + ".ActionInvoked", notifyIface + ".NotificationClosed"}
		for _, name := range want {
			select {
			case s := <-signals:
				if s.Name != name || len(s.Body) != 2 || s.Body[0] != first {
					t.Fatalf("signal %s %v, want %s(%d, …)", s.Name, s.Body, name, first)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("no %s signal within 5s", name)
			}
		}
		if vis := notifyd.Visible(since); len(vis) != 1 || vis[0].Summary != "Other" {
			t.Fatalf("visible after the action = %v, want only Other", summaries(vis))
		}
		if got := notify(first, "After close", nil, -1); got == first {
			t.Fatalf("replacing closed id %d kept it: want a new id", first)
		}
	})

	t.Run("notify through beeep", func(t *testing.T) {
		// The same client library and call path as the app (alert/beeep.go):
		// proves the fake daemon speaks what beeep sends, hints included.
		// beeep uses the process-wide dbus.SessionBus(), found by this variable.
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", bus)
		old := beeep.AppName
		beeep.AppName = "Uptray"
		t.Cleanup(func() { beeep.AppName = old })

		done := make(chan error, 1)
		go func() { done <- beeep.Notify("Beeep summary", "Beeep body", tinyPNG(t)) }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("beeep.Notify: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("beeep.Notify did not return within 10s")
		}
		n := notifyd.WaitFor(t, func(n Note) bool { return n.Summary == "Beeep summary" }, 5*time.Second)
		if n.AppName != "Uptray" || n.Body != "Beeep body" || !n.HasUrgency || n.Urgency != 1 || !n.HasImage {
			t.Fatalf("recorded %v, want app Uptray, urgency 1 (normal) and an image hint", n)
		}
	})

	t.Run("watcher records the registering connection", func(t *testing.T) {
		item := connectBus(t, bus)
		// What fyne.io/systray sends: its object path, not a bus name.
		if err := item.Object(watcherName, watcherPath).Call(
			watcherIface+".RegisterStatusNotifierItem", 0, string(itemPath)).Err; err != nil {
			t.Fatalf("RegisterStatusNotifierItem: %v", err)
		}
		want := item.Names()[0] // the unique name, ":1.N"
		if got := watcher.Item(t, 5*time.Second); got != want {
			t.Fatalf("watcher.Item = %q, want the caller's unique name %q", got, want)
		}

		reader := connectBus(t, bus)
		var items []string
		if err := reader.Object(watcherName, watcherPath).Call("org.freedesktop.DBus.Properties.Get", 0,
			watcherIface, "RegisteredStatusNotifierItems").Store(&items); err != nil {
			t.Fatalf("get RegisteredStatusNotifierItems: %v", err)
		}
		if len(items) != 1 || items[0] != want+string(itemPath) {
			t.Fatalf("RegisteredStatusNotifierItems = %q, want [%q]", items, want+string(itemPath))
		}
		var hostRegistered bool
		if err := reader.Object(watcherName, watcherPath).Call("org.freedesktop.DBus.Properties.Get", 0,
			watcherIface, "IsStatusNotifierHostRegistered").Store(&hostRegistered); err != nil || !hostRegistered {
			t.Fatalf("IsStatusNotifierHostRegistered = %v, %v; want true", hostRegistered, err)
		}
	})

	t.Run("icon colour classification", func(t *testing.T) {
		// The classifier on synthetic ARGB: 3 opaque red pixels, one opaque
		// grey, and transparent/half-transparent noise that must be ignored.
		argb := []byte{
			255, 198, 40, 40, 255, 198, 40, 40, 255, 198, 40, 40, 255, 117, 117, 117,
			0, 0, 255, 0, 100, 0, 255, 0,
		}
		if got, err := classifyARGB(3, 2, argb); err != nil || got != "red" {
			t.Fatalf("classifyARGB = %q, %v; want red", got, err)
		}
		if _, err := classifyARGB(1, 1, []byte{0, 1, 2, 3}); err == nil {
			t.Fatal("classifyARGB of a transparent icon: want an error")
		}
	})
}

func hasMethod(n *introspect.Node, iface, method string) bool {
	for _, i := range n.Interfaces {
		if i.Name != iface {
			continue
		}
		for _, m := range i.Methods {
			if m.Name == method {
				return true
			}
		}
	}
	return false
}

// tinyPNG is a 4x4 red PNG, the kind of icon bytes the app hands to beeep.
func tinyPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 4, 4))
	for y := 0; y < 4; y++ {
		for x := 0; x < 4; x++ {
			img.Set(x, y, color.NRGBA{198, 40, 40, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestHarnessReadsFyneTray proves the tray reader against a real Fyne tray
// (testdata/traydemo, built here: seconds with a warm build cache) rather than
// against our own idea of what fyne.io/systray exports: registration, title,
// tooltip, icon colour through a change, menu labels with separators and a
// submenu, clicks (ids renumber on refresh), a notification from a child
// process, and Quit ending the process.
func TestHarnessReadsFyneTray(t *testing.T) {
	bin := buildGo(t, "traydemo", filepath.Join("internal", "e2e", "testdata", "traydemo", "main.go"))
	display := startXvfb(t)
	bus := startBus(t)
	notifyd := startNotifyd(t, bus)
	watcher := startWatcher(t, bus)

	app := startApp(t, appEnv(t, display, bus), bin)
	tray := newTrayClient(t, bus, watcher.Item(t, 30*time.Second))

	want := []string{"All 4 services up", "A — Up, 3 ms", "Check all now", "Pause notifications",
		"For 1 hour", "Until tomorrow", "Until resumed", "Settings…", "Quit"}
	// The menu is built in steps after the item is exported: wait for all of it.
	WaitUntil(t, "the full menu", 10*time.Second, func() bool { return slices.Equal(tray.MenuLabels(), want) })
	WaitUntil(t, "a green icon", 10*time.Second, func() bool { return tray.IconColour() == "green" })
	if w, h, argb := tray.IconPixmap(); w != 32 || h != 32 || len(argb) != 32*32*4 {
		t.Fatalf("IconPixmap = %dx%d with %d bytes, want 32x32 with 4096", w, h, len(argb))
	}
	if got := tray.Title(); got != "io.uptray.traydemo" {
		t.Errorf("Title = %q, want the app ID (Fyne sets Title to the app name or ID)", got)
	}
	if got := tray.ToolTip(); got != "Uptray — All 4 services up" {
		t.Errorf("ToolTip = %q", got)
	}
	before, err := tray.MenuErr()
	if err != nil {
		t.Fatal(err)
	}
	if before[0].Enabled || !before[3].Submenu || before[4].Parent != before[3].ID {
		t.Errorf("menu structure: %+v", before)
	}

	tray.Click(t, "Check all now")
	WaitUntil(t, "a red icon", 10*time.Second, func() bool { return tray.IconColour() == "red" })
	WaitUntil(t, "the down menu", 10*time.Second, func() bool {
		l := tray.MenuLabels()
		return len(l) == len(want) && l[0] == "1 of 4 down" && l[1] == "A — Down: HTTP 503 (want 200)"
	})
	WaitUntil(t, "the down tooltip", 10*time.Second, func() bool { return tray.ToolTip() == "Uptray — 1 of 4 down: A" })
	n := notifyd.WaitFor(t, func(n Note) bool { return n.Summary == "A is down" }, 10*time.Second)
	if n.AppName != "Uptray" || n.Body != "HTTP 503 (want 200)" || !n.HasImage || n.Urgency != 1 {
		t.Errorf("notification %v", n)
	}

	// Refresh renumbers every item: a stale id would click the wrong thing.
	after, err := tray.MenuErr()
	if err != nil {
		t.Fatal(err)
	}
	if after[len(after)-1].ID == before[len(before)-1].ID {
		t.Logf("note: Quit kept id %d across a refresh", after[len(after)-1].ID)
	}

	tray.Click(t, "For 1 hour") // a submenu item
	WaitUntil(t, "the submenu click to reach the app", 10*time.Second, func() bool {
		return strings.Contains(app.Log(), "clicked: For 1 hour")
	})

	tray.Click(t, "Quit")
	if err := app.WaitExit(t, 15*time.Second); err != nil {
		t.Fatalf("traydemo exit: %v\n%s", err, app.Log())
	}
	WaitUntil(t, "the tray item to leave the bus", 5*time.Second, func() bool { return !tray.Alive() })
}
