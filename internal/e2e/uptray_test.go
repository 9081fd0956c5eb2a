package e2e

// The end-to-end test of issue 3: the real uptray binary on Xvfb and a private D-Bus,
// read through its tray icon and menu, with every notification captured.

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// targets is a loopback HTTP server whose paths (/a, /s17…) answer as the test says:
// "ok" (200, the default), "503", "drop" (the connection is closed, as with no
// network), "hang" (no answer until the client gives up: a timeout) or
// "ok-then-hang" (200 once, then "hang": a failure right after a good check).
// It records when each path was asked and what it answered.
type targets struct {
	mu    sync.Mutex
	modes map[string]string
	hits  map[string][]hit
	quit  chan struct{} // closed at the end: releases hanging requests
	srv   *httptest.Server
}

// hit is one request: when it arrived and the mode it was answered in.
type hit struct {
	At   time.Time
	Mode string
}

func newTargets(t *testing.T) *targets {
	tg := &targets{modes: map[string]string{}, hits: map[string][]hit{}, quit: make(chan struct{})}
	tg.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tg.mu.Lock()
		mode := tg.modes[r.URL.Path]
		if mode == "ok-then-hang" {
			tg.modes[r.URL.Path] = "hang"
		}
		tg.hits[r.URL.Path] = append(tg.hits[r.URL.Path], hit{time.Now(), mode})
		tg.mu.Unlock()
		switch mode {
		case "503":
			w.WriteHeader(http.StatusServiceUnavailable)
		case "drop":
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				conn.Close()
			}
		case "hang":
			select {
			case <-r.Context().Done():
			case <-tg.quit:
			}
		default:
			w.Write([]byte("OK"))
		}
	}))
	t.Cleanup(tg.srv.Close)
	t.Cleanup(func() { close(tg.quit) }) // runs first: Close waits for handlers
	return tg
}

// set puts the paths "/"+lower(name) in mode.
func (tg *targets) set(mode string, names ...string) {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	for _, n := range names {
		tg.modes["/"+strings.ToLower(n)] = mode
	}
}

// hitsOf returns the requests for "/"+lower(name) so far, oldest first.
func (tg *targets) hitsOf(name string) []hit {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	return append([]hit(nil), tg.hits["/"+strings.ToLower(name)]...)
}

// gate is the connectivity target: a TCP listener that can be closed and opened
// again on the same port.
type gate struct {
	addr string
	mu   sync.Mutex
	ln   net.Listener
}

func newGate(t *testing.T) *gate {
	g := &gate{}
	g.open(t, "127.0.0.1:0")
	g.addr = g.ln.Addr().String()
	t.Cleanup(g.close)
	return g
}

func (g *gate) open(t *testing.T, addr string) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("connectivity target: %v", err)
	}
	g.mu.Lock()
	g.ln = ln
	g.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
}

func (g *gate) close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ln != nil {
		g.ln.Close()
		g.ln = nil
	}
}

const e2eConfig = `
[defaults]
interval = "5s"
timeout = "1s"
retry_interval = "1s"
failure_threshold = 2

[connectivity]
targets = [%q]

[[services]]
name = "A"
kind = "http"
target = "%s/a"
expect_status = [200]
fallback = "Use the paper form"

[[services]]
name = "B"
kind = "http"
target = "%s/b"
expect_status = [200]

[[services]]
name = "C"
kind = "http"
target = "%s/c"
expect_status = [200]

[[services]]
name = "D"
kind = "http"
target = "%s/d"
expect_status = [200]
`

func TestTrayEndToEnd(t *testing.T) {
	bin := buildGo(t, "uptray", "./cmd/uptray")
	display := startXvfb(t)
	bus := startBus(t)
	notifyd := startNotifyd(t, bus)
	watcher := startWatcher(t, bus)
	tg := newTargets(t)
	network := newGate(t)

	cfg := filepath.Join(t.TempDir(), "config.toml")
	u := tg.srv.URL
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(e2eConfig, network.addr, u, u, u, u)), 0o600); err != nil {
		t.Fatal(err)
	}
	env, opened := fakeOpener(t, appEnv(t, display, bus))
	app := startApp(t, env, bin, "--config", cfg, "--machine-config", "")
	tray := newTrayClient(t, bus, watcher.Item(t, 30*time.Second))
	const wait = 30 * time.Second

	hasPrefix := func(labels []string, prefix string) bool {
		return slices.ContainsFunc(labels, func(l string) bool { return strings.HasPrefix(l, prefix) })
	}
	notes := func(since time.Time, match func(Note) bool) []Note {
		var out []Note
		for _, n := range notifyd.Notifications() {
			if !n.At.Before(since) && match(n) {
				out = append(out, n)
			}
		}
		return out
	}
	summaryIs := func(s string) func(Note) bool { return func(n Note) bool { return n.Summary == s } }
	summaryHas := func(s string) func(Note) bool { return func(n Note) bool { return strings.Contains(n.Summary, s) } }

	// 1. All up: green, one item per service showing Up.
	WaitUntil(t, "green icon and all services up", wait, func() bool {
		l := tray.MenuLabels()
		return tray.IconColour() == "green" && len(l) > 0 && l[0] == "All 4 services up" &&
			hasPrefix(l, "A — Up") && hasPrefix(l, "B — Up") && hasPrefix(l, "C — Up") && hasPrefix(l, "D — Up")
	})
	if tip := tray.ToolTip(); tip != "Uptray — All 4 services up" {
		t.Errorf("tooltip = %q", tip)
	}
	if title := tray.Title(); title != "Uptray" {
		t.Errorf("title = %q, want Uptray", title)
	}

	// 2. One target answers 503: red, the item shows Down and the reason, one Notify
	// that stays (critical, no expiry), what to do instead first, with Details and Open.
	failed := time.Now()
	tg.set("503", "A")
	WaitUntil(t, "red icon, A down and what to do instead", wait, func() bool {
		l := tray.MenuLabels()
		return tray.IconColour() == "red" && slices.Contains(l, "A — Down: HTTP 503 (want 200)") &&
			slices.ContainsFunc(l, func(s string) bool { return strings.TrimSpace(s) == "Instead: Use the paper form" })
	})
	down := notifyd.WaitFor(t, summaryIs("A is down"), wait)
	notifyDelay := down.At.Sub(failed)
	t.Logf("measured: target failing → Notify in %v (bound: interval 5s + 2×1s + 1s + 1s = 9s)", notifyDelay.Round(10*time.Millisecond))
	if notifyDelay > 9*time.Second {
		t.Errorf("Notify came %v after the failure, want within 9s", notifyDelay)
	}
	if l := down.Lines(); len(l) < 2 || !strings.Contains(l[0], "Use the paper form") || !strings.Contains(l[1], "HTTP 503 (want 200)") {
		t.Errorf("down notification body = %q, want the fallback on the first line and the reason on the second", down.Body)
	}
	if down.AppName != "Uptray" || !down.HasImage {
		t.Errorf("notification app %q, image %v; want Uptray with the state icon", down.AppName, down.HasImage)
	}
	checkDownStyle(t, down, true, true)
	if tip := tray.ToolTip(); tip != "Uptray — 1 of 4 down: A" {
		t.Errorf("tooltip = %q", tip)
	}
	if _, ok := down.Action("open"); ok {
		notifyd.InvokeAction(t, down.ID, "open")
		WaitUntil(t, "Open to open the service's page", wait, func() bool { return slices.Contains(opened(), u+"/a") })
	}

	// 3. It recovers: green, one recovery Notify, which expires.
	tg.set("ok", "A")
	WaitUntil(t, "green again", wait, func() bool { return tray.IconColour() == "green" })
	checkUpStyle(t, notifyd.WaitFor(t, summaryHas("A is back up"), wait))
	if n := notes(failed, summaryHas("A is")); len(n) != 2 {
		t.Errorf("notifications about A = %v, want exactly one down and one back up", summaries(n))
	}

	// 4. Three targets fail together: the first is told at once, then one grouped
	// notice replaces it: what stays on screen is that one notice.
	group := time.Now()
	tg.set("503", "B", "C", "D")
	grouped := notifyd.WaitFor(t, func(n Note) bool { return count(groupedDownRE, n.Summary) == 3 }, wait)
	for _, name := range []string{"B", "C", "D"} {
		if !strings.Contains(grouped.Summary+"\n"+grouped.Body, name) {
			t.Errorf("grouped notification %q / %q does not name %s", grouped.Summary, grouped.Body, name)
		}
	}
	checkGroupedBody(t, grouped, []svc{{Name: "B"}, {Name: "C"}, {Name: "D"}}, true)
	WaitUntil(t, "red with 3 down", wait, func() bool {
		l := tray.MenuLabels()
		return tray.IconColour() == "red" && len(l) > 0 && l[0] == "3 of 4 down: B, C, D"
	})
	singles := notes(group, func(n Note) bool { return strings.HasSuffix(n.Summary, " is down") })
	switch {
	case len(singles) > 1:
		t.Errorf("per-service notifications during a grouped outage: %v, want at most the first", summaries(singles))
	case len(singles) == 1 && grouped.ReplacesID != singles[0].ID:
		t.Errorf("grouped notice has replaces_id %d, want the first one's id %d (%q)", grouped.ReplacesID, singles[0].ID, singles[0].Summary)
	}
	if vis := notifyd.Visible(group); len(vis) != 1 || vis[0].Summary != grouped.Summary {
		t.Errorf("visible notices during the grouped outage = %v, want only %q", summaries(vis), grouped.Summary)
	}
	recovered := time.Now()
	tg.set("ok", "B", "C", "D")
	WaitUntil(t, "green after the grouped outage", wait, func() bool { return tray.IconColour() == "green" })
	notifyd.WaitFor(t, func(n Note) bool { return !n.At.Before(recovered) && strings.Contains(n.Summary, "back up") }, wait)

	// 5. Every target and the connectivity target fail: grey, one Offline Notify,
	// no per-service ones, every row `Not checked — offline`; back: one back-online Notify.
	offline := time.Now()
	tg.set("drop", "A", "B", "C", "D")
	network.close()
	abcd := []svc{{Name: "A"}, {Name: "B"}, {Name: "C"}, {Name: "D"}}
	WaitUntil(t, "grey and offline, every row not checked", wait, func() bool {
		l := tray.MenuLabels()
		if tray.IconColour() != "grey" || len(l) == 0 || l[0] != "Offline — checks paused" {
			return false
		}
		if bad := offlineRowsWrong(l, abcd); len(bad) > 0 {
			t.Fatalf("the summary says offline but rows say %v", bad)
		}
		return true
	})
	checkUpStyle(t, notifyd.WaitFor(t, summaryHas("You are offline"), wait)) // news, not an outage: it expires
	network.open(t, network.addr)
	tg.set("ok", "A", "B", "C", "D")
	WaitUntil(t, "green after the network is back", wait, func() bool { return tray.IconColour() == "green" })
	checkUpStyle(t, notifyd.WaitFor(t, summaryHas("Back online"), wait))
	during := notes(offline, func(Note) bool { return true })
	if len(during) != 2 {
		t.Errorf("notifications while going offline and back = %v, want exactly the offline and the back-online one", summaries(during))
	}

	// Settings… opens the settings window, really shown on the X server.
	tray.Click(t, "Settings…")
	var win string
	WaitUntil(t, "the settings window shown", wait, func() bool {
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^Uptray Settings$")
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		out, _ := cmd.Output()
		win = strings.TrimSpace(string(out))
		return win != ""
	})
	checkDrawn(t, display, win)

	// 6. Quit from the menu: exit 0 within 2 s.
	tray.Click(t, "Quit")
	clicked := time.Now()
	if err := app.WaitExit(t, 2*time.Second); err != nil {
		t.Fatalf("after Quit: %v", err)
	}
	t.Logf("measured: Quit → exit in %v", time.Since(clicked).Round(time.Millisecond))
}

func summaries(ns []Note) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Summary
	}
	return out
}

// checkDrawn captures the window into the test's temp dir and checks it is really
// drawn (colours, a sensible size): a window that maps but never paints passes
// xdotool's search. (README pictures come from `make screenshots`, not from here.)
func checkDrawn(t *testing.T, display, id string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "settings-window.png")
	var colours, w, h int
	WaitUntil(t, "a drawn settings window", 30*time.Second, func() bool {
		cmd := exec.Command("import", "-window", strings.Fields(id)[0], path)
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("screenshot (install imagemagick; make test does): %v\n%s", err, out)
		}
		out, err := exec.Command("identify", "-format", "%k %w %h", path).Output()
		if err != nil {
			t.Fatalf("identify %s: %v", path, err)
		}
		fmt.Sscan(string(out), &colours, &w, &h)
		return colours >= 16
	})
	t.Logf("settings window: %dx%d, %d colours", w, h, colours)
	if w < 760 || h < 520 {
		t.Errorf("settings window is %dx%d, want at least 760x520", w, h)
	}
}

// TestTrayStartsWithABadConfig: an invalid config still starts the tray, grey, with the
// error in the menu and one notification naming the field; the file is left alone.
// Fixing the file by hand is picked up; breaking it again keeps the running config and
// says so.
func TestTrayStartsWithABadConfig(t *testing.T) {
	bin := buildGo(t, "uptray", "./cmd/uptray")
	display := startXvfb(t)
	bus := startBus(t)
	notifyd := startNotifyd(t, bus)
	watcher := startWatcher(t, bus)
	bad := "[[services]]\nname = \"Mail\"\nkind = \"tcp\"\ntarget = \"mail.example.com:993\"\ninterval = \"5\"\n"
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	startApp(t, appEnv(t, display, bus), bin, "--config", cfg, "--machine-config", "")
	tray := newTrayClient(t, bus, watcher.Item(t, 30*time.Second))
	WaitUntil(t, "grey with the config error in the menu", 30*time.Second, func() bool {
		return tray.IconColour() == "grey" && slices.Contains(tray.MenuLabels(), "Config error — open Settings")
	})
	n := notifyd.WaitFor(t, func(n Note) bool { return strings.Contains(n.Summary, "configuration has errors") }, 30*time.Second)
	if !strings.Contains(n.Body, `interval: "5" is not a duration`) {
		t.Errorf("notification body %q does not name the field", n.Body)
	}
	if got, _ := os.ReadFile(cfg); string(got) != bad {
		t.Errorf("the bad config was rewritten:\n%s", got)
	}

	tg := newTargets(t)
	good := fmt.Sprintf("[[services]]\nname = \"Web\"\nkind = \"http\"\ntarget = \"%s/web\"\n[connectivity]\ntargets = []\n", tg.srv.URL)
	if err := os.WriteFile(cfg, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	WaitUntil(t, "the fixed file picked up: green, no config error", 30*time.Second, func() bool {
		l := tray.MenuLabels()
		return tray.IconColour() == "green" && !slices.Contains(l, "Config error — open Settings") && len(l) > 0 && l[0] == "The service is up"
	})
	if err := os.WriteFile(cfg, []byte(good+"intervall = \"30s\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	notifyd.WaitFor(t, func(n Note) bool { return strings.Contains(n.Summary, "edited configuration has errors") }, 30*time.Second)
	if l := tray.MenuLabels(); tray.IconColour() != "green" || len(l) == 0 || l[0] != "The service is up" {
		t.Errorf("a broken edit changed the running config: %v", l)
	}
}
