package secret

// These tests use a real Secret Service: gnome-keyring-daemon on a private D-Bus
// session bus (secrettest says what it takes). The test without a Secret Service
// runs in a child process of this test binary: go-keyring's bus connection is one
// per process.

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/secret/secrettest"
	"github.com/uptray/uptray/internal/source"
)

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
	env := secrettest.Start(t) // before go-keyring's first call

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
	lookup := exec.Command(secrettest.Tool(t, "secret-tool", "libsecret-tools"), "lookup", "service", Service, "username", "Ops Alerts/token")
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
	addr := secrettest.StartBus(t)
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
