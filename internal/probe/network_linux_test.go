package probe

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/transport/transporttest"
)

// The "system" proxy on Linux: GNOME's setting written with the real gsettings (its
// keyfile backend in a test folder, so no D-Bus is needed), KDE's kioslaverc, and the
// environment, each seen carrying the checks through a real forward proxy.

// desktop gives the test a home and settings folder of its own and no proxy in the
// environment; gsettings must be installed (.ci/deps.sh test installs it).
func desktop(t *testing.T) (gsettings func(args ...string), dir string) {
	path, err := exec.LookPath("gsettings")
	if err != nil {
		t.Fatal("gsettings is missing: install libglib2.0-bin and gsettings-desktop-schemas (.ci/deps.sh test)")
	}
	dir = t.TempDir()
	t.Setenv("GSETTINGS_BACKEND", "keyfile")
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	for _, k := range []string{"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "NO_PROXY", "no_proxy", "REQUEST_METHOD"} {
		t.Setenv(k, "")
	}
	return func(args ...string) {
		t.Helper()
		if out, err := exec.Command(path, append([]string{"set"}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("gsettings set %v: %v\n%s", args, err, out)
		}
	}, dir
}

// checkThrough checks the http and https servers with the system proxy and wants both
// Up, carried by px.
func checkThrough(t *testing.T, reg *Registry, px *transporttest.Proxy, ca *transporttest.CA, plainURL, secureURL string) {
	t.Helper()
	for _, target := range []string{plainURL, secureURL} {
		res := reg.Check(withTimeout(t, 5*time.Second), config.Service{Kind: "http", Target: target, CAFile: ca.File})
		if res.Status != status.Up {
			t.Errorf("%s: %v %q, want Up through the system proxy", target, res.Status, res.Reason)
		}
	}
	if px.Forwards.Load() != 1 || px.Connects.Load() != 1 {
		t.Errorf("proxy carried %d plain requests and %d tunnels, want 1 and 1", px.Forwards.Load(), px.Connects.Load())
	}
}

func TestSystemProxyGNOME(t *testing.T) {
	set, _ := desktop(t)
	ca := transporttest.NewCA(t)
	px, plainURL, secureURL := viaProxy(t, ca, nil)
	host, port, _ := strings.Cut(px.Host(), ":")
	set("org.gnome.system.proxy", "mode", "manual")
	set("org.gnome.system.proxy.http", "host", host)
	set("org.gnome.system.proxy.http", "port", port)
	set("org.gnome.system.proxy", "ignore-hosts", "['localhost', '*.internal.test']")
	checkThrough(t, NewRegistry(Options{}), px, ca, plainURL, secureURL)
}

// GNOME's proxy password is sent to the proxy and never shown.
func TestSystemProxyGNOMEPassword(t *testing.T) {
	set, _ := desktop(t)
	ca := transporttest.NewCA(t)
	px, plainURL, _ := viaProxy(t, ca, nil)
	px.Auth = "Basic Ym9iOnJpZ2h0LXB3" // bob:right-pw
	host, port, _ := strings.Cut(px.Host(), ":")
	set("org.gnome.system.proxy", "mode", "manual")
	set("org.gnome.system.proxy.http", "host", host)
	set("org.gnome.system.proxy.http", "port", port)
	set("org.gnome.system.proxy.http", "use-authentication", "true")
	set("org.gnome.system.proxy.http", "authentication-user", "bob")
	set("org.gnome.system.proxy.http", "authentication-password", "wr0ng-s3cret")
	res := NewRegistry(Options{}).Check(withTimeout(t, 5*time.Second), config.Service{Kind: "http", Target: plainURL})
	if want := "proxy " + px.Host() + " answered 407 Proxy Authentication Required"; res.Reason != want {
		t.Errorf("reason %q, want %q", res.Reason, want)
	}
	set("org.gnome.system.proxy.http", "authentication-password", "right-pw")
	if res := NewRegistry(Options{}).Check(withTimeout(t, 5*time.Second), config.Service{Kind: "http", Target: plainURL}); res.Status != status.Up {
		t.Errorf("with GNOME's proxy password: %v %q, want Up", res.Status, res.Reason)
	}
}

// A PAC file cannot be evaluated on Linux: the checks go direct, and a failure says why
// the proxy was not used; the log says it once.
func TestSystemProxyGNOMEAutoConfig(t *testing.T) {
	set, _ := desktop(t)
	set("org.gnome.system.proxy", "mode", "auto")
	set("org.gnome.system.proxy", "autoconfig-url", "http://wpad.example.test/wpad.dat")
	var logs logBuffer
	reg := NewRegistry(Options{Log: logs.logger()})
	dead := closedAddr(t)
	for range 2 {
		res := reg.Check(withTimeout(t, 5*time.Second), config.Service{Kind: "http", Target: "http://" + dead + "/"})
		want := "connect: connection refused (proxy auto-config not supported on Linux: http://wpad.example.test/wpad.dat)"
		if res.Reason != want {
			t.Errorf("reason %q, want %q", res.Reason, want)
		}
	}
	if n := strings.Count(logs.String(), "proxy auto-config not supported on Linux"); n != 1 {
		t.Errorf("logged %d times, want once:\n%s", n, logs.String())
	}
}

func TestSystemProxyKDE(t *testing.T) {
	_, dir := desktop(t) // GNOME's mode stays "none": KDE's file decides
	ca := transporttest.NewCA(t)
	px, plainURL, secureURL := viaProxy(t, ca, nil)
	host, port, _ := strings.Cut(px.Host(), ":")
	rc := "[Proxy Settings]\nProxyType=1\nhttpProxy=http://" + host + " " + port + "\nhttpsProxy=http://" + px.Host() + "\nNoProxyFor=localhost\n"
	if err := os.WriteFile(filepath.Join(dir, "kioslaverc"), []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	checkThrough(t, NewRegistry(Options{}), px, ca, plainURL, secureURL)
}

func TestSystemProxyEnvironment(t *testing.T) {
	desktop(t)
	ca := transporttest.NewCA(t)
	px, plainURL, secureURL := viaProxy(t, ca, nil)
	t.Setenv("HTTP_PROXY", px.URL.String())
	t.Setenv("HTTPS_PROXY", px.URL.String())
	checkThrough(t, NewRegistry(Options{}), px, ca, plainURL, secureURL)
	// "none" goes direct whatever the system says: svc.example.test is not found.
	res := NewRegistry(Options{}).Check(withTimeout(t, 5*time.Second), config.Service{Kind: "http", Target: plainURL, Proxy: "none"})
	if res.Status != status.Down || px.Forwards.Load() != 1 || strings.Contains(res.Reason, "proxy") {
		t.Errorf("proxy none: %v %q, proxy carried %d; want Down without the proxy", res.Status, res.Reason, px.Forwards.Load())
	}
}
