package e2e

// The resident tray and the windows process (issue 12): Settings… starts a process of
// its own; killing it (a GL driver crash) costs the tray and the notifications nothing;
// Quit also ends an open windows process.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const windowsConfig = `
[defaults]
interval = "5s"
timeout = "1s"
retry_interval = "1s"

[connectivity]
targets = []

[[services]]
name = "A"
kind = "http"
target = "%s/a"
expect_status = [200]
`

func TestWindowsProcessCrashLeavesTheTray(t *testing.T) {
	t.Parallel()
	bin := buildGo(t, "uptray", "./cmd/uptray")
	display := startXvfb(t)
	bus := startBus(t)
	notifyd := startNotifyd(t, bus)
	watcher := startWatcher(t, bus)
	tg := newTargets(t)
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(windowsConfig, tg.srv.URL)), 0o600); err != nil {
		t.Fatal(err)
	}
	app := startApp(t, appEnv(t, display, bus), bin, "--config", cfg, "--machine-config", "")
	tray := newTrayClient(t, bus, watcher.Item(t, 30*time.Second))
	const wait = 30 * time.Second
	WaitUntil(t, "green", wait, func() bool { return tray.IconColour() == "green" })
	if kids := children(app.cmd.Process.Pid); len(kids) != 0 {
		t.Fatalf("windows processes with no window open: %v", kids)
	}

	settingsShown := func() bool {
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^Uptray Settings$")
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		out, _ := cmd.Output()
		return strings.TrimSpace(string(out)) != ""
	}
	clicked := time.Now()
	tray.Click(t, "Settings…")
	WaitUntil(t, "the settings window shown", wait, settingsShown)
	t.Logf("measured: Settings… clicked → window visible in %v", time.Since(clicked).Round(10*time.Millisecond))
	kids := children(app.cmd.Process.Pid)
	if len(kids) != 1 {
		t.Fatalf("windows processes = %v, want one", kids)
	}
	tray.Click(t, "Settings…") // a second click raises the window, no second process
	time.Sleep(time.Second)    // give a wrongly started second process time to show (not synchronisation)
	if k := children(app.cmd.Process.Pid); len(k) != 1 {
		t.Fatalf("after a second click, windows processes = %v, want still one", k)
	}

	// The GL driver crashes: the windows process dies; the resident goes on.
	syscall.Kill(kids[0], syscall.SIGKILL)
	WaitUntil(t, "the windows process gone", wait, func() bool { return len(children(app.cmd.Process.Pid)) == 0 && !settingsShown() })
	tg.set("503", "A")
	WaitUntil(t, "red after the crash", wait, func() bool { return tray.IconColour() == "red" })
	notifyd.WaitFor(t, func(n Note) bool { return n.Summary == "A is down" }, wait)
	if app.Exited() {
		t.Fatal("the resident died with its windows process")
	}
	if log := app.Log(); !strings.Contains(log, "windows process ended abnormally") {
		t.Errorf("the crash is not in the log:\n%s", log)
	}

	// Settings… again: a new windows process; Details… in the service's submenu opens
	// the details view there. Quit ends both within 2 s.
	tray.Click(t, "Settings…")
	WaitUntil(t, "the settings window shown again", wait, settingsShown)
	detailsShown := func() bool {
		// "Uptray — A", compared here: xdotool's regex may not read "—".
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", "Uptray", "getwindowname", "%@")
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		out, _ := cmd.Output()
		return slices.Contains(strings.Split(string(out), "\n"), "Uptray — A")
	}
	tray.Click(t, "Details…")
	WaitUntil(t, "the details window shown", wait, detailsShown)
	if k := children(app.cmd.Process.Pid); len(k) != 1 {
		t.Errorf("windows processes with Settings and Details open = %v, want one", k)
	}
	tray.Click(t, "Quit")
	if err := app.WaitExit(t, 2*time.Second); err != nil {
		t.Fatalf("after Quit: %v", err)
	}
	WaitUntil(t, "no windows process left", 2*time.Second, func() bool { return !settingsShown() })
	// Quitting with two windows open is orderly: Fyne is stopped from its own thread.
	if log := app.Log(); strings.Contains(log, "Fyne call thread") {
		t.Errorf("Quit left Fyne errors in the log:\n%s", log)
	}
}

// children lists the pids whose parent is pid.
func children(pid int) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid …: comm may hold spaces, so read after the last ')'.
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(fields) > 1 && fields[1] == strconv.Itoa(pid) && fields[0] != "Z" {
			out = append(out, child)
		}
	}
	return out
}
