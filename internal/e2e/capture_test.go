package e2e

// A grouped Down notice as a real notification daemon draws it: the app on Xvfb with
// dunst (not the fake) owning org.freedesktop.Notifications on the private bus.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// notifyWatch sees every Notify call on the bus, whoever answers it, through a
// D-Bus monitor connection (org.freedesktop.DBus.Monitoring.BecomeMonitor).
type notifyWatch struct {
	summaries chan string
	mu        sync.Mutex
	all       []string // every summary so far, for failure messages
}

func (w *notifyWatch) seen() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.all)
}

func watchNotify(t *testing.T, bus string) *notifyWatch {
	t.Helper()
	conn := connectBus(t, bus)
	rule := "type='method_call',interface='" + notifyIface + "',member='Notify'"
	if err := conn.BusObject().Call("org.freedesktop.DBus.Monitoring.BecomeMonitor", 0, []string{rule}, uint32(0)).Err; err != nil {
		t.Fatalf("become a bus monitor: %v", err)
	}
	msgs := make(chan *dbus.Message, 64)
	conn.Eavesdrop(msgs)
	w := &notifyWatch{summaries: make(chan string, 64)}
	go func() {
		for m := range msgs {
			if len(m.Body) == 8 {
				if s, ok := m.Body[3].(string); ok {
					replaces, _ := m.Body[1].(uint32)
					w.mu.Lock()
					w.all = append(w.all, fmt.Sprintf("%q (replaces_id %d)", s, replaces))
					w.mu.Unlock()
					select {
					case w.summaries <- s:
					default: // nobody waiting any more; all keeps it
					}
				}
			}
		}
	}()
	return w
}

// waitSummary waits for a Notify whose summary satisfies ok and returns it.
func (w *notifyWatch) waitSummary(t *testing.T, what string, timeout time.Duration, ok func(string) bool) string {
	t.Helper()
	deadline := time.After(timeout)
	var seen []string
	for {
		select {
		case s := <-w.summaries:
			seen = append(seen, s)
			if ok(s) {
				return s
			}
		case <-deadline:
			t.Fatalf("no Notify for %s within %v; saw %q", what, timeout, seen)
		}
	}
}

// TestCaptureGroupedNotification: eight services with fallbacks fail together and
// dunst draws the grouped Down notice; its window is saved as
// notification-grouped.png in $UPTRAY_SHOTS (make screenshots) or the test's temp dir.
func TestCaptureGroupedNotification(t *testing.T) {
	t.Parallel()
	dunst, err := exec.LookPath("dunst")
	if err != nil {
		t.Fatal("dunst not found: install dunst (.ci/deps.sh test does)")
	}
	bin := buildGo(t, "uptray", "./cmd/uptray")
	display := startXvfb(t)
	bus := startBus(t)
	watcher := startWatcher(t, bus)
	notices := watchNotify(t, bus)
	env := appEnv(t, display, bus)

	conf, err := filepath.Abs(filepath.Join("testdata", "dunstrc"))
	if err != nil {
		t.Fatal(err)
	}
	startApp(t, env, dunst, "-config", conf)
	client := connectBus(t, bus)
	WaitUntil(t, "dunst to own "+notifyName, startupTimeout, func() bool {
		var has bool
		err := client.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, notifyName).Store(&has)
		return err == nil && has
	})

	tg := newTargets(t)
	network := newGate(t)
	head := fmt.Sprintf("[defaults]\ninterval = \"5s\"\ntimeout = \"1s\"\nretry_interval = \"1s\"\nfailure_threshold = 2\n\n[connectivity]\ntargets = [%q]\n", network.addr)
	cfg := writeConfig(t, head, tg.srv.URL, outageServices)
	startApp(t, env, bin, "--config", cfg, "--machine-config", "")
	tray := newTrayClient(t, bus, watcher.Item(t, 30*time.Second))
	WaitUntil(t, "all services up", 30*time.Second, func() bool {
		l := tray.MenuLabels()
		return len(l) > 0 && l[0] == fmt.Sprintf("All %d services up", len(outageServices))
	})

	tg.set("503", paths(outageServices)...)
	title := notices.waitSummary(t, "the grouped notice", 45*time.Second, func(s string) bool {
		return count(groupedDownRE, s) == len(outageServices)
	})
	t.Logf("dunst was sent %q", title)

	dir := os.Getenv("UPTRAY_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, "notification-grouped.png")
	// dunst redraws its window in place when a notice is replaced: wait until it
	// shows exactly one notice (the grouped one replaced the first; nothing else
	// stacks under it), the window holds several lines and two captures agree.
	shown := func(prop string) uint32 {
		var n uint32
		_ = client.Object(notifyName, notifyPath).Call("org.freedesktop.DBus.Properties.Get", 0,
			"org.dunstproject.cmd0", prop).Store(&n)
		return n
	}
	var last string
	var w, h int
	var displayed, waiting uint32
	deadline := time.Now().Add(30 * time.Second)
	for {
		displayed, waiting = shown("displayedLength"), shown("waitingLength")
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--class", "Dunst")
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		out, _ := cmd.Output()
		if ids := strings.Fields(string(out)); len(ids) > 0 {
			cmd = exec.Command("import", "-window", ids[0], path)
			cmd.Env = append(os.Environ(), "DISPLAY="+display)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("screenshot (install imagemagick; .ci/deps.sh test does): %v\n%s", err, out)
			}
			out, err := exec.Command("identify", "-format", "%w %h %#", path).Output()
			if err != nil {
				t.Fatalf("identify %s: %v", path, err)
			}
			var sig string
			fmt.Sscan(string(out), &w, &h, &sig)
			stable := sig == last
			last = sig
			if displayed == 1 && waiting == 0 && h >= 150 && stable {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("dunst shows %d notices (%d waiting), window %dx%d (%s): want the grouped notice alone; Notify calls: %s",
				displayed, waiting, w, h, path, strings.Join(notices.seen(), ", "))
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Logf("screenshot %s: %dx%d", path, w, h)
	if w < 300 {
		t.Errorf("dunst's window is %dx%d, want the configured width", w, h)
	}
}
