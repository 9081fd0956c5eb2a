package e2e

// A fake desktop notification daemon (org.freedesktop.Notifications, spec 1.2)
// that records what the app asked to show. It replaces dunst/notify-osd so the
// test can assert on the exact summary, body and urgency, with no screen needed.

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/introspect"
)

const (
	notifyName  = "org.freedesktop.Notifications"
	notifyPath  = dbus.ObjectPath("/org/freedesktop/Notifications")
	notifyIface = "org.freedesktop.Notifications"
)

// Note is one Notify call as the daemon received it.
type Note struct {
	ID         uint32 // the id the daemon answered with
	AppName    string // beeep sends beeep.AppName ("Uptray")
	ReplacesID uint32
	AppIcon    string
	Summary    string
	Body       string
	Actions    []string
	Urgency    byte // hint "urgency": 0 low, 1 normal, 2 critical; see HasUrgency
	HasUrgency bool
	HasImage   bool     // any of image-data, image_data, image-path, image_path, icon_data
	HintKeys   []string // sorted, for diagnostics and less common assertions
	Expire     int32    // expire_timeout in ms (-1 = server default)
	At         time.Time
}

func (n Note) String() string {
	return fmt.Sprintf("{id=%d replaces=%d app=%q summary=%q body=%q urgency=%d expire=%d actions=%q image=%v hints=%v}",
		n.ID, n.ReplacesID, n.AppName, n.Summary, n.Body, n.Urgency, n.Expire, n.Actions, n.HasImage, n.HintKeys)
}

// Lines is the body split into lines.
func (n Note) Lines() []string { return strings.Split(n.Body, "\n") }

// Action returns the label of the action with this key, and whether there is one.
// Actions arrive as a flat list: key, label, key, label…
func (n Note) Action(key string) (label string, ok bool) {
	for i := 0; i+1 < len(n.Actions); i += 2 {
		if n.Actions[i] == key {
			return n.Actions[i+1], true
		}
	}
	return "", false
}

// allCapabilities is what a full-featured daemon (dunst, GNOME Shell) advertises.
var allCapabilities = []string{"actions", "body", "body-markup", "icon-static", "persistence", "sound"}

// fakeNotifyd records notifications. Safe for concurrent use: godbus calls the
// exported methods on its own goroutines while the test reads.
type fakeNotifyd struct {
	conn *dbus.Conn

	mu       sync.Mutex
	caps     []string // what GetCapabilities answers
	capCalls int
	notes    []Note
	closed   []uint32        // ids the app asked to close (CloseNotification)
	gone     map[uint32]bool // ids no longer shown: closed by the app or by the test
	nextID   uint32
	changed  chan struct{} // closed and replaced on every Notify: wakes WaitFor
}

// startNotifyd connects to the bus at addr, exports the daemon and takes the
// well-known name. It fails the test unless it becomes the primary owner: a
// second daemon silently answering instead would make every assertion a lie.
func startNotifyd(t testing.TB, addr string) *fakeNotifyd {
	t.Helper()
	return startNotifydWith(t, addr, allCapabilities)
}

// startNotifydWith is startNotifyd advertising exactly caps in GetCapabilities
// (e.g. only "body": no actions, no markup, as some minimal daemons do).
func startNotifydWith(t testing.TB, addr string, caps []string) *fakeNotifyd {
	t.Helper()
	conn := connectBus(t, addr)
	d := &fakeNotifyd{conn: conn, changed: make(chan struct{}), gone: map[uint32]bool{},
		caps: append([]string(nil), caps...)}

	// Export before taking the name, so no call can arrive at an empty path.
	srv := notifyServer{d}
	if err := conn.Export(srv, notifyPath, notifyIface); err != nil {
		t.Fatalf("export notification daemon: %v", err)
	}
	// Some clients (gdbus, libnotify tools) introspect before calling.
	node := &introspect.Node{
		Name: string(notifyPath),
		Interfaces: []introspect.Interface{
			introspect.IntrospectData,
			{Name: notifyIface, Methods: introspect.Methods(srv), Signals: []introspect.Signal{
				{Name: "NotificationClosed", Args: []introspect.Arg{{Name: "id", Type: "u"}, {Name: "reason", Type: "u"}}},
				{Name: "ActionInvoked", Args: []introspect.Arg{{Name: "id", Type: "u"}, {Name: "action_key", Type: "s"}}},
			}},
		},
	}
	if err := conn.Export(introspect.NewIntrospectable(node), notifyPath, "org.freedesktop.DBus.Introspectable"); err != nil {
		t.Fatalf("export introspection: %v", err)
	}
	requestPrimaryName(t, conn, notifyName)
	return d
}

// Notifications returns a copy of everything received so far, oldest first.
func (d *fakeNotifyd) Notifications() []Note {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]Note(nil), d.notes...)
}

// Closed returns the ids the app asked to close, oldest first.
func (d *fakeNotifyd) Closed() []uint32 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]uint32(nil), d.closed...)
}

// SetCapabilities changes what GetCapabilities answers from now on.
func (d *fakeNotifyd) SetCapabilities(caps ...string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.caps = append([]string(nil), caps...)
}

// CapabilityCalls counts GetCapabilities calls (diagnostics).
func (d *fakeNotifyd) CapabilityCalls() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.capCalls
}

// Visible returns what a user would see on screen now: for each notification id
// the latest Notify with that id (a replacement updates the notice in place),
// leaving out the ones closed since, in the order they first appeared. Only ids
// first shown at or after since count.
func (d *fakeNotifyd) Visible(since time.Time) []Note {
	d.mu.Lock()
	defer d.mu.Unlock()
	latest := map[uint32]int{}
	var order []uint32
	for i, n := range d.notes {
		if _, seen := latest[n.ID]; !seen {
			if n.At.Before(since) {
				latest[n.ID] = -1 // shown before since: not ours, even if replaced later
				continue
			}
			order = append(order, n.ID)
		}
		if latest[n.ID] != -1 {
			latest[n.ID] = i
		}
	}
	var out []Note
	for _, id := range order {
		if !d.gone[id] {
			out = append(out, d.notes[latest[id]])
		}
	}
	return out
}

// InvokeAction emits ActionInvoked(id, key), as a daemon does when the user
// clicks that action's button, then NotificationClosed(id, 2: dismissed by the
// user), as a daemon does for a notice that is not resident.
func (d *fakeNotifyd) InvokeAction(t testing.TB, id uint32, key string) {
	t.Helper()
	if err := d.conn.Emit(notifyPath, notifyIface+".ActionInvoked", id, key); err != nil {
		t.Fatalf("emit ActionInvoked(%d, %q): %v", id, key, err)
	}
	d.Dismiss(t, id, 2)
}

// Dismiss emits NotificationClosed(id, reason) (1 expired, 2 dismissed by the
// user, 3 closed by CloseNotification, 4 undefined) and stops showing it.
func (d *fakeNotifyd) Dismiss(t testing.TB, id, reason uint32) {
	t.Helper()
	d.mu.Lock()
	d.gone[id] = true
	d.mu.Unlock()
	if err := d.conn.Emit(notifyPath, notifyIface+".NotificationClosed", id, reason); err != nil {
		t.Fatalf("emit NotificationClosed(%d, %d): %v", id, reason, err)
	}
}

// WaitFor returns the first notification (oldest first) matching pred, waiting
// up to timeout for it to arrive; on timeout it fails the test and lists what
// did arrive. It wakes on each Notify instead of polling.
func (d *fakeNotifyd) WaitFor(t testing.TB, pred func(Note) bool, timeout time.Duration) Note {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		d.mu.Lock()
		for _, n := range d.notes {
			if pred(n) {
				d.mu.Unlock()
				return n
			}
		}
		changed := d.changed
		d.mu.Unlock()

		select {
		case <-changed:
		case <-deadline.C:
			var got []string
			for _, n := range d.Notifications() {
				got = append(got, "  "+n.String())
			}
			t.Fatalf("no matching notification within %v; received %d:\n%s",
				timeout, len(got), strings.Join(got, "\n"))
			return Note{}
		}
	}
}

// notifyServer is what is exported on the bus. It is separate from fakeNotifyd
// because godbus exports every exported method of the value it is given, and
// the test-side methods (Notifications, WaitFor) must not become D-Bus methods.
type notifyServer struct{ d *fakeNotifyd }

// Notify implements org.freedesktop.Notifications.Notify (susssasa{sv}i → u).
func (s notifyServer) Notify(appName string, replacesID uint32, appIcon, summary, body string,
	actions []string, hints map[string]dbus.Variant, expireTimeout int32) (uint32, *dbus.Error) {
	n := Note{
		AppName: appName, ReplacesID: replacesID, AppIcon: appIcon,
		Summary: summary, Body: body, Actions: actions, Expire: expireTimeout,
		At: time.Now(),
	}
	for k := range hints {
		n.HintKeys = append(n.HintKeys, k)
		switch k {
		case "image-data", "image_data", "image-path", "image_path", "icon_data":
			n.HasImage = true
		}
	}
	sort.Strings(n.HintKeys)
	if v, ok := hints["urgency"]; ok {
		// The spec says BYTE; be lenient with clients that send another integer.
		switch u := v.Value().(type) {
		case byte:
			n.Urgency, n.HasUrgency = u, true
		case int32:
			n.Urgency, n.HasUrgency = byte(u), true
		case uint32:
			n.Urgency, n.HasUrgency = byte(u), true
		}
	}

	d := s.d
	d.mu.Lock()
	if replacesID != 0 && replacesID <= d.nextID && !d.gone[replacesID] {
		n.ID = replacesID // the spec: a replacement keeps its id
	} else {
		// Nothing shown to replace (never was, or closed since): a new notice,
		// as real daemons do.
		d.nextID++
		n.ID = d.nextID
	}
	d.notes = append(d.notes, n)
	close(d.changed)
	d.changed = make(chan struct{})
	d.mu.Unlock()
	return n.ID, nil
}

// GetCapabilities answers the capabilities the test chose (allCapabilities by
// default); clients degrade (drop actions, markup…) by what it says.
func (s notifyServer) GetCapabilities() ([]string, *dbus.Error) {
	s.d.mu.Lock()
	defer s.d.mu.Unlock()
	s.d.capCalls++
	return append([]string(nil), s.d.caps...), nil
}

// GetServerInformation returns (name, vendor, version, spec_version).
func (s notifyServer) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "uptray-e2e-notifyd", "uptray", "1.0", "1.2", nil
}

// CloseNotification records the request and emits NotificationClosed with
// reason 3 ("closed by a call to CloseNotification"), as a real daemon does.
func (s notifyServer) CloseNotification(id uint32) *dbus.Error {
	s.d.mu.Lock()
	s.d.closed = append(s.d.closed, id)
	s.d.gone[id] = true
	s.d.mu.Unlock()
	_ = s.d.conn.Emit(notifyPath, notifyIface+".NotificationClosed", id, uint32(3))
	return nil
}

// connectBus opens a private connection (not dbus.SessionBus(), which is a
// process-wide singleton tied to the developer's session) and closes it when
// the test ends.
func connectBus(t testing.TB, addr string) *dbus.Conn {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatalf("connect to bus %s: %v", addr, err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// requestPrimaryName takes a well-known name and fails unless we own it now
// (DoNotQueue: being queued behind another owner would be a silent failure).
func requestPrimaryName(t testing.TB, conn *dbus.Conn, name string) {
	t.Helper()
	reply, err := conn.RequestName(name, dbus.NameFlagDoNotQueue)
	if err != nil {
		t.Fatalf("request name %s: %v", name, err)
	}
	if reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("request name %s: not the primary owner (reply %d)", name, reply)
	}
}
