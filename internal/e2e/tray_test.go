package e2e

// Reading the app's tray the way a desktop panel does: the StatusNotifierItem
// (icon, title, tooltip) on /StatusNotifierItem and its com.canonical.dbusmenu
// menu on /StatusNotifierMenu. This is exactly what a user sees, so it is what
// the end-to-end test asserts on.
//
// The getters (IconPixmap, Title, ToolTip, IconColour, MenuLabels) return zero
// values on a D-Bus error instead of failing: they are meant to be polled
// inside WaitUntil, where a read racing a menu rebuild or the app's start-up is
// normal. When a wait times out, the *Err variants say why.

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

const (
	itemPath  = dbus.ObjectPath("/StatusNotifierItem")
	itemIface = "org.kde.StatusNotifierItem"
	menuPath  = dbus.ObjectPath("/StatusNotifierMenu")
	menuIface = "com.canonical.dbusmenu"

	callTimeout = 5 * time.Second // one D-Bus round trip; a hung app fails fast
)

// trayClient reads one tray item. dest is the item's bus name: the sender the
// fake watcher recorded, or "org.kde.StatusNotifierItem-<pid>-1".
type trayClient struct {
	conn *dbus.Conn
	dest string
}

// newTrayClient opens its own connection to the bus, closed at test end.
func newTrayClient(t testing.TB, busAddress, dest string) *trayClient {
	t.Helper()
	return &trayClient{conn: connectBus(t, busAddress), dest: dest}
}

func (c *trayClient) call(path dbus.ObjectPath, method string, args ...any) *dbus.Call {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	return c.conn.Object(c.dest, path).CallWithContext(ctx, method, 0, args...)
}

func (c *trayClient) itemProp(name string) (dbus.Variant, error) {
	var v dbus.Variant
	err := c.call(itemPath, "org.freedesktop.DBus.Properties.Get", itemIface, name).Store(&v)
	return v, err
}

// pixmap is one entry of the IconPixmap a(iiay) array.
type pixmap struct {
	W, H int32
	Pix  []byte // ARGB32 in network byte order: A,R,G,B per pixel, row by row
}

// IconPixmapErr returns the largest pixmap of the item's IconPixmap.
func (c *trayClient) IconPixmapErr() (w, h int, argb []byte, err error) {
	v, err := c.itemProp("IconPixmap")
	if err != nil {
		return 0, 0, nil, err
	}
	var pms []pixmap
	if err := v.Store(&pms); err != nil {
		return 0, 0, nil, fmt.Errorf("IconPixmap is %s: %w", v.Signature(), err)
	}
	best := -1
	for i, p := range pms {
		if best < 0 || int(p.W)*int(p.H) > int(pms[best].W)*int(pms[best].H) {
			best = i
		}
	}
	if best < 0 {
		return 0, 0, nil, fmt.Errorf("IconPixmap is empty")
	}
	p := pms[best]
	if int(p.W)*int(p.H)*4 != len(p.Pix) {
		return 0, 0, nil, fmt.Errorf("IconPixmap %dx%d has %d bytes, want %d", p.W, p.H, len(p.Pix), p.W*p.H*4)
	}
	return int(p.W), int(p.H), p.Pix, nil
}

// IconPixmap: see IconPixmapErr; zero values on error.
func (c *trayClient) IconPixmap() (w, h int, argb []byte) {
	w, h, argb, _ = c.IconPixmapErr()
	return w, h, argb
}

// TitleErr returns the item's Title property (Fyne sets it to the app name).
func (c *trayClient) TitleErr() (string, error) {
	v, err := c.itemProp("Title")
	if err != nil {
		return "", err
	}
	var s string
	err = v.Store(&s)
	return s, err
}

// Title: see TitleErr; "" on error.
func (c *trayClient) Title() string {
	s, _ := c.TitleErr()
	return s
}

// ToolTipErr returns the title field of the ToolTip property, a
// (icon name s, icons a(iiay), title s, description s) struct.
func (c *trayClient) ToolTipErr() (string, error) {
	v, err := c.itemProp("ToolTip")
	if err != nil {
		return "", err
	}
	var tt struct {
		IconName    string
		Icons       []pixmap
		Title       string
		Description string
	}
	if err := v.Store(&tt); err != nil {
		return "", fmt.Errorf("ToolTip is %s: %w", v.Signature(), err)
	}
	return tt.Title, nil
}

// ToolTip: see ToolTipErr; "" on error.
func (c *trayClient) ToolTip() string {
	s, _ := c.ToolTipErr()
	return s
}

// The app's exact state colours (assets), by name.
var iconColours = []struct {
	name    string
	r, g, b float64
}{
	{"green", 46, 125, 50},
	{"amber", 249, 168, 37},
	{"red", 198, 40, 40},
	{"grey", 117, 117, 117},
}

// IconColourErr classifies the icon by the average colour of its opaque
// pixels, nearest of green, amber, red, grey.
//
// Only fully opaque pixels are averaged when there are any: fyne.io/systray
// builds the ARGB bytes with byte(r) of the 16-bit, alpha-premultiplied value
// from image.Color.RGBA(), i.e. the LOW byte, which is right for opaque pixels
// (c*0x101 has low byte c) but noise for anti-aliased edge pixels. If the icon
// had no fully opaque pixel we fall back to alpha > 128.
func (c *trayClient) IconColourErr() (string, error) {
	w, h, argb, err := c.IconPixmapErr()
	if err != nil {
		return "", err
	}
	return classifyARGB(w, h, argb)
}

func classifyARGB(w, h int, argb []byte) (string, error) {
	avg := func(minAlpha byte) (r, g, b float64, n int) {
		for i := 0; i+3 < len(argb); i += 4 {
			// The white glyph (tick, cross…) is not the state's colour: skip it.
			white := argb[i+1] > 200 && argb[i+2] > 200 && argb[i+3] > 200
			if argb[i] >= minAlpha && !white {
				r += float64(argb[i+1])
				g += float64(argb[i+2])
				b += float64(argb[i+3])
				n++
			}
		}
		if n > 0 {
			r, g, b = r/float64(n), g/float64(n), b/float64(n)
		}
		return r, g, b, n
	}
	r, g, b, n := avg(255)
	if n == 0 {
		r, g, b, n = avg(129)
	}
	if n == 0 {
		return "", fmt.Errorf("icon %dx%d has no opaque pixel", w, h)
	}
	best, bestD := "", math.Inf(1)
	for _, col := range iconColours {
		d := math.Hypot(math.Hypot(r-col.r, g-col.g), b-col.b)
		if d < bestD {
			best, bestD = col.name, d
		}
	}
	return best, nil
}

// IconColour: see IconColourErr; "" on error.
func (c *trayClient) IconColour() string {
	s, _ := c.IconColourErr()
	return s
}

// menuEntry is one visible, non-separator menu item, in depth-first order.
type menuEntry struct {
	ID      int32
	Parent  int32 // 0 for top-level items
	Depth   int   // 0 for top-level items
	Label   string
	Enabled bool
	Submenu bool // it has children
}

// MenuErr fetches the whole menu with GetLayout(0, -1, []) and flattens it
// depth-first: a submenu's children follow their parent. Separators and
// items with visible=false are left out.
func (c *trayClient) MenuErr() ([]menuEntry, error) {
	var revision uint32
	var root []any // (ia{sv}av) arrives as a generic struct
	call := c.call(menuPath, menuIface+".GetLayout", int32(0), int32(-1), []string{})
	if call.Err != nil {
		return nil, call.Err
	}
	if len(call.Body) != 2 {
		return nil, fmt.Errorf("GetLayout returned %d values, want 2", len(call.Body))
	}
	if err := dbus.Store(call.Body, &revision, &root); err != nil {
		return nil, fmt.Errorf("GetLayout reply: %w", err)
	}
	var out []menuEntry
	var walk func(node []any, parent int32, depth int) error
	walk = func(node []any, parent int32, depth int) error {
		if len(node) != 3 {
			return fmt.Errorf("menu node has %d fields, want 3 (ia{sv}av)", len(node))
		}
		children, ok := node[2].([]dbus.Variant)
		if !ok {
			return fmt.Errorf("menu node children are %T", node[2])
		}
		for _, cv := range children {
			child, ok := cv.Value().([]any)
			if !ok || len(child) != 3 {
				return fmt.Errorf("menu child is %s, want (ia{sv}av)", cv.Signature())
			}
			id, _ := child[0].(int32)
			props, _ := child[1].(map[string]dbus.Variant)
			if str(props, "type") == "separator" {
				continue
			}
			if vis, ok := props["visible"].Value().(bool); ok && !vis {
				continue
			}
			enabled := true
			if en, ok := props["enabled"].Value().(bool); ok {
				enabled = en
			}
			grand, _ := child[2].([]dbus.Variant)
			out = append(out, menuEntry{
				ID: id, Parent: parent, Depth: depth, Label: str(props, "label"),
				Enabled: enabled, Submenu: len(grand) > 0 || str(props, "children-display") == "submenu",
			})
			if err := walk(child, id, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root, 0, 0); err != nil {
		return nil, err
	}
	return out, nil
}

func str(props map[string]dbus.Variant, key string) string {
	v, ok := props[key]
	if !ok {
		return ""
	}
	s, _ := v.Value().(string)
	return s
}

// MenuLabels returns the labels of MenuErr, in order; nil on error.
func (c *trayClient) MenuLabels() []string {
	entries, err := c.MenuErr()
	if err != nil {
		return nil
	}
	labels := make([]string, 0, len(entries))
	for _, e := range entries {
		labels = append(labels, e.Label)
	}
	return labels
}

// Click activates the menu item with exactly this label, as a panel does when
// the user picks it. Ids change on every menu refresh, so it looks the id up
// fresh each time. A read can catch the menu half rebuilt (fyne.io/systray
// updates the layout item by item), so a missing label is looked for again for
// up to clickWait before the test fails; an ambiguous label fails at once.
func (c *trayClient) Click(t testing.TB, label string) {
	t.Helper()
	const clickWait = 5 * time.Second
	deadline := time.Now().Add(clickWait)
	var found []menuEntry
	for {
		entries, err := c.MenuErr()
		var labels []string
		found = found[:0]
		for _, e := range entries {
			labels = append(labels, fmt.Sprintf("%q", e.Label))
			if e.Label == label {
				found = append(found, e)
			}
		}
		if len(found) > 1 {
			t.Fatalf("click %q: %d items have that label", label, len(found))
		}
		if len(found) == 1 {
			break
		}
		if time.Now().After(deadline) {
			if err != nil {
				t.Fatalf("click %q: reading menu: %v", label, err)
			}
			t.Fatalf("click %q: no such menu item for %v; menu is [%s]", label, clickWait, strings.Join(labels, ", "))
		}
		time.Sleep(100 * time.Millisecond)
	}
	e := found[0]
	if !e.Enabled {
		t.Fatalf("click %q: the item is disabled", label)
	}
	// Real panels send AboutToShow (and "opened") for a submenu before the
	// user can reach its items; some implementations build the submenu only
	// then. fyne.io/systray ignores it, so it is harmless here.
	if e.Parent != 0 {
		if call := c.call(menuPath, menuIface+".AboutToShow", e.Parent); call.Err != nil {
			t.Fatalf("click %q: AboutToShow(%d): %v", label, e.Parent, call.Err)
		}
	}
	call := c.call(menuPath, menuIface+".Event", e.ID, "clicked", dbus.MakeVariant(""), uint32(0))
	if call.Err != nil && label == "Quit" && strings.Contains(call.Err.Error(), "disconnected from message bus") {
		return // it quit before its answer went out: a panel does not wait for one either
	}
	if call.Err != nil {
		t.Fatalf("click %q: Event(%d, clicked): %v", label, e.ID, call.Err)
	}
}

// Alive reports whether the item's bus name still has an owner: false once the
// app has quit (or crashed) and its connection is gone.
func (c *trayClient) Alive() bool {
	var has bool
	err := c.conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, c.dest).Store(&has)
	return err == nil && has
}

// WaitUntil polls cond every 100 ms until it holds, failing the test with
// "timed out after … waiting for <what>" at the deadline. It is the only way
// the E2E tests wait: never a bare sleep as synchronisation.
func WaitUntil(t testing.TB, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		<-tick.C
	}
}
