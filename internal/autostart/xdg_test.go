//go:build !darwin && !windows

package autostart

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestXDGEnableDisable(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	m := New("io.github.uptray", "/opt/uptray/bin/uptray")
	path := filepath.Join(dir, "autostart", "io.github.uptray.desktop")

	if on, err := m.Enabled(); err != nil || on {
		t.Fatalf("Enabled before Enable = %v, %v; want false, nil", on, err)
	}
	if err := m.Enable(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no .desktop file after Enable: %v", err)
	}
	for _, want := range []string{"[Desktop Entry]", "Type=Application", "Exec=/opt/uptray/bin/uptray\n", "X-GNOME-Autostart-enabled=true"} {
		if !strings.Contains(string(data), want) {
			t.Errorf(".desktop file lacks %q:\n%s", want, data)
		}
	}
	if on, err := m.Enabled(); err != nil || !on {
		t.Fatalf("Enabled after Enable = %v, %v; want true, nil", on, err)
	}
	if err := m.Enable(); err != nil {
		t.Fatalf("second Enable: %v", err)
	}
	if err := m.Disable(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf(".desktop file still there after Disable: %v", err)
	}
	if on, err := m.Enabled(); err != nil || on {
		t.Fatalf("Enabled after Disable = %v, %v; want false, nil", on, err)
	}
	if err := m.Disable(); err != nil {
		t.Fatalf("second Disable: %v", err)
	}
}

func TestXDGSwitchedOffByDesktop(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	path := filepath.Join(dir, "autostart", "app.desktop")
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.WriteFile(path, []byte("[Desktop Entry]\nExec=x\nX-GNOME-Autostart-enabled=false\n"), 0o644)
	if on, err := New("app", "x").Enabled(); err != nil || on {
		t.Fatalf("Enabled = %v, %v; want false for a file switched off", on, err)
	}
}

func TestXDGDefaultsToHomeConfig(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	if err := New("app", "/bin/uptray").Enable(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(home, ".config", "autostart", "app.desktop")); err != nil {
		t.Fatal(err)
	}
}

func TestDesktopExecQuotes(t *testing.T) {
	if got := desktopExec("/home/a b/uptray"); got != `"/home/a b/uptray"` {
		t.Errorf("got %s", got)
	}
}
