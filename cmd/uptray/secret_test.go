package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// A keychain reference that cannot be resolved (here: no session bus, so no
// keychain) fails its own source with the reason; the other source, with a
// hand-written token, is read as before; `check` neither crashes nor sends the
// reference to the server. The round trip through a real Secret Service is
// internal/secret's test.
func TestCheckWithAnUnresolvableKeychainReference(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	srvURL, authOf, online := sourceServer(t)
	cfg := writeConfig(t, fmt.Sprintf(`
[connectivity]
targets = [%[2]q]
[[sources]]
name = "Ops Alerts"
kind = "alertmanager"
url = "%[1]s/ref"
token = "keyring:Ops Alerts/token"
[[sources]]
name = "Team Alerts"
kind = "alertmanager"
url = "%[1]s/plain"
token = "hand-written"
`, srvURL, online))
	var out, errOut bytes.Buffer
	code := run([]string{"check", "--config", cfg, "--machine-config", ""}, &out, &errOut)
	if code != exitProblem {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitProblem, out.String(), errOut.String())
	}
	text := out.String()
	if !strings.Contains(text, "token: no keychain available") && !strings.Contains(text, `token: keyring entry "Ops Alerts/token" not found`) {
		t.Errorf("the source's reason does not name the keychain:\n%s", text)
	}
	if _, reached := authOf("/ref/api/v2/alerts"); reached {
		t.Error("the source with an unresolved reference reached its server")
	}
	if got, _ := authOf("/plain/api/v2/alerts"); got != "Bearer hand-written" {
		t.Errorf("the hand-written token: server got %q", got)
	}
}

// sourceServer is an Alertmanager without alerts that remembers the Authorization
// header of the last request to each path; online is a connectivity target that
// answers, so `check` is not offline.
func sourceServer(t *testing.T) (base string, authOf func(path string) (auth string, reached bool), online string) {
	t.Helper()
	var mu sync.Mutex
	seen := map[string]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.Path] = r.Header.Get("Authorization")
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[]`))
	}))
	t.Cleanup(srv.Close)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return srv.URL, func(path string) (string, bool) {
		mu.Lock()
		defer mu.Unlock()
		auth, ok := seen[path]
		return auth, ok
	}, l.Addr().String()
}
