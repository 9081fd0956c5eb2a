package ui

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
)

const withSecrets = `
[[services]]
name = "Intranet"
kind = "http"
target = "https://bob:hunter2@intranet.example.com/health?token=t0ken&page=2"

[[sources]]
name = "Ops"
kind = "gatus"
url = "https://gatus.example.com/?api_key=k3y"
token = "s3cret-token"

[[sources]]
name = "Kuma"
kind = "uptime-kuma"
url = "https://kuma.example.com"
slug = "staff"
username = "alice"
password = "pa55word"
`

var secrets = []string{"hunter2", "t0ken", "k3y", "s3cret-token", "pa55word"}

func TestExportLeavesOutSecrets(t *testing.T) {
	h := newHarness(t, "", withSecrets, Deps{})
	data, err := exportData(h.s.loaded.User, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range secrets {
		if strings.Contains(string(data), secret) {
			t.Errorf("exported file holds %q:\n%s", secret, data)
		}
	}
	c, err := config.Parse(data)
	if err != nil {
		t.Fatalf("the exported file does not read back: %v\n%s", err, data)
	}
	if got := c.Services[0].Target; got != "https://bob:xxxxx@intranet.example.com/health?token=xxxxx&page=2" {
		t.Errorf("target = %q", got)
	}
	ops, kuma := c.Sources[0], c.Sources[1]
	if ops.URL != "https://gatus.example.com/?api_key=xxxxx" || ops.Token != "" || kuma.Username != "alice" || kuma.Password != "" {
		t.Errorf("sources = %+v", c.Sources)
	}
	if !strings.HasPrefix(string(data), "# Passwords and tokens were left out") {
		t.Errorf("the file does not say what was left out:\n%s", data)
	}
	if h.s.loaded.User.Sources[0].Token != "s3cret-token" {
		t.Error("exporting changed the settings themselves")
	}

	// Kept on request: the file is the settings as they are.
	data, err = exportData(h.s.loaded.User, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range secrets {
		if !strings.Contains(string(data), secret) {
			t.Errorf("%q left out though asked to keep it", secret)
		}
	}
}

// The export is readable by its owner only, even over a file that was readable by all.
func TestExportFileMode(t *testing.T) {
	test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "uptray-settings.toml")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := storage.Writer(storage.NewFileURI(path)) // as the save dialog opens it
	if err != nil {
		t.Fatal(err)
	}
	if err := writeExport(w, []byte("token = \"x\"\n")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "token = \"x\"\n" {
		t.Fatalf("file holds %q, %v", got, err)
	}
	fi, _ := os.Stat(path)
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".config-*"))
	if len(leftovers) > 0 {
		t.Errorf("temp files left: %v", leftovers)
	}
}

func TestExportDialogLeavesOutByDefault(t *testing.T) {
	h := newHarness(t, "", withSecrets, Deps{})
	h.s.exportDialog()
	var check *widget.Check
	for _, o := range test.LaidOutObjects(h.w.Canvas().Overlays().Top()) {
		if c, ok := o.(*checkField); ok && c.Text == labelIncludeSecrets() {
			check = &c.Check
		}
	}
	if check == nil || check.Checked {
		t.Fatalf("no unticked %q box: %v", labelIncludeSecrets(), check)
	}
	h.dialogButton("Choose file…")
	test.Tap(h.dialogButton("Cancel"))
	if h.w.Canvas().Overlays().Top() != nil {
		t.Error("Cancel left the dialog open")
	}
}

// An import reads no more than config.MaxFileSize and refuses what nests too deep.
func TestImportRefusesHostileFiles(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	before, _ := os.ReadFile(h.files.User)
	h.s.importFrom("zero.toml", zeros{})
	if text := h.dialogText(); !strings.Contains(text, "zero.toml: is larger than 1.0 MiB") || !strings.Contains(text, "Nothing was changed") {
		t.Errorf("dialog says %q", text)
	}
	test.Tap(h.dialogButton("OK"))
	h.s.importFrom("deep.toml", strings.NewReader("x = "+strings.Repeat("{a=", 50_000)+strings.Repeat("}", 50_000)))
	if text := h.dialogText(); !strings.Contains(text, "nested more than") {
		t.Errorf("dialog says %q", text)
	}
	test.Tap(h.dialogButton("OK"))
	after, _ := os.ReadFile(h.files.User)
	if string(before) != string(after) {
		t.Error("a refused import changed the settings")
	}
}

// zeros reads as /dev/zero does: forever.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }
