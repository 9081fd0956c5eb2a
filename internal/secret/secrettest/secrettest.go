//go:build linux

// Package secrettest runs a real Secret Service for tests: gnome-keyring-daemon
// (Debian package gnome-keyring) on a private D-Bus session bus of the test's own,
// as the end-to-end tests run theirs (no service directories in the bus config, so
// nothing installed is activated behind the test's back). What works here (Debian
// 12, gnome-keyring 42):
//
//   - `gnome-keyring-daemon --foreground --components=secrets --unlock`, with a
//     non-empty password line on stdin, creates and unlocks a "login" collection
//     in $XDG_DATA_HOME/keyrings. An empty password leaves no usable collection,
//     and the first write then waits for a prompter that does not exist.
//   - `--start` cannot be combined with `--unlock`; --foreground keeps the daemon
//     our child, so the cleanup really stops it.
//   - It announces nothing: readiness is its login collection showing on the bus.
//   - HOME, XDG_DATA_HOME and XDG_RUNTIME_DIR point into the test's folder: the
//     keyring file and the control socket never touch the user's.
//
// go-keyring talks to dbus.SessionBus(): one connection per process, made on first
// use from DBUS_SESSION_BUS_ADDRESS. Start sets that variable (t.Setenv) before the
// test's first keychain call; a test that needs another bus runs in a child process.
//
// A missing tool fails the test, naming its package: `.ci/deps.sh test` installs them.
package secrettest

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// busConf is the private session bus: anyone on it may own any name and call
// anything; no <standard_session_servicedirs/>.
const busConf = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

const loginCollection = dbus.ObjectPath("/org/freedesktop/secrets/collection/login")

// Tool finds a program the test needs, or fails the test naming its package.
func Tool(t testing.TB, name, pkg string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s not found: install %s (.ci/deps.sh test does)", name, pkg)
	}
	return bin
}

// daemon starts a program in its own process group, logging to a file shown when
// the test fails, and stops it (the whole group) when the test ends.
func daemon(t testing.TB, name string, cmd *exec.Cmd) {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close() // the child holds its own copy
	if cmd.Stdout == nil {
		cmd.Stdout = logFile
	}
	cmd.Stderr = logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("--- %s log ---\n%s", name, b)
		}
	})
}

// StartBus starts a private session bus and returns its address; it does not set
// DBUS_SESSION_BUS_ADDRESS.
func StartBus(t testing.TB) string {
	t.Helper()
	bin := Tool(t, "dbus-daemon", "dbus")
	conf := filepath.Join(t.TempDir(), "bus.conf")
	if err := os.WriteFile(conf, []byte(busConf), 0o600); err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// --print-address writes the address once the bus listens: the readiness check.
	cmd := exec.Command(bin, "--config-file="+conf, "--print-address=1", "--nofork")
	cmd.Stdout = w
	daemon(t, "dbus-daemon", cmd)
	w.Close() // the child's copy stays: a daemon that dies gives EOF, not a hang
	line, _ := bufio.NewReader(r).ReadString('\n')
	if line = strings.TrimSpace(line); line == "" {
		t.Fatal("dbus-daemon did not print its address")
	}
	return line
}

// Start runs gnome-keyring-daemon with an unlocked login collection on a new
// private bus, points this process's DBUS_SESSION_BUS_ADDRESS at it, and returns
// the environment other clients (secret-tool) need to reach it.
func Start(t *testing.T) (env []string) {
	t.Helper()
	addr := StartBus(t)
	bin := Tool(t, "gnome-keyring-daemon", "gnome-keyring")
	home := t.TempDir()
	run := filepath.Join(home, "run")
	if err := os.Mkdir(run, 0o700); err != nil {
		t.Fatal(err)
	}
	env = append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS="+addr, "HOME="+home,
		"XDG_DATA_HOME="+filepath.Join(home, "data"), "XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"XDG_RUNTIME_DIR="+run)
	cmd := exec.Command(bin, "--foreground", "--components=secrets", "--unlock")
	cmd.Env = env
	cmd.Stdin = strings.NewReader("test-password\n") // the new login keyring's password
	daemon(t, "gnome-keyring-daemon", cmd)

	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	deadline := time.Now().Add(15 * time.Second)
	for {
		v, err := conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets").
			GetProperty("org.freedesktop.Secret.Service.Collections")
		if paths, ok := v.Value().([]dbus.ObjectPath); err == nil && ok && slices.Contains(paths, loginCollection) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("gnome-keyring-daemon shows no login collection on the bus (last error: %v)", err)
		}
		time.Sleep(50 * time.Millisecond) // polling with a deadline: the daemon announces nothing
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	return env
}
