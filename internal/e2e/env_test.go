package e2e

// The throwaway desktop every end-to-end test runs in: its own X server and its
// own D-Bus session bus, so tests never touch the developer's desktop, never
// collide with each other, and never depend on what happens to be installed.
//
// Rule: when a tool is missing the test FAILS, it never skips. A skipped E2E
// test in CI looks green while testing nothing (TESTING.md, "Never").

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startupTimeout bounds how long a helper daemon may take to announce itself.
// Generous: a loaded CI runner can be slow to start Xvfb.
const startupTimeout = 20 * time.Second

// startXvfb starts a private X server and returns its DISPLAY (":N").
//
// -displayfd makes Xvfb choose a free display number itself and write it to the
// given file descriptor, so parallel test runs (or a developer's own X server)
// never collide over a hard-coded ":99".
func startXvfb(t testing.TB) (display string) {
	t.Helper()
	bin, err := exec.LookPath("Xvfb")
	if err != nil {
		t.Fatal("Xvfb not found: install xvfb (make test does it)")
	}
	// fd 3 in the child is ExtraFiles[0]; see startAnnouncing. -noreset: by default
	// the server resets when its last client leaves (an xdotool, a closed window),
	// and a client connecting during the reset is refused.
	n := startAnnouncing(t, "Xvfb", bin,
		"-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
	return ":" + n
}

// startBus starts a private D-Bus session bus and returns its address (the
// value for DBUS_SESSION_BUS_ADDRESS).
//
// testdata/bus.conf has no <standard_session_servicedirs/>, so the bus cannot
// auto-start an installed notification daemon or tray watcher: the fakes the
// test starts are the only services on it.
func startBus(t testing.TB) (address string) {
	t.Helper()
	bin, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Fatal("dbus-daemon not found: install dbus (make test does it)")
	}
	conf, err := filepath.Abs(filepath.Join("testdata", "bus.conf"))
	if err != nil {
		t.Fatal(err)
	}
	// --nofork keeps the daemon our child, so killing it on cleanup really
	// stops it; --print-address writes the address to fd 3 once it listens.
	return startAnnouncing(t, "dbus-daemon", bin,
		"--config-file="+conf, "--print-address=3", "--nofork")
}

// startAnnouncing runs a daemon that writes one line to fd 3 once it is ready
// (Xvfb's display number, dbus-daemon's address), returns that line, and stops
// the daemon when the test ends. Reading the announcement is the readiness
// check: no sleeping, no polling for sockets.
func startAnnouncing(t testing.TB, name, bin string, args ...string) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	// Its output goes to a file, not a bytes.Buffer: a buffer written by exec's
	// copying goroutine and read by us on failure would be a data race.
	logPath := filepath.Join(t.TempDir(), name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close() // the child holds its own copy

	cmd := exec.Command(bin, args...)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.ExtraFiles = []*os.File{w} // becomes fd 3 in the child
	// Its own process group, so a Ctrl-C aimed at `go test` does not race our
	// orderly shutdown, and nothing it spawns outlives the test.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		w.Close()
		t.Fatalf("start %s: %v", name, err)
	}
	// Close our copy of the write end: if the child dies before announcing,
	// the read below then sees EOF instead of blocking forever.
	w.Close()

	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		if t.Failed() { // was the daemon still there, and what did it say?
			select {
			case <-exited:
				t.Logf("%s had exited: %v", name, cmd.ProcessState)
			default:
			}
			t.Logf("--- %s log ---\n%s", name, readLog(logPath))
		}
		stopProcess(t, name, cmd, exited)
	})

	type result struct {
		line string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		line, err := bufio.NewReader(r).ReadString('\n')
		got <- result{strings.TrimSpace(line), err}
	}()
	select {
	case res := <-got:
		if res.line == "" {
			if res.err == nil || errors.Is(res.err, io.EOF) {
				res.err = errors.New("it exited or closed fd 3 without announcing")
			}
			t.Fatalf("%s did not start: %v\n--- %s log ---\n%s", name, res.err, name, readLog(logPath))
		}
		return res.line
	case <-time.After(startupTimeout):
		t.Fatalf("%s did not announce itself within %v\n--- %s log ---\n%s",
			name, startupTimeout, name, readLog(logPath))
	}
	return ""
}

// stopProcess asks politely (SIGTERM lets Xvfb remove its /tmp/.X<n>-lock and
// socket, which SIGKILL would leave behind), then insists.
func stopProcess(t testing.TB, name string, cmd *exec.Cmd, exited <-chan struct{}) {
	select {
	case <-exited:
		return
	default:
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		t.Logf("%s ignored SIGTERM for 5s; killing it", name)
		_ = cmd.Process.Kill()
		<-exited
	}
}

func readLog(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	return string(b)
}

// appEnv is the environment for the app under test: the private display and
// bus, a UTF-8 locale (silences Fyne's locale warning, and the labels contain
// "—" and "…"), and a throwaway HOME/XDG tree so Fyne's preferences and any
// config the app writes land in the test's temp dir, not the developer's home.
func appEnv(t testing.TB, display, busAddress string) []string {
	t.Helper()
	home := t.TempDir()
	set := map[string]string{
		"DISPLAY":                  display,
		"DBUS_SESSION_BUS_ADDRESS": busAddress,
		"LANG":                     "en_US.UTF-8",
		"LC_ALL":                   "en_US.UTF-8",
		"HOME":                     home,
		"XDG_CONFIG_HOME":          filepath.Join(home, ".config"),
		"XDG_CACHE_HOME":           filepath.Join(home, ".cache"),
		"XDG_DATA_HOME":            filepath.Join(home, ".local", "share"),
		"XDG_RUNTIME_DIR":          home, // t.TempDir is 0700, as the spec demands
		"NO_AT_BRIDGE":             "1",  // no accessibility bus lookups
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if _, overridden := set[k]; overridden || k == "WAYLAND_DISPLAY" || k == "XAUTHORITY" {
			continue // never leak the developer's desktop into the test
		}
		env = append(env, kv)
	}
	for k, v := range set {
		env = append(env, k+"="+v)
	}
	return env
}
