package e2e

// A fake StatusNotifierWatcher: the desktop-side registry a tray icon announces
// itself to. fyne.io/systray exports its item even without one, but then logs
// "failed to register" and the test has to guess the item's bus name. With this
// fake, the item's registration both proves the app did the right thing and
// tells the test exactly which connection to read the icon and menu from.

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/introspect"
	"github.com/godbus/dbus/v5/prop"
)

const (
	watcherName  = "org.kde.StatusNotifierWatcher"
	watcherPath  = dbus.ObjectPath("/StatusNotifierWatcher")
	watcherIface = "org.kde.StatusNotifierWatcher"
)

// Registration is one RegisterStatusNotifierItem call.
type Registration struct {
	Sender  string // unique bus name of the caller (":1.5"): where the item lives
	Service string // the argument: fyne.io/systray sends its object path, "/StatusNotifierItem"
	At      time.Time
}

type fakeWatcher struct {
	conn  *dbus.Conn
	props *prop.Properties

	mu      sync.Mutex
	regs    []Registration
	changed chan struct{} // closed and replaced on every registration
}

// startWatcher connects to the bus at addr and becomes the watcher.
func startWatcher(t testing.TB, addr string) *fakeWatcher {
	t.Helper()
	conn := connectBus(t, addr)
	w := &fakeWatcher{conn: conn, changed: make(chan struct{})}

	srv := watcherServer{w}
	if err := conn.Export(srv, watcherPath, watcherIface); err != nil {
		t.Fatalf("export watcher: %v", err)
	}
	// Properties a host-side reader (and some items) query; a host is
	// "registered" so items believe someone will actually show them.
	props, err := prop.Export(conn, watcherPath, prop.Map{
		watcherIface: {
			"IsStatusNotifierHostRegistered": {Value: true, Emit: prop.EmitTrue},
			"ProtocolVersion":                {Value: int32(0), Emit: prop.EmitTrue},
			"RegisteredStatusNotifierItems":  {Value: []string{}, Emit: prop.EmitTrue},
		},
	})
	if err != nil {
		t.Fatalf("export watcher properties: %v", err)
	}
	w.props = props
	node := &introspect.Node{
		Name: string(watcherPath),
		Interfaces: []introspect.Interface{
			introspect.IntrospectData,
			prop.IntrospectData,
			{
				Name:       watcherIface,
				Methods:    introspect.Methods(srv),
				Properties: props.Introspection(watcherIface),
				Signals: []introspect.Signal{
					{Name: "StatusNotifierItemRegistered", Args: []introspect.Arg{{Type: "s"}}},
					{Name: "StatusNotifierItemUnregistered", Args: []introspect.Arg{{Type: "s"}}},
					{Name: "StatusNotifierHostRegistered"},
				},
			},
		},
	}
	if err := conn.Export(introspect.NewIntrospectable(node), watcherPath, "org.freedesktop.DBus.Introspectable"); err != nil {
		t.Fatalf("export watcher introspection: %v", err)
	}
	requestPrimaryName(t, conn, watcherName)
	return w
}

// Registrations returns a copy of every registration so far, oldest first.
// The same sender may appear more than once: systray re-registers whenever the
// watcher name changes owner.
func (w *fakeWatcher) Registrations() []Registration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Registration(nil), w.regs...)
}

// Item waits up to timeout for an item to register and returns the bus name
// (the caller's unique name) to read it from. It fails the test on timeout.
func (w *fakeWatcher) Item(t testing.TB, timeout time.Duration) string {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		w.mu.Lock()
		if len(w.regs) > 0 {
			s := w.regs[0].Sender
			w.mu.Unlock()
			return s
		}
		changed := w.changed
		w.mu.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("no StatusNotifierItem registered with the watcher within %v", timeout)
			return ""
		}
	}
}

// watcherServer is the exported D-Bus face (kept apart from fakeWatcher so
// its test-side methods are not exported on the bus).
type watcherServer struct{ w *fakeWatcher }

// RegisterStatusNotifierItem records the caller. godbus fills a dbus.Sender
// parameter with the message's sender; it is not part of the D-Bus signature.
func (s watcherServer) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	w := s.w
	// The spec's item id: "busname/path" when given a path, else the name.
	id := service
	if strings.HasPrefix(service, "/") {
		id = string(sender) + service
	}
	w.mu.Lock()
	w.regs = append(w.regs, Registration{Sender: string(sender), Service: service, At: time.Now()})
	var ids []string
	seen := map[string]bool{}
	for _, r := range w.regs {
		rid := r.Service
		if strings.HasPrefix(rid, "/") {
			rid = r.Sender + rid
		}
		if !seen[rid] {
			seen[rid] = true
			ids = append(ids, rid)
		}
	}
	close(w.changed)
	w.changed = make(chan struct{})
	w.mu.Unlock()

	w.props.SetMust(watcherIface, "RegisteredStatusNotifierItems", ids)
	_ = w.conn.Emit(watcherPath, watcherIface+".StatusNotifierItemRegistered", id)
	return nil
}

// RegisterStatusNotifierHost accepts and ignores hosts (we already claim one).
func (s watcherServer) RegisterStatusNotifierHost(service string) *dbus.Error {
	return nil
}
