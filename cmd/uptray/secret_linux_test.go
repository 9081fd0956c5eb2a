package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/secret"
	"github.com/uptray/uptray/internal/secret/secrettest"
)

// `check` and the tray's load read a keychain reference from a real Secret Service
// (gnome-keyring on a private bus) and send the value to the server; the config
// they read keeps the reference.
func TestCheckAndTrayReadTheKeychain(t *testing.T) {
	secrettest.Start(t)
	const token = "tok-from-the-keyring"
	ref, err := secret.System().Store(secret.Key("Ops Alerts", "token"), token)
	if err != nil {
		t.Fatal(err)
	}
	var auth atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth.Store(r.Header.Get("Authorization"))
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
targets = [%q]
[[sources]]
name = "Ops Alerts"
kind = "alertmanager"
url = %q
token = %q
`, l.Addr().String(), srv.URL, ref))

	var out, errOut bytes.Buffer
	if code := run([]string{"check", "--config", cfg, "--machine-config", ""}, &out, &errOut); code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
	if got, _ := auth.Load().(string); got != "Bearer "+token {
		t.Errorf("the server got %q, want the keychain's token", got)
	}

	got, _, err := loadForTray(config.Files{User: cfg})
	if err != nil || len(got.Sources) != 1 || got.Sources[0].Token != token {
		t.Fatalf("the tray's config: %v, %+v", err, got)
	}
	if c, _ := config.LoadFile(cfg); c.Sources[0].Token != ref {
		t.Errorf("the file's token = %q, want the reference", c.Sources[0].Token)
	}
}
