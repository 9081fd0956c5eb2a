package secret

// These tests use a real Secret Service: gnome-keyring-daemon (Debian package
// gnome-keyring) on a private D-Bus session bus that the test starts, as the
// end-to-end tests do (testdata/bus.conf: no service directories, so nothing
// installed is activated behind the test's back). What works here (Debian 12,
// gnome-keyring 42):
//
//   - `gnome-keyring-daemon --foreground --components=secrets --unlock`, with a
//     non-empty password line on stdin, creates and unlocks a "login" collection
//     in $XDG_DATA_HOME/keyrings; an empty password leaves no usable collection and
//     the first write then waits for a prompter that does not exist.
//   - `--start` cannot be combined with `--unlock`; --foreground keeps the daemon
//     our child so the cleanup really stops it.
//   - It announces nothing: readiness is its login collection showing on the bus.
//   - HOME, XDG_DATA_HOME and XDG_RUNTIME_DIR point into the test's folder: the
//     keyring file and the control socket never touch the user's.
//
// go-keyring talks to dbus.SessionBus(), one connection per process made on first
// use from DBUS_SESSION_BUS_ADDRESS: the test without a Secret Service therefore
// runs in a child process of this test binary, with a bus of its own.
//
// A missing tool (dbus-daemon, gnome-keyring-daemon, secret-tool) fails the test:
// `.ci/deps.sh test` installs them.

import (
	"bufio"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/source"
)

const loginCollection = dbus.ObjectPath("/org/freedesktop/secrets/collection/login")

// tool finds a program the test needs, or fails the test naming its package.
func tool(t *testing.T, name, pkg string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s not found: install %s (.ci/deps.sh test does)", name, pkg)
	}
	return bin
}

// daemon starts a program in its own process group, logging to a file shown when
// the test fails, and stops it (the whole group) when the test ends.
func daemon(t *testing.T, name string, cmd *exec.Cmd) {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
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

// startBus starts a private session bus and returns its address.
func startBus(t *testing.T) string {
	t.Helper()
	bin := tool(t, "dbus-daemon", "dbus")
	conf, err := filepath.Abs(filepath.Join("testdata", "bus.conf"))
	if err != nil {
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
	w.Close()
	line, _ := bufio.NewReader(r).ReadString('\n')
	if line = strings.TrimSpace(line); line == "" {
		t.Fatal("dbus-daemon did not print its address")
	}
	return line
}

// startKeyring runs gnome-keyring-daemon on the bus at addr with an unlocked login
// collection, and returns the environment its clients (secret-tool) need.
func startKeyring(t *testing.T, addr string) []string {
	t.Helper()
	bin := tool(t, "gnome-keyring-daemon", "gnome-keyring")
	home := t.TempDir()
	run := filepath.Join(home, "run")
	if err := os.Mkdir(run, 0o700); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS="+addr, "HOME="+home,
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
			return env
		}
		if time.Now().After(deadline) {
			t.Fatalf("gnome-keyring-daemon shows no login collection on the bus (last error: %v)", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// recorder is a monitoring server that answers every request with an empty list
// and remembers the Authorization header it got.
func recorder(t *testing.T) (*httptest.Server, func() string) {
	var mu sync.Mutex
	var auth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auth = r.Header.Get("Authorization")
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[]`))
	}))
	t.Cleanup(srv.Close)
	return srv, func() string { mu.Lock(); defer mu.Unlock(); return auth }
}

// TestSecretServiceRoundTrip: a token and a password typed in Settings go to the
// Secret Service, the config file holds only references, and the source readers
// send the real values to their servers.
func TestSecretServiceRoundTrip(t *testing.T) {
	addr := startBus(t)
	env := startKeyring(t, addr)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr) // before go-keyring's first call

	k := System()
	if err := k.Available(); err != nil {
		t.Fatalf("Available() = %v with gnome-keyring on the bus", err)
	}
	const token, password = "tok-3f9a ünïcode", "pa ss=word"
	tokRef, err := k.Store(Key("Ops Alerts", "token"), token)
	if err != nil {
		t.Fatal(err)
	}
	pwRef, err := k.Store(Key("Ops Gatus", "password"), password)
	if err != nil {
		t.Fatal(err)
	}
	if tokRef != "keyring:Ops Alerts/token" || pwRef != "keyring:Ops Gatus/password" {
		t.Fatalf("refs = %q, %q", tokRef, pwRef)
	}

	// Another Secret Service client finds the entry where the README says it is.
	lookup := exec.Command(tool(t, "secret-tool", "libsecret-tools"), "lookup", "service", Service, "username", "Ops Alerts/token")
	lookup.Env = env
	if out, err := lookup.Output(); err != nil || string(out) != token {
		t.Fatalf("secret-tool lookup = %q, %v; want the token", out, err)
	}

	am, amAuth := recorder(t)
	gatus, gatusAuth := recorder(t)
	path := filepath.Join(t.TempDir(), "config.toml")
	err = config.Save(path, &config.Config{Sources: []config.Source{
		{Name: "Ops Alerts", Kind: "alertmanager", URL: am.URL, Token: tokRef},
		{Name: "Ops Gatus", Kind: "gatus", URL: gatus.URL, Username: "ops", Password: pwRef},
	}})
	if err != nil {
		t.Fatal(err)
	}
	file, _ := os.ReadFile(path)
	if strings.Contains(string(file), token) || strings.Contains(string(file), password) ||
		!strings.Contains(string(file), `token = "keyring:Ops Alerts/token"`) ||
		!strings.Contains(string(file), `password = "keyring:Ops Gatus/password"`) {
		t.Fatalf("the config file should hold references only:\n%s", file)
	}

	loaded, err := config.Load(config.Files{User: path})
	if err != nil {
		t.Fatal(err)
	}
	cfg := ResolveConfig(k, loaded.Merged)
	if loaded.Merged.Sources[0].Token != tokRef {
		t.Errorf("ResolveConfig changed the loaded config: %q", loaded.Merged.Sources[0].Token)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, src := range cfg.Sources {
		if _, err := source.Fetch(ctx, http.DefaultClient, src); err != nil {
			t.Fatalf("%s: %v", src.Name, err)
		}
	}
	if got := amAuth(); got != "Bearer "+token {
		t.Errorf("alertmanager got Authorization %q, want the bearer token", got)
	}
	want, _ := http.NewRequest("GET", "/", nil)
	want.SetBasicAuth("ops", password)
	if got := gatusAuth(); got != want.Header.Get("Authorization") {
		t.Errorf("gatus got Authorization %q, want basic auth with the password", got)
	}

	// A missing entry fails that source with a reason that names the entry.
	_, err = ResolveSource(k, config.Source{Name: "Gone", Token: "keyring:Gone/token"})
	if err == nil || err.Error() != `token: keyring entry "Gone/token" not found` {
		t.Errorf("missing entry: %v", err)
	}
	// Delete removes it from the Secret Service.
	if err := k.Delete(tokRef); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Resolve(tokRef); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("after Delete, Resolve = %v", err)
	}
}

// TestNoSecretService: on a session bus without a Secret Service (a bare Linux
// session), Available says so, storing fails the same way, a reference fails its
// source with that reason, and a plain value works as before.
func TestNoSecretService(t *testing.T) {
	if os.Getenv("UPTRAY_SECRET_CHILD") == "no-keychain" {
		noKeychainChild(t)
		return
	}
	addr := startBus(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoSecretService$", "-test.v")
	cmd.Env = append(os.Environ(), "UPTRAY_SECRET_CHILD=no-keychain", "DBUS_SESSION_BUS_ADDRESS="+addr)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestNoSecretService") {
		t.Fatalf("child without a Secret Service: %v\n%s", err, out)
	}
}

// noKeychainChild is TestNoSecretService in its own process, on its own bus.
func noKeychainChild(t *testing.T) {
	k := System()
	err := k.Available()
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "org.freedesktop.secrets") {
		t.Fatalf("Available() = %v, want no keychain naming the missing service", err)
	}
	if _, err := k.Store(Key("Ops", "token"), "s3cret"); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Store = %v, want no keychain", err)
	}
	_, err = ResolveSource(k, config.Source{Name: "Ops", Token: "keyring:Ops/token"})
	if err == nil || !strings.HasPrefix(err.Error(), "token: no keychain available") {
		t.Errorf("ResolveSource = %v", err)
	}

	am, amAuth := recorder(t)
	src := config.Source{Name: "Ops", Kind: "alertmanager", URL: am.URL, Token: "plain-token"}
	cfg := ResolveConfig(k, &config.Config{Sources: []config.Source{src}})
	resolved, err := ResolveSource(k, cfg.Sources[0])
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := source.Fetch(ctx, http.DefaultClient, resolved); err != nil {
		t.Fatal(err)
	}
	if got := amAuth(); got != "Bearer plain-token" {
		t.Errorf("a plain token: server got %q", got)
	}
}
