package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// A keychain reference that cannot be resolved (here: no session bus, so no
// keychain) fails its own source with the reason; the other source, with a
// hand-written token, is read as before; `check` neither crashes nor sends the
// reference to the server. The round trip through a real Secret Service is
// internal/secret's test.
func TestCheckWithAnUnresolvableKeychainReference(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	var refRequests atomic.Int32
	var plainAuth atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/ref/") {
			refRequests.Add(1)
		} else {
			plainAuth.Store(r.Header.Get("Authorization"))
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[]`))
	}))
	defer srv.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0") // the connectivity target: online
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
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
`, srv.URL, l.Addr().String()))
	var out, errOut bytes.Buffer
	code := run([]string{"check", "--config", cfg, "--machine-config", ""}, &out, &errOut)
	if code != exitProblem {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitProblem, out.String(), errOut.String())
	}
	text := out.String()
	if !strings.Contains(text, "token: no keychain available") && !strings.Contains(text, `token: keyring entry "Ops Alerts/token" not found`) {
		t.Errorf("the source's reason does not name the keychain:\n%s", text)
	}
	if refRequests.Load() != 0 {
		t.Error("the source with an unresolved reference reached its server")
	}
	if got, _ := plainAuth.Load().(string); got != "Bearer hand-written" {
		t.Errorf("the hand-written token: server got %q", got)
	}
}
