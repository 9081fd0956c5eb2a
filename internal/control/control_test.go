package control

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/status"
)

// fakeHandler stands in for the engine: it records commands and publishes snapshots the
// way monitor.Engine does, with a non-blocking send to channels of one.
type fakeHandler struct {
	mu        sync.Mutex
	snap      status.Snapshot
	updates   []chan struct{}
	calls     []string
	snapCalls int
	onOpen    func(window, service string)
}

func (f *fakeHandler) Snapshot() status.Snapshot {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.snapCalls++
	return f.snap
}

func (f *fakeHandler) Updates() (<-chan struct{}, func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := make(chan struct{}, 1)
	f.updates = append(f.updates, ch)
	return ch, func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.updates = slices.DeleteFunc(f.updates, func(c chan struct{}) bool { return c == ch })
	}
}

func (f *fakeHandler) publish(s status.Snapshot) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.snap = s
	for _, ch := range f.updates {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

func (f *fakeHandler) subscribers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.updates)
}

func (f *fakeHandler) record(call string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call)
}

func (f *fakeHandler) recorded() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *fakeHandler) CheckNow(name string) { f.record("check " + name) }
func (f *fakeHandler) CheckAll()            { f.record("check all") }
func (f *fakeHandler) Pause(until time.Time) {
	f.record("pause " + until.UTC().Format(time.RFC3339))
}
func (f *fakeHandler) Resume() { f.record("resume") }
func (f *fakeHandler) Reload() { f.record("reload") }
func (f *fakeHandler) Open(window, service string) {
	f.record("open " + window + " " + service)
	if f.onOpen != nil {
		f.onOpen(window, service)
	}
}

// snapshot returns a snapshot marked n (in its first service's Checks), with services
// services whose fields are as long as the engine lets them be.
func snapshot(n, services int) status.Snapshot {
	s := status.Snapshot{Overall: status.Up, At: time.Unix(1700000000, 0).UTC()}
	long := strings.Repeat("connect: connection refused ", 8)[:200]
	for i := range max(services, 1) {
		s.Services = append(s.Services, status.ServiceState{
			Name: fmt.Sprintf("Service %04d with a long name", i), Kind: "http",
			Target: "https://intranet.example.com/health/" + strings.Repeat("x", 160),
			Group:  "Finance", Fallback: long, Status: status.Down,
			Since: s.At, Last: status.Result{Status: status.Down, Reason: long, At: s.At}, Checks: 1,
		})
	}
	s.Services[0].Checks = n
	return s
}

// sockPath is a socket path short enough for AF_UNIX (t.TempDir can be too long).
func sockPath(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "up")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "s.sock")
}

func listen(t *testing.T, path string, h Handler) *Server {
	t.Helper()
	s, err := Listen(path, h, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func dial(t *testing.T, path, role string) *Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := Dial(ctx, path, role)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// raw is a client that speaks the protocol by hand, to send what Client never would.
type raw struct {
	t  *testing.T
	nc net.Conn
	sc *bufio.Scanner
}

func dialRaw(t *testing.T, path string) *raw {
	t.Helper()
	nc, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	return &raw{t: t, nc: nc, sc: newScanner(nc)}
}

func (r *raw) send(lines ...string) {
	r.t.Helper()
	for _, l := range lines {
		if _, err := r.nc.Write([]byte(l + "\n")); err != nil {
			r.t.Fatal(err)
		}
	}
}

// next reads one message, or fails after wait.
func (r *raw) next(wait time.Duration) (Message, error) {
	r.nc.SetReadDeadline(time.Now().Add(wait))
	if !r.sc.Scan() {
		if r.sc.Err() == nil {
			return Message{}, errors.New("EOF")
		}
		return Message{}, r.sc.Err()
	}
	return decode(r.sc.Bytes())
}

func recvSnap(t *testing.T, ch <-chan status.Snapshot) status.Snapshot {
	t.Helper()
	select {
	case s, ok := <-ch:
		if !ok {
			t.Fatal("snapshots closed")
		}
		return s
	case <-time.After(5 * time.Second):
		t.Fatal("no snapshot")
	}
	return status.Snapshot{}
}

// eventually polls cond for up to 5 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal(what)
		}
	}
}

func TestSecondListenGetsErrRunning(t *testing.T) {
	path := sockPath(t)
	h := &fakeHandler{}
	listen(t, path, h)
	if _, err := Listen(path, h, nil); !errors.Is(err, ErrRunning) {
		t.Fatalf("second Listen: %v, want ErrRunning", err)
	}
	// The first still serves, and a second start tells it what to open.
	if err := Tell(path, Message{Type: TypeOpen, Window: WindowSettings}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "Tell did not reach Open", func() bool { return slices.Contains(h.recorded(), "open settings ") })
}

func TestStaleSocketIsTakenOver(t *testing.T) {
	path := sockPath(t)
	// A socket file nobody listens on, as a crashed resident leaves it.
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("stale socket not left behind: %v", err)
	}
	h := &fakeHandler{snap: snapshot(7, 1)}
	listen(t, path, h)
	c := dial(t, path, RoleWindows)
	c.Send(Message{Type: TypeSubscribe})
	if got := recvSnap(t, c.Snapshots()).Services[0].Checks; got != 7 {
		t.Fatalf("snapshot %d, want 7", got)
	}
}

func TestSubscribeGetsSnapshotAtOnceAndAfterEachUpdate(t *testing.T) {
	path := sockPath(t)
	h := &fakeHandler{snap: snapshot(1, 3)}
	listen(t, path, h)
	c := dial(t, path, RoleWindows)
	if err := c.Send(Message{Type: TypeSubscribe}); err != nil {
		t.Fatal(err)
	}
	first := recvSnap(t, c.Snapshots())
	if first.Services[0].Checks != 1 || len(first.Services) != 3 || first.Services[1].Status != status.Down {
		t.Fatalf("first snapshot: %+v", first.Services[0])
	}
	for n := 2; n <= 3; n++ {
		h.publish(snapshot(n, 3))
		if got := recvSnap(t, c.Snapshots()).Services[0].Checks; got != n {
			t.Fatalf("after update %d got snapshot %d", n, got)
		}
	}
}

func TestSlowSubscriberGetsTheNewestNotABacklog(t *testing.T) {
	path := sockPath(t)
	// Each snapshot is larger than the socket's buffer, so the server's write blocks
	// while the client does not read.
	h := &fakeHandler{snap: snapshot(0, 1000)}
	listen(t, path, h)
	r := dialRaw(t, path)
	r.send(`{"v":1,"type":"hello","role":"windows"}`, `{"v":1,"type":"subscribe"}`)
	eventually(t, "not subscribed", func() bool { return h.subscribers() == 1 })

	const updates = 300
	base := snapshot(0, 1000)
	var publishing time.Duration
	for n := 1; n <= updates; n++ {
		next := base
		next.Services = slices.Clone(base.Services)
		next.Services[0].Checks = n
		start := time.Now()
		h.publish(next)
		publishing += time.Since(start)
	}
	if publishing > 100*time.Millisecond {
		t.Fatalf("publishing %d updates took %v: the engine waited for a slow client", updates, publishing)
	}
	time.Sleep(300 * time.Millisecond) // the client is still not reading

	var got []int
	for len(got) == 0 || got[len(got)-1] != updates {
		m, err := r.next(5 * time.Second)
		if err != nil {
			t.Fatalf("after snapshots %v: %v", got, err)
		}
		got = append(got, m.Snapshot.Services[0].Checks)
	}
	if len(got) > 3 {
		t.Fatalf("got snapshots %v: a backlog, want the first and the newest", got)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.snapCalls > 3 {
		t.Fatalf("Snapshot called %d times for a client that read %d", h.snapCalls, len(got))
	}
}

func TestSnapshotsAreRateLimited(t *testing.T) {
	path := sockPath(t)
	h := &fakeHandler{snap: snapshot(0, 1)}
	listen(t, path, h)
	r := dialRaw(t, path)
	r.send(`{"v":1,"type":"subscribe"}`)
	if _, err := r.next(5 * time.Second); err != nil {
		t.Fatal(err)
	}

	const busy = 1200 * time.Millisecond
	stop := make(chan struct{})
	go func() {
		for n := 1; ; n++ {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
				h.publish(snapshot(n, 1))
			}
		}
	}()
	n := 0
	for end := time.Now().Add(busy); time.Now().Before(end); {
		if _, err := r.next(time.Until(end)); err != nil {
			break
		}
		n++
	}
	close(stop)
	// 5 a second at most: 6 in 1.2 s, and one more for timing slack.
	if n < 3 || n > 7 {
		t.Fatalf("%d snapshots in %v of constant updates, want 3 to 7", n, busy)
	}
}

func TestUnknownMessagesAreIgnored(t *testing.T) {
	path := sockPath(t)
	h := &fakeHandler{}
	listen(t, path, h)
	r := dialRaw(t, path)
	r.send(
		`this is not json`,
		`{"type":"check_now"}`,                 // no version: not ours
		`{"v":1,"type":"frobnicate","knob":3}`, // a type from the future
		`{"v":1}`,                              // no type
		`{"v":2,"type":"check_now","name":"Mail","priority":"high","extra":{"a":[1]}}`,
		`{"v":1,"type":"snapshot","snapshot":{}}`, // only the resident sends those
		`{"v":1,"type":"reload"}`,
	)
	eventually(t, "reload never arrived", func() bool { return len(h.recorded()) >= 2 })
	if got := h.recorded(); !slices.Equal(got, []string{"check Mail", "reload"}) {
		t.Fatalf("calls %q, want the check from v2 and the reload only", got)
	}
}

func TestOverlongLineEndsOnlyThatConnection(t *testing.T) {
	path := sockPath(t)
	h := &fakeHandler{}
	listen(t, path, h)
	r := dialRaw(t, path)
	go r.nc.Write([]byte(strings.Repeat("x", MaxLine+10) + "\n")) // may fail once the server hangs up
	if m, err := r.next(5 * time.Second); err == nil {
		t.Fatalf("got %+v, want the connection closed", m)
	}
	if err := Tell(path, Message{Type: TypeReload}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "server stopped serving", func() bool { return slices.Contains(h.recorded(), "reload") })
}

func TestLargeSnapshotFits(t *testing.T) {
	snap := snapshot(1, 1000)
	line, err := encode(Message{Type: TypeSnapshot, Snapshot: &snap})
	if err != nil {
		t.Fatal(err)
	}
	if len(line) > MaxLine/2 {
		t.Fatalf("1,000 services take %d bytes, too close to MaxLine", len(line))
	}
	path := sockPath(t)
	listen(t, path, &fakeHandler{snap: snap})
	c := dial(t, path, RoleWindows)
	c.Send(Message{Type: TypeSubscribe})
	if got := recvSnap(t, c.Snapshots()); len(got.Services) != 1000 || got.Services[999].Last.Reason != snap.Services[999].Last.Reason {
		t.Fatalf("got %d services", len(got.Services))
	}
}

func TestCommandsCallTheHandler(t *testing.T) {
	until := time.Date(2030, 1, 2, 8, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		msg  Message
		want string
	}{
		{"check one", Message{Type: TypeCheckNow, Name: "Payments"}, "check Payments"},
		{"check all", Message{Type: TypeCheckNow}, "check all"},
		{"pause until", Message{Type: TypePause, Until: until}, "pause 2030-01-02T08:00:00Z"},
		{"pause", Message{Type: TypePause}, "pause 0001-01-01T00:00:00Z"},
		{"resume", Message{Type: TypeResume}, "resume"},
		{"reload", Message{Type: TypeReload}, "reload"},
		{"open", Message{Type: TypeOpen, Window: WindowService, Service: "Mail"}, "open service Mail"},
	}
	path := sockPath(t)
	h := &fakeHandler{}
	listen(t, path, h)
	c := dial(t, path, RoleCLI)
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := c.Send(tc.msg); err != nil {
				t.Fatal(err)
			}
			eventually(t, "not called", func() bool { return len(h.recorded()) > i })
			if got := h.recorded()[i]; got != tc.want {
				t.Fatalf("called %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSendOpen(t *testing.T) {
	path := sockPath(t)
	h := &fakeHandler{}
	s := listen(t, path, h)
	if s.SendOpen(WindowSettings, "") || s.WindowsConnected() {
		t.Fatal("SendOpen or WindowsConnected true with nobody connected")
	}
	dial(t, path, RoleCLI)
	time.Sleep(50 * time.Millisecond)
	if s.SendOpen(WindowSettings, "") || s.WindowsConnected() {
		t.Fatal("a CLI client is not a windows process")
	}

	w := dial(t, path, RoleWindows)
	eventually(t, "windows process not seen", s.WindowsConnected)
	got := make(chan Message, 1)
	go func() { got <- <-w.Opens() }()
	if !s.SendOpen(WindowService, "Payments") {
		t.Fatal("SendOpen: false with a windows process taking requests")
	}
	if m := <-got; m.Window != WindowService || m.Service != "Payments" {
		t.Fatalf("windows process got %+v", m)
	}

	// One that does not take the request (quitting) is not trusted with it.
	if s.SendOpen(WindowAbout, "") {
		t.Fatal("SendOpen: true though nobody took the request")
	}

	w.Close()
	eventually(t, "windows process still seen after it left", func() bool { return !s.WindowsConnected() })
	if s.SendOpen(WindowSettings, "") {
		t.Fatal("SendOpen: true after the windows process left")
	}
}

func TestOpenFromTheWindowsProcessMaySendOpenBack(t *testing.T) {
	path := sockPath(t)
	h := &fakeHandler{}
	s := listen(t, path, h)
	raised := make(chan bool, 1)
	h.onOpen = func(window, service string) { raised <- s.SendOpen(window, service) }
	w := dial(t, path, RoleWindows)
	eventually(t, "windows process not seen", s.WindowsConnected)
	go func() {
		for range w.Opens() {
		}
	}()
	w.Send(Message{Type: TypeOpen, Window: WindowAbout})
	select {
	case ok := <-raised:
		if !ok {
			t.Fatal("the windows process did not take its own request back")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Open never returned")
	}
}

func TestCloseEndsEverything(t *testing.T) {
	before := runtime.NumGoroutine()
	path := sockPath(t)
	h := &fakeHandler{snap: snapshot(1, 1)}
	s, err := Listen(path, h, nil)
	if err != nil {
		t.Fatal(err)
	}
	w, err := Dial(context.Background(), path, RoleWindows)
	if err != nil {
		t.Fatal(err)
	}
	w.Send(Message{Type: TypeSubscribe})
	recvSnap(t, w.Snapshots())
	idle, err := net.Dial("unix", path) // connected, never says a word
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()

	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return")
	}
	if n := h.subscribers(); n != 0 {
		t.Fatalf("%d update subscriptions left", n)
	}
	select {
	case <-w.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("client not told the connection ended")
	}
	if w.Err() == nil {
		t.Fatal("Err is nil after the resident went away")
	}
	if _, ok := <-w.Snapshots(); ok {
		t.Fatal("Snapshots not closed")
	}

	// The socket is gone with the server: a new resident listens, the client dials again.
	s2 := listen(t, path, h)
	w2 := dial(t, path, RoleWindows)
	eventually(t, "reconnected windows process not seen", s2.WindowsConnected)
	w2.Close()
	s2.Close()
	w.Close()
	idle.Close()
	eventually(t, "goroutines left running", func() bool { return runtime.NumGoroutine() <= before })
}

func TestDirectoryOpenToOthersIsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows guards the directory with its access list")
	}
	dir := filepath.Dir(sockPath(t))
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "s.sock")
	if _, err := Listen(path, &fakeHandler{}, nil); !errors.Is(err, ErrUnsafeDir) || !strings.Contains(err.Error(), "0755") {
		t.Fatalf("Listen in a 0755 directory: %v, want ErrUnsafeDir naming the mode", err)
	}
	if _, err := Dial(context.Background(), path, RoleCLI); !errors.Is(err, ErrUnsafeDir) {
		t.Fatalf("Dial in a 0755 directory: %v, want ErrUnsafeDir", err)
	}

	// A missing directory is made private.
	fresh := filepath.Join(dir, "new", "s.sock")
	os.Chmod(dir, 0o700)
	listen(t, fresh, &fakeHandler{})
	fi, err := os.Stat(filepath.Dir(fresh))
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o700 {
		t.Fatalf("made the directory with mode %04o, want 0700", perm)
	}
}

func TestDefaultPathIsInAPrivateFolderOfItsOwn(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the Linux layout")
	}
	t.Setenv("XDG_RUNTIME_DIR", "/run/user/1000")
	if got := DefaultPath(); got != "/run/user/1000/uptray/uptray.sock" {
		t.Fatalf("DefaultPath = %q", got)
	}
	t.Setenv("XDG_RUNTIME_DIR", "")
	t.Setenv("XDG_CACHE_HOME", "/home/ann/.cache")
	if got := DefaultPath(); got != "/home/ann/.cache/uptray/control/uptray.sock" {
		t.Fatalf("DefaultPath without XDG_RUNTIME_DIR = %q", got)
	}
}
