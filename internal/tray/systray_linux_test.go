package tray

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/uptray/uptray/assets"
	"github.com/uptray/uptray/internal/status"
)

// sniReader reads a StatusNotifierItem and its menu the way a desktop panel does.
type sniReader struct {
	conn *dbus.Conn
	dest string
}

func (r sniReader) call(path dbus.ObjectPath, method string, args ...any) *dbus.Call {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return r.conn.Object(r.dest, path).CallWithContext(ctx, method, 0, args...)
}

func (r sniReader) prop(name string) (dbus.Variant, error) {
	var v dbus.Variant
	err := r.call("/StatusNotifierItem", "org.freedesktop.DBus.Properties.Get", "org.kde.StatusNotifierItem", name).Store(&v)
	return v, err
}

// menuEntry is one item of the D-Bus menu.
type menuEntry struct {
	id      int32
	label   string
	enabled bool
}

// menu reads the whole menu (GetLayout) and flattens it as labels() does: "---" for a
// separator, a submenu between "[" and "]"; entries has the items by label.
func (r sniReader) menu() (flat []string, entries map[string][]menuEntry, err error) {
	call := r.call("/StatusNotifierMenu", "com.canonical.dbusmenu.GetLayout", int32(0), int32(-1), []string{})
	if call.Err != nil {
		return nil, nil, call.Err
	}
	var revision uint32
	var root []any // (ia{sv}av)
	if err := dbus.Store(call.Body, &revision, &root); err != nil {
		return nil, nil, err
	}
	entries = map[string][]menuEntry{}
	var walk func(node []any) error
	walk = func(node []any) error {
		if len(node) != 3 {
			return fmt.Errorf("menu node has %d fields", len(node))
		}
		children, _ := node[2].([]dbus.Variant)
		for _, cv := range children {
			child, ok := cv.Value().([]any)
			if !ok || len(child) != 3 {
				return fmt.Errorf("menu child is %s", cv.Signature())
			}
			id, _ := child[0].(int32)
			props, _ := child[1].(map[string]dbus.Variant)
			if t, _ := props["type"].Value().(string); t == "separator" {
				flat = append(flat, "---")
				continue
			}
			label, _ := props["label"].Value().(string)
			enabled := true
			if en, ok := props["enabled"].Value().(bool); ok {
				enabled = en
			}
			flat = append(flat, label)
			entries[label] = append(entries[label], menuEntry{id: id, label: label, enabled: enabled})
			if grand, _ := child[2].([]dbus.Variant); len(grand) > 0 {
				flat = append(flat, "[")
				if err := walk(child); err != nil {
					return err
				}
				flat = append(flat, "]")
			}
		}
		return nil
	}
	return flat, entries, walk(root)
}

// click sends the "clicked" event for the only item with this label.
func (r sniReader) click(t *testing.T, label string) {
	t.Helper()
	_, entries, err := r.menu()
	if err != nil {
		t.Fatal(err)
	}
	if len(entries[label]) != 1 {
		t.Fatalf("click %q: %d items have that label", label, len(entries[label]))
	}
	call := r.call("/StatusNotifierMenu", "com.canonical.dbusmenu.Event", entries[label][0].id, "clicked", dbus.MakeVariant(""), uint32(0))
	if call.Err != nil {
		t.Fatalf("click %q: %v", label, call.Err)
	}
}

// clickUntil clicks label until its action reports on fired: systray drops a click
// that comes before the item's goroutine listens (a few microseconds after a rebuild).
func (r sniReader) clickUntil(t *testing.T, label string, fired <-chan string, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		r.click(t, label)
		select {
		case got := <-fired:
			if got != want {
				t.Fatalf("clicking %q ran %q, want %q", label, got, want)
			}
			return
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("clicking %q ran nothing", label)
		}
	}
}

// iconPixmap returns the IconPixmap's first (only) image: width, height, ARGB bytes.
func (r sniReader) iconPixmap() (int, int, []byte, error) {
	v, err := r.prop("IconPixmap")
	if err != nil {
		return 0, 0, nil, err
	}
	var pms []struct {
		W, H int32
		Pix  []byte
	}
	if err := v.Store(&pms); err != nil || len(pms) == 0 {
		return 0, 0, nil, fmt.Errorf("IconPixmap %s: %v", v.Signature(), err)
	}
	return int(pms[0].W), int(pms[0].H), pms[0].Pix, nil
}

func (r sniReader) str(name string) string {
	v, err := r.prop(name)
	if err != nil {
		return ""
	}
	s, _ := v.Value().(string)
	return s
}

func (r sniReader) tooltip() string {
	v, err := r.prop("ToolTip")
	if err != nil {
		return ""
	}
	var tt struct {
		Name  string
		Icons []struct {
			W, H int32
			Pix  []byte
		}
		Title, Description string
	}
	if v.Store(&tt) != nil {
		return ""
	}
	return tt.Title
}

// sameIcon tells whether an ARGB pixmap shows the state's PNG: every opaque pixel of
// the PNG has its colour in the pixmap.
func sameIcon(st status.Status, w, h int, argb []byte) bool {
	img, err := png.Decode(bytes.NewReader(assets.StateIcon(st)))
	if err != nil || img.Bounds().Dx() != w || img.Bounds().Dy() != h || len(argb) != w*h*4 {
		return false
	}
	rgba := image.NewNRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	opaque := 0
	for i := 0; i < w*h; i++ {
		p := rgba.Pix[4*i : 4*i+4]
		if p[3] != 255 {
			continue
		}
		opaque++
		if argb[4*i] != 255 || argb[4*i+1] != p[0] || argb[4*i+2] != p[1] || argb[4*i+3] != p[2] {
			return false
		}
	}
	return opaque > w*h/4
}

// watcher stands in for a desktop panel's StatusNotifierWatcher: it records who
// registered an item.
type watcher struct{ registered chan [2]string }

func (w *watcher) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	w.registered <- [2]string{string(sender), service}
	return nil
}

// The real tray on a private session bus: fyne.io/systray can run once per process,
// so this one test covers the whole adapter — what is set before Run, the menu read
// back over D-Bus, clicks, rebuilds without leaking goroutines, icon, tooltip, title,
// registration with the watcher and Quit.
func TestSystrayOnAPrivateSessionBus(t *testing.T) {
	addr := privateBus(t)
	panel := dial(t, addr)
	w := &watcher{registered: make(chan [2]string, 4)}
	if err := panel.Export(w, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		t.Fatal(err)
	}
	if reply, err := panel.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own the watcher's name: %v %v", reply, err)
	}

	fired := make(chan string, 16)
	act := func(name string) func() { return func() { fired <- name } }
	first := []Item{
		{Label: "1 of 2 down", Disabled: true},
		{Separator: true},
		{Label: "Payments — Down: HTTP 503 (want 200)", Children: []Item{
			{Label: LabelCheckNow, Action: act("check Payments")},
			{Label: LabelOpen, Action: act("open Payments")},
			{Separator: true},
			{Label: LabelDetails, Action: act("details Payments")},
		}},
		{Label: "      Instead: Use cash", Action: act("details Payments (fallback)")},
		{Separator: true},
		{Label: LabelCheckAll, Action: act("check all")},
		{Label: LabelQuit, Action: act("quit")},
	}
	s := NewSystray()
	s.SetIcon(status.Down)
	s.SetTooltip("Uptray — 1 of 2 down: Payments")
	s.SetMenu(first)

	ready, ran := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ran)
		s.Run(func() { close(ready) })
	}()
	t.Cleanup(func() { s.Quit(); <-ran })
	select {
	case <-ready:
	case <-time.After(10 * time.Second):
		t.Fatal("the tray did not become ready")
	}

	r := sniReader{conn: panel, dest: fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", os.Getpid())}
	var reg [2]string
	select {
	case reg = <-w.registered:
	case <-time.After(5 * time.Second):
		t.Fatal("the item did not register with the watcher")
	}
	var owner string
	if err := panel.BusObject().Call("org.freedesktop.DBus.GetNameOwner", 0, r.dest).Store(&owner); err != nil || owner != reg[0] || reg[1] != "/StatusNotifierItem" {
		t.Fatalf("registered %v; %s is owned by %q (%v)", reg, r.dest, owner, err)
	}

	var flat []string
	waitFor(t, "the first menu on the bus", func() bool {
		flat, _, _ = r.menu()
		return slices.Equal(flat, labels(first))
	})
	_, entries, _ := r.menu()
	if entries["1 of 2 down"][0].enabled || !entries["      Instead: Use cash"][0].enabled || !entries[LabelCheckAll][0].enabled {
		t.Fatalf("enabled: summary %v, fallback %v, check all %v; want false, true, true",
			entries["1 of 2 down"][0].enabled, entries["      Instead: Use cash"][0].enabled, entries[LabelCheckAll][0].enabled)
	}
	if got := r.str("Title"); got != "Uptray" {
		t.Errorf("Title = %q, want Uptray", got)
	}
	if got := r.str("Id"); got != "Uptray" {
		t.Errorf("Id = %q, want Uptray", got)
	}
	if got := r.tooltip(); got != "Uptray — 1 of 2 down: Payments" {
		t.Errorf("ToolTip = %q", got)
	}
	if w, h, argb, err := r.iconPixmap(); err != nil || !sameIcon(status.Down, w, h, argb) {
		t.Errorf("IconPixmap %d×%d (%v) is not the red icon", w, h, err)
	}

	// Clicks reach the actions, in submenus too, and on the fallback line (enabled, so
	// drawn as normal text).
	r.clickUntil(t, LabelCheckAll, fired, "check all")
	r.clickUntil(t, LabelDetails, fired, "details Payments")
	r.clickUntil(t, "      Instead: Use cash", fired, "details Payments (fallback)")
	if n, want := s.clickers.Load(), leaves(first); n != want {
		t.Errorf("%d click goroutines for %d items that can be clicked", n, want)
	}

	// Rebuilds: the new menu replaces the old, and the old items' goroutines end.
	second := []Item{
		{Label: "All 2 services up", Disabled: true},
		{Separator: true},
		{Label: LabelPause, Children: []Item{
			{Label: LabelHour, Action: act("hour")},
			{Label: LabelForever, Action: act("forever")},
		}},
		{Label: LabelQuit, Action: act("quit")},
	}
	for range 20 {
		s.SetMenu(first)
		s.SetMenu(second)
	}
	waitFor(t, "the second menu on the bus", func() bool {
		flat, _, _ = r.menu()
		return slices.Equal(flat, labels(second))
	})
	waitFor(t, "the old menus' goroutines to end", func() bool { return s.clickers.Load() == leaves(second) })

	// Only words change: the items are retitled in place, the goroutines stay.
	retitled := slices.Clone(second)
	retitled[0].Label = "1 of 2 down"
	s.SetMenu(retitled)
	waitFor(t, "the retitled menu on the bus", func() bool {
		flat, _, _ = r.menu()
		return slices.Equal(flat, labels(retitled))
	})
	if n := s.clickers.Load(); n != leaves(second) {
		t.Errorf("%d click goroutines after a retitle, want %d", n, leaves(second))
	}
	r.clickUntil(t, LabelHour, fired, "hour")
	r.clickUntil(t, LabelQuit, fired, "quit")

	// A language switch changes only words: the same items, retitled in place (the
	// same ids), and their clicks still arrive.
	_, before, _ := r.menu()
	korean := []Item{
		{Label: "2개 중 1개 장애: Payments", Disabled: true},
		{Separator: true},
		{Label: "알림 일시 중지", Children: []Item{
			{Label: "1시간 동안", Action: act("hour")},
			{Label: "다시 시작할 때까지", Action: act("forever")},
		}},
		{Label: "종료", Action: act("quit")},
	}
	s.SetMenu(korean)
	waitFor(t, "the Korean menu on the bus", func() bool {
		flat, _, _ = r.menu()
		return slices.Equal(flat, labels(korean))
	})
	_, after, _ := r.menu()
	if before[LabelQuit][0].id != after["종료"][0].id || before[LabelHour][0].id != after["1시간 동안"][0].id {
		t.Errorf("a language switch rebuilt the menu: Quit id %d → %d, hour id %d → %d",
			before[LabelQuit][0].id, after["종료"][0].id, before[LabelHour][0].id, after["1시간 동안"][0].id)
	}
	if n := s.clickers.Load(); n != leaves(second) {
		t.Errorf("%d click goroutines after a language switch, want %d", n, leaves(second))
	}
	r.clickUntil(t, "종료", fired, "quit")

	s.SetIcon(status.Up)
	s.SetTooltip("Uptray — All 2 services up")
	waitFor(t, "the green icon", func() bool {
		w, h, argb, err := r.iconPixmap()
		return err == nil && sameIcon(status.Up, w, h, argb)
	})
	if got := r.tooltip(); got != "Uptray — All 2 services up" {
		t.Errorf("ToolTip = %q", got)
	}

	s.Quit()
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after Quit")
	}
	waitFor(t, "every click goroutine to end after Quit", func() bool { return s.clickers.Load() == 0 })
	waitFor(t, "the item to leave the bus", func() bool {
		var has bool
		err := panel.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, r.dest).Store(&has)
		return err == nil && !has
	})
	s.SetMenu(first) // after the end: kept, not drawn, no goroutine
	if n := s.clickers.Load(); n != 0 {
		t.Fatalf("SetMenu after Quit started %d goroutines", n)
	}
}

// Without a session bus there is no tray, but the app goes on and quits cleanly
// (systray alone would dereference a nil connection on its way out). It runs in a
// child process: systray runs once per process.
func TestSystrayWithoutASessionBus(t *testing.T) {
	if os.Getenv("UPTRAY_TRAY_CHILD") == "no-bus" {
		systrayWithoutBus(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSystrayWithoutASessionBus$", "-test.count=1")
	cmd.Env = append(os.Environ(), "UPTRAY_TRAY_CHILD=no-bus", "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "PASS") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

func systrayWithoutBus(t *testing.T) {
	s := NewSystray()
	s.SetMenu([]Item{{Label: LabelQuit, Action: func() {}}})
	ready, ran := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ran)
		s.Run(func() { close(ready) })
	}()
	select {
	case <-ready:
	case <-time.After(5 * time.Second):
		t.Fatal("onReady did not run without a bus")
	}
	s.SetIcon(status.Down)
	s.SetTooltip("Uptray — 1 of 1 down: A")
	s.SetMenu([]Item{{Label: LabelCheckAll, Action: func() {}}, {Label: LabelQuit, Action: func() {}}})
	s.Quit()
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after Quit")
	}
}

// leaves counts the items a click can reach: each has one goroutine.
func leaves(items []Item) int32 {
	var n int32
	for _, it := range items {
		switch {
		case it.Separator:
		case len(it.Children) > 0:
			n += leaves(it.Children)
		default:
			n++
		}
	}
	return n
}
