//go:build linux

package alert

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
)

// These tests run a private dbus-daemon and a small notification server on it, and
// check what the Desktop adapter really sends over the bus.

// startTestBus runs a private session bus for one test and returns its address.
func startTestBus(t *testing.T) string {
	addr, _ := startStoppableBus(t)
	return addr
}

// startStoppableBus also returns a func that stops the bus before the test ends.
func startStoppableBus(t *testing.T) (string, func()) {
	t.Helper()
	bin, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Fatal("dbus-daemon not found: install dbus (make test does it)")
	}
	// --nofork keeps it our child, so killing it really stops it; it prints its
	// address once it listens, which is the readiness check.
	cmd := exec.Command(bin, "--session", "--print-address", "--nofork", "--address=unix:tmpdir=/tmp")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		})
	}
	t.Cleanup(stop)
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon printed no address: %v", err)
	}
	return strings.TrimSpace(line), stop
}

// call is one Notify as the server received it.
type call struct {
	id, replaces uint32
	app          string
	summary      string
	body         string
	actions      []string
	hints        map[string]dbus.Variant
	expire       int32
}

func (c call) urgency() (byte, bool) {
	v, ok := c.hints["urgency"]
	if !ok {
		return 0, false
	}
	u, ok := v.Value().(byte)
	return u, ok
}

// fakeServer owns org.freedesktop.Notifications on a test bus.
type fakeServer struct {
	conn *dbus.Conn
	caps []string
	hang chan struct{} // non-nil: Notify answers only once it is closed

	mu    sync.Mutex
	calls []call
	next  uint32
}

// startServer starts a server; a non-nil hang holds every Notify until it is closed.
func startServer(t *testing.T, addr string, hang chan struct{}, caps ...string) *fakeServer {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	s := &fakeServer{conn: conn, caps: caps, hang: hang}
	if err := conn.Export(serverMethods{s}, fdPath, fdIface); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName(fdName, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("request name: %v, %v", reply, err)
	}
	return s
}

func (s *fakeServer) received() []call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

func (s *fakeServer) emit(t *testing.T, member string, args ...any) {
	t.Helper()
	if err := s.conn.Emit(fdPath, fdIface+"."+member, args...); err != nil {
		t.Fatal(err)
	}
}

// serverMethods is what is exported: only these become D-Bus methods.
type serverMethods struct{ s *fakeServer }

func (m serverMethods) Notify(app string, replaces uint32, icon, summary, body string,
	actions []string, hints map[string]dbus.Variant, expire int32) (uint32, *dbus.Error) {
	if m.s.hang != nil {
		<-m.s.hang
	}
	m.s.mu.Lock()
	defer m.s.mu.Unlock()
	id := replaces
	if id == 0 {
		m.s.next++
		id = m.s.next
	}
	m.s.calls = append(m.s.calls, call{id: id, replaces: replaces, app: app, summary: summary, body: body,
		actions: actions, hints: hints, expire: expire})
	return id, nil
}

func (m serverMethods) GetCapabilities() ([]string, *dbus.Error) { return m.s.caps, nil }

func (m serverMethods) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "uptray-test", "uptray", "1.0", "1.2", nil
}

func (m serverMethods) CloseNotification(uint32) *dbus.Error { return nil }

// pressed is an OnAction callback that reports on a channel.
type pressed struct {
	action string
	n      Notification
}

// fallbackRecorder stands for beeep, so no test shows a real notification.
type fallbackRecorder struct {
	mu    sync.Mutex
	notes []Notification
}

func (f *fallbackRecorder) Notify(_ context.Context, n Notification) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.notes = append(f.notes, n)
	return nil
}

func (f *fallbackRecorder) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.notes)
}

func testIcon(status.Status) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func newTestDesktop(t *testing.T, addr string) (*Desktop, chan pressed, *fallbackRecorder) {
	t.Helper()
	actions := make(chan pressed, 10)
	fb := &fallbackRecorder{}
	d := NewDesktop(testIcon, func(a string, n Notification) { actions <- pressed{a, n} },
		WithBusAddress(addr), WithFallback(fb))
	t.Cleanup(func() { _ = d.Close() })
	return d, actions, fb
}

func show(t *testing.T, d *Desktop, n Notification) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := d.Notify(ctx, n); err != nil {
		t.Fatalf("Notify(%q): %v", n.Title, err)
	}
}

func waitPressed(t *testing.T, ch chan pressed) pressed {
	t.Helper()
	select {
	case p := <-ch:
		return p
	case <-time.After(5 * time.Second):
		t.Fatal("no action reached the callback")
		return pressed{}
	}
}

func TestDesktopOnAFreedesktopServer(t *testing.T) {
	t.Parallel()
	addr := startTestBus(t)
	srv := startServer(t, addr, nil, "actions", "body", "body-markup", "persistence")
	d, actions, fb := newTestDesktop(t, addr)

	first := Notification{Title: "Payments is down", Body: "Instead: pay <cash> & smile\nHTTP 503 (want 200)",
		Status: status.Down, Urgent: true, Sound: true, Services: []string{"Payments"}, Tag: "outage-1",
		Details: "Payments", Open: "https://pay.example/"}
	show(t, d, first)
	grouped := Notification{Title: "3 services down", Body: "Payments — pay cash", Status: status.Down,
		Tag: "outage-1", Details: "Payments"}
	show(t, d, grouped)
	show(t, d, Notification{Title: "Wiki is slow", Status: status.Degraded, Urgent: true})
	show(t, d, Notification{Title: "3 services back up", Status: status.Up, Tag: "outage-1"})
	show(t, d, Notification{Title: "Back online", Status: status.Up})

	got := srv.received()
	if len(got) != 5 {
		t.Fatalf("server received %d notices, want 5", len(got))
	}
	c := got[0]
	if c.app != "Uptray" || c.summary != first.Title || c.replaces != 0 {
		t.Errorf("first: app %q summary %q replaces %d", c.app, c.summary, c.replaces)
	}
	if want := "Instead: pay &lt;cash&gt; &amp; smile\nHTTP 503 (want 200)"; c.body != want {
		t.Errorf("body %q, want %q: the server reads markup", c.body, want)
	}
	if u, ok := c.urgency(); !ok || u != 2 || c.expire != 0 {
		t.Errorf("a Down notice: urgency %d (%v), expire %d; want critical and never", u, ok, c.expire)
	}
	if !slices.Equal(c.actions, []string{"details", "Details", "open", "Open"}) {
		t.Errorf("actions %q", c.actions)
	}
	if _, ok := c.hints["image-data"]; !ok {
		t.Errorf("no image-data hint: %v", c.hints)
	}
	if v, ok := c.hints["desktop-entry"]; !ok || v.Value() != "io.github.uptray.uptray" {
		t.Errorf("desktop-entry hint %v", v)
	}
	// A critical service's Down news asks for the warning sound (the spec's sound-name
	// hint, a name from the sound theme); every other notice stays silent.
	if v, ok := c.hints["sound-name"]; !ok || v.Value() != "dialog-warning" {
		t.Errorf("a loud Down notice: sound-name hint %v (%v), want \"dialog-warning\"", v, ok)
	}
	for i, other := range got[1:] {
		if v, ok := other.hints["sound-name"]; ok {
			t.Errorf("notice %d %q asks for sound %v; only Sound notices may", i+2, other.summary, v)
		}
	}
	if g := got[1]; g.replaces != c.id || g.id != c.id || !slices.Equal(g.actions, []string{"details", "Details"}) {
		t.Errorf("grouped: replaces %d (want %d), actions %q", g.replaces, c.id, g.actions)
	}
	if w := got[2]; w.expire != -1 || w.replaces != 0 || len(w.actions) != 0 {
		t.Errorf("slow: expire %d replaces %d actions %q", w.expire, w.replaces, w.actions)
	} else if u, _ := w.urgency(); u != 2 {
		t.Errorf("urgent slow notice: urgency %d, want 2", u)
	}
	if up := got[3]; up.expire != -1 || up.replaces != c.id {
		t.Errorf("recovery: expire %d replaces %d (want %d)", up.expire, up.replaces, c.id)
	} else if u, _ := up.urgency(); u != 1 {
		t.Errorf("recovery: urgency %d, want normal", u)
	}
	if got[4].replaces != 0 {
		t.Errorf("an untagged notice replaces %d", got[4].replaces)
	}

	// Buttons: only those offered on a notice we sent reach the callback.
	show(t, d, first) // replaces the recovery, which had its tag
	id := srv.received()[5].id
	srv.emit(t, "ActionInvoked", uint32(999), "details")
	srv.emit(t, "ActionInvoked", id, "bogus")
	srv.emit(t, "ActionInvoked", got[4].id, "details") // "Back online" has no Details
	srv.emit(t, "ActionInvoked", id, "open")
	if p := waitPressed(t, actions); p.action != ActionOpen || p.n.Title != first.Title || p.n.Open != first.Open {
		t.Errorf("pressed %q on %q", p.action, p.n.Title)
	}
	srv.emit(t, "ActionInvoked", id, "details")
	if p := waitPressed(t, actions); p.action != ActionDetails || p.n.Details != "Payments" {
		t.Errorf("pressed %q on %q", p.action, p.n.Title)
	}

	// Dismissed: the next notice with its tag is a new one. The ActionInvoked after
	// NotificationClosed tells when the adapter has seen the close (signals keep order).
	show(t, d, Notification{Title: "Mail is down", Status: status.Down, Details: "Mail"})
	mail := srv.received()[6].id
	srv.emit(t, "NotificationClosed", id, uint32(2))
	srv.emit(t, "ActionInvoked", mail, "details")
	if p := waitPressed(t, actions); p.n.Details != "Mail" {
		t.Errorf("pressed on %q", p.n.Title)
	}
	show(t, d, Notification{Title: "Payments is still down", Status: status.Down, Tag: "outage-1"})
	if last := srv.received()[7]; last.replaces != 0 {
		t.Errorf("after the close: replaces %d, want 0", last.replaces)
	}

	if err := d.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if len(actions) != 0 {
		t.Errorf("buttons not offered reached the callback: %v", <-actions)
	}
	if err := d.Notify(context.Background(), first); err == nil {
		t.Error("Notify after Close succeeded")
	}
	if fb.count() != 0 {
		t.Errorf("%d notices went to the fallback", fb.count())
	}
}

func TestDesktopOnAPlainServer(t *testing.T) {
	t.Parallel()
	addr := startTestBus(t)
	srv := startServer(t, addr, nil, "body")
	d, _, _ := newTestDesktop(t, addr)
	show(t, d, Notification{Title: "Payments is down", Body: "a <b> & c", Status: status.Down,
		Details: "Payments", Open: "https://pay.example/"})
	c := srv.received()[0]
	if len(c.actions) != 0 {
		t.Errorf("actions %q on a server without them", c.actions)
	}
	if c.body != "a <b> & c" {
		t.Errorf("body %q: a server without markup shows text as is", c.body)
	}
}

func TestDesktopFallsBackWithoutAServer(t *testing.T) {
	t.Parallel()
	addr := startTestBus(t)
	for _, bus := range []string{addr, "unix:path=/nonexistent/uptray-test-bus"} {
		d, _, fb := newTestDesktop(t, bus)
		show(t, d, Notification{Title: "Payments is down", Status: status.Down})
		if fb.count() != 1 {
			t.Errorf("bus %s: the fallback got %d notices, want 1", bus, fb.count())
		}
	}
}

func TestDesktopFallsBackWhenTheBusGoes(t *testing.T) {
	t.Parallel()
	addr, stop := startStoppableBus(t)
	srv := startServer(t, addr, nil, "body")
	d, _, fb := newTestDesktop(t, addr)
	show(t, d, Notification{Title: "A is down", Status: status.Down})
	stop()
	show(t, d, Notification{Title: "B is down", Status: status.Down})
	if len(srv.received()) != 1 || fb.count() != 1 {
		t.Errorf("server got %d, fallback %d; want 1 each", len(srv.received()), fb.count())
	}
}

func TestDesktopReturnsWhenTheServerHangs(t *testing.T) {
	t.Parallel()
	addr := startTestBus(t)
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })
	startServer(t, addr, hang, "body")
	d, _, fb := newTestDesktop(t, addr)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := d.Notify(ctx, Notification{Title: "A is down", Status: status.Down}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Notify = %v, want the deadline", err)
	}
	if fb.count() != 0 {
		t.Error("a hung server sent the notice to the fallback as well")
	}
}

func TestDesktopConcurrentUse(t *testing.T) {
	t.Parallel()
	addr := startTestBus(t)
	srv := startServer(t, addr, nil, "actions", "body")
	d, _, _ := newTestDesktop(t, addr)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 5 {
				n := Notification{Title: "A is down", Status: status.Down, Tag: []string{"x", "y"}[(g+i)%2], Details: "A"}
				if err := d.Notify(context.Background(), n); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	got := srv.received()
	if len(got) != 40 {
		t.Fatalf("received %d, want 40", len(got))
	}
	ids := map[uint32]bool{}
	for _, c := range got {
		ids[c.id] = true
	}
	if len(ids) != 2 {
		t.Errorf("%d distinct notices on screen, want one per tag", len(ids))
	}
}

// The buttons speak the user's language too; the action keys do not change.
func TestDesktopButtonsInKorean(t *testing.T) {
	i18n.SetLanguage("ko")
	t.Cleanup(func() { i18n.SetLanguage("en") })
	addr := startTestBus(t)
	srv := startServer(t, addr, nil, "actions", "body")
	d, _, _ := newTestDesktop(t, addr)
	show(t, d, Notification{Title: "Payments 장애", Status: status.Down, Details: "Payments", Open: "https://pay.example/"})
	if got := srv.received()[0].actions; !slices.Equal(got, []string{"details", "상세 정보", "open", "열기"}) {
		t.Errorf("actions %q, want Korean labels on the same keys", got)
	}
}
