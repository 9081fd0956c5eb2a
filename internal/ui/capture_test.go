package ui

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCapture writes the screenshots; UPTRAY_SHOTS=dir keeps them for a look.
func TestCapture(t *testing.T) {
	dir := os.Getenv("UPTRAY_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := captureAll(dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"services.png", "services-dark.png", "editor.png", "sources.png", "source-editor.png", "welcome.png", "preferences.png", "no-tray.png", "catalog.png", "components.png"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() < 1000 {
			t.Errorf("%s: %v", name, err)
		}
	}
}
