package main

import (
	"bytes"
	"fmt"
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
	srvURL, authOf, online := sourceServer(t)
	cfg := writeConfig(t, fmt.Sprintf(`
[connectivity]
targets = [%q]
[[sources]]
name = "Ops Alerts"
kind = "alertmanager"
url = %q
token = %q
`, online, srvURL, ref))

	var out, errOut bytes.Buffer
	if code := run([]string{"check", "--config", cfg, "--machine-config", ""}, &out, &errOut); code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
	if got, _ := authOf("/api/v2/alerts"); got != "Bearer "+token {
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
