package e2e

// The tray menu as a real tray host draws it, for the README: the real binary on Xvfb
// with gtk-sni-tray-standalone (Debian haskell-gtk-sni-tray-utils), a standalone
// StatusNotifierItem host that draws the item's com.canonical.dbusmenu menu with
// libdbusmenu-gtk3, as panels do. Its --watcher owns org.kde.StatusNotifierWatcher on
// the private bus, so the item registers with a real watcher, not the fake.

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// trayShot is one capture: the locale the app and host run in, the names the
// config is written with, and the PNG it is saved as.
type trayShot struct {
	locale, file string
	groups       [2]string // two groups: one with the down service, one with the degraded
	names        [5]string // Payments (down), Timesheets, Intranet (slow), Mail, Wiki
	fallback     string    // Payments' fallback
	// settings: also open Settings… (its menu label) and capture the window titled
	// settingsTitle as settingsFile; none when settingsFile is "".
	settings, settingsTitle, settingsFile string
}

var trayShots = []trayShot{
	{
		locale: "en_US.UTF-8", file: "tray-menu.png",
		groups:   [2]string{"Finance", "Office"},
		names:    [5]string{"Payments", "Timesheets", "Intranet", "Mail", "Wiki"},
		fallback: "Use the offline card terminal",
	},
	{
		locale: "ko_KR.UTF-8", file: "tray-menu-ko.png",
		groups:   [2]string{"재무", "사무실"},
		names:    [5]string{"결제", "근무 기록", "인트라넷", "메일", "위키"},
		fallback: "오프라인 카드 단말기를 사용하세요",
		settings: "설정…", settingsTitle: "Uptray 설정", settingsFile: "services-ko.png",
	},
}

// TestCaptureTrayMenu opens the tray icon's menu with a click in a real tray host and
// saves it (with the icon above it) as tray-menu.png and tray-menu-ko.png in
// $UPTRAY_SHOTS. Only `make screenshots` runs it: it needs a tray host that `make
// test` does not install, and it checks nothing the other tray tests do not.
func TestCaptureTrayMenu(t *testing.T) {
	dir := os.Getenv("UPTRAY_SHOTS")
	if dir == "" {
		t.Skip("UPTRAY_SHOTS is not set: `make screenshots` captures the tray menu")
	}
	host, err := exec.LookPath("gtk-sni-tray-standalone")
	if err != nil {
		t.Fatal("gtk-sni-tray-standalone not found: install haskell-gtk-sni-tray-utils (.ci/deps.sh screenshots does)")
	}
	bin := buildGo(t, "uptray", "./cmd/uptray")
	for _, shot := range trayShots {
		t.Run(shot.file, func(t *testing.T) {
			captureTrayMenu(t, bin, host, filepath.Join(dir, shot.file), shot)
		})
	}
}

func captureTrayMenu(t *testing.T, bin, host, path string, shot trayShot) {
	display := startXvfb(t)
	bus := startBus(t)
	startNotifyd(t, bus) // notices go to the fake: nothing is drawn over the menu
	env := withLocale(appEnv(t, display, bus), shot.locale)

	// Payments answers 503 (Down, with its fallback), Intranet answers after 400 ms
	// against a max_latency of 200 ms (Degraded), the rest answer at once (Up).
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/payments":
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/intranet":
			select {
			case <-time.After(400 * time.Millisecond):
			case <-r.Context().Done():
			}
			w.Write([]byte("OK"))
		default:
			w.Write([]byte("OK"))
		}
	}))
	t.Cleanup(srv.Close)
	network := newGate(t)

	var b strings.Builder
	fmt.Fprintf(&b, "[defaults]\ninterval = \"10s\"\ntimeout = \"2s\"\nretry_interval = \"1s\"\nfailure_threshold = 2\n\n[connectivity]\ntargets = [%q]\n", network.addr)
	routes := []string{"payments", "timesheets", "intranet", "mail", "wiki"}
	for i, name := range shot.names {
		group := shot.groups[0]
		if i >= 2 {
			group = shot.groups[1]
		}
		fmt.Fprintf(&b, "\n[[services]]\nname = %q\ngroup = %q\nkind = \"http\"\ntarget = %q\nexpect_status = [200]\n",
			name, group, srv.URL+"/"+routes[i])
		switch routes[i] {
		case "payments":
			fmt.Fprintf(&b, "fallback = %q\n", shot.fallback)
		case "intranet":
			b.WriteString("max_latency = \"200ms\"\n")
		}
	}
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	// The host first, so its watcher is there when the item registers.
	startApp(t, env, host, "--watcher", "--top", "--end", "--size", "32", "--color", "#3b3b3b")
	client := connectBus(t, bus)
	WaitUntil(t, "the host's watcher to own "+watcherName, startupTimeout, func() bool {
		var has bool
		err := client.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, watcherName).Store(&has)
		return err == nil && has
	})
	startApp(t, env, bin, "--config", cfg, "--machine-config", "")

	// The item as the real watcher has it registered ("name" or ":1.5/path").
	var item string
	WaitUntil(t, "uptray to register with the host's watcher", 30*time.Second, func() bool {
		var items []string
		err := client.Object(watcherName, watcherPath).Call("org.freedesktop.DBus.Properties.Get", 0,
			watcherIface, "RegisteredStatusNotifierItems").Store(&items)
		if err != nil || len(items) == 0 {
			return false
		}
		item, _, _ = strings.Cut(items[0], "/")
		return item != ""
	})
	tray := newTrayClient(t, bus, item)

	// Every service checked: the summary counts 1 down of 5 and 1 degraded (its
	// digits, whatever the language), and the Up and Degraded rows give a latency.
	var labels []string
	WaitUntil(t, "every service checked (1 of 5 down, 1 degraded)", 45*time.Second, func() bool {
		labels = tray.MenuLabels()
		if len(labels) == 0 {
			return false
		}
		var digits []string
		for _, f := range strings.FieldsFunc(labels[0], func(r rune) bool { return r < '0' || r > '9' }) {
			digits = append(digits, f)
		}
		slices.Sort(digits)
		latencies := 0
		for _, l := range labels {
			if strings.Contains(l, " ms") {
				latencies++
			}
		}
		return slices.Equal(digits, []string{"1", "1", "5"}) && latencies >= 4
	})
	t.Logf("menu: %q", labels)

	// The host's bar: a 32 px strip along the top, the icon at its right end.
	barID := waitWindow(t, display, "the host's bar", func(g windowGeom) bool { return g.H == 32 && g.W > 500 })
	bar := geometry(t, display, barID)
	// The host shows the icon once it has read its pixmap: click until a menu
	// window opens below the bar (the first click can come before the icon).
	var menu windowGeom
	deadline := time.Now().Add(20 * time.Second)
	for {
		xdo(t, display, "mousemove", strconv.Itoa(bar.X+bar.W-17), strconv.Itoa(bar.Y+bar.H/2), "click", "1")
		id, ok := findWindow(display, func(g windowGeom) bool { return g.Y >= bar.Y+bar.H && g.W > 150 && g.H > 150 })
		for range 20 {
			if ok {
				break
			}
			time.Sleep(100 * time.Millisecond)
			id, ok = findWindow(display, func(g windowGeom) bool { return g.Y >= bar.Y+bar.H && g.W > 150 && g.H > 150 })
		}
		if ok {
			menu = geometry(t, display, id)
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no menu window opened below the tray host's bar after clicking the icon")
		}
	}
	t.Logf("bar %+v, menu %+v", bar, menu)

	// The crop: the bar above the menu (with the icon) and the menu.
	x0 := min(menu.X, bar.X+bar.W-40)
	crop := fmt.Sprintf("%dx%d+%d+%d", bar.X+bar.W-x0, menu.Y+menu.H-bar.Y, x0, bar.Y)
	captureStable(t, display, path, "-window", "root", "-crop", crop, "+repage")
	t.Logf("screenshot %s: %s", path, crop)

	if shot.settingsFile == "" {
		return
	}
	// The settings window, as the windows process draws it on this display (with the
	// system's CJK font for Hangul).
	xdo(t, display, "key", "Escape")
	tray.Click(t, shot.settings)
	var win string
	WaitUntil(t, "the settings window "+shot.settingsTitle, 30*time.Second, func() bool {
		win = windowNamed(display, shot.settingsTitle)
		return win != ""
	})
	settings := filepath.Join(filepath.Dir(path), shot.settingsFile)
	captureStable(t, display, settings, "-window", win)
	t.Logf("screenshot %s", settings)
}

// captureStable runs ImageMagick's import with args into path until two captures in
// a row agree (what is captured has been drawn).
func captureStable(t *testing.T, display, path string, args ...string) {
	t.Helper()
	var last string
	deadline := time.Now().Add(15 * time.Second)
	for {
		cmd := exec.Command("import", append(args, path)...)
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("screenshot (install imagemagick; .ci/deps.sh test does): %v\n%s", err, out)
		}
		out, err := exec.Command("identify", "-format", "%# %k", path).Output()
		if err != nil {
			t.Fatalf("identify %s: %v", path, err)
		}
		sig, colours, _ := strings.Cut(string(out), " ")
		if n, _ := strconv.Atoi(colours); sig == last && n >= 16 {
			return
		}
		last = sig
		if time.Now().After(deadline) {
			t.Fatalf("%s kept changing (or stayed blank) for 15 s", path)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// windowNamed is a visible window whose title is exactly name ("" when none):
// compared here, since xdotool's regex may not read Hangul or "—".
func windowNamed(display, name string) string {
	cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", "Uptray")
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	out, _ := cmd.Output()
	for _, id := range strings.Fields(string(out)) {
		get := exec.Command("xdotool", "getwindowname", id)
		get.Env = cmd.Env
		if title, err := get.Output(); err == nil && strings.TrimSpace(string(title)) == name {
			return id
		}
	}
	return ""
}

type windowGeom struct{ X, Y, W, H int }

// xdo runs xdotool on display and returns its output.
func xdo(t *testing.T, display string, args ...string) string {
	t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("xdotool %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

// geometry is a window's position and size (xdotool getwindowgeometry --shell).
func geometry(t *testing.T, display, id string) windowGeom {
	t.Helper()
	g, err := geometryErr(display, id)
	if err != nil {
		t.Fatalf("geometry of window %s: %v", id, err)
	}
	return g
}

func geometryErr(display, id string) (windowGeom, error) {
	cmd := exec.Command("xdotool", "getwindowgeometry", "--shell", id)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	out, err := cmd.Output()
	if err != nil {
		return windowGeom{}, err
	}
	var g windowGeom
	for _, line := range strings.Fields(string(out)) {
		k, v, _ := strings.Cut(line, "=")
		n, _ := strconv.Atoi(v)
		switch k {
		case "X":
			g.X = n
		case "Y":
			g.Y = n
		case "WIDTH":
			g.W = n
		case "HEIGHT":
			g.H = n
		}
	}
	return g, nil
}

// findWindow returns a visible window of the tray host whose geometry satisfies ok.
func findWindow(display string, ok func(windowGeom) bool) (string, bool) {
	cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^gtk-sni-tray-standalone$")
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	out, _ := cmd.Output()
	for _, id := range strings.Fields(string(out)) {
		if g, err := geometryErr(display, id); err == nil && ok(g) {
			return id, true
		}
	}
	return "", false
}

func waitWindow(t *testing.T, display, what string, ok func(windowGeom) bool) string {
	t.Helper()
	var id string
	WaitUntil(t, what, startupTimeout, func() bool {
		var found bool
		id, found = findWindow(display, ok)
		return found
	})
	return id
}
