package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func loadFull(t *testing.T) *Config {
	t.Helper()
	c, err := LoadFile(filepath.Join("testdata", "valid", "full.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// withoutOrigin drops what files do not hold, so configs can be compared.
func withoutOrigin(c *Config) *Config {
	cp := *c
	cp.Services = slices.Clone(c.Services)
	for i := range cp.Services {
		cp.Services[i].Origin, cp.Services[i].Managed = "", false
	}
	cp.Sources = slices.Clone(c.Sources)
	for i := range cp.Sources {
		cp.Sources[i].Origin, cp.Sources[i].Managed = "", false
	}
	return &cp
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestSaveRoundTrip(t *testing.T) {
	for _, name := range []string{"full.toml", "minimal.toml", "empty.toml", "inline.toml"} {
		t.Run(name, func(t *testing.T) {
			orig, err := LoadFile(filepath.Join("testdata", "valid", name))
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "config.toml")
			if err := Save(path, orig); err != nil {
				t.Fatalf("Save: %v", err)
			}
			back, err := LoadFile(path)
			if err != nil {
				t.Fatalf("LoadFile after Save: %v", err)
			}
			if !reflect.DeepEqual(withoutOrigin(back), withoutOrigin(orig)) {
				data, _ := os.ReadFile(path)
				t.Errorf("round trip changed the configuration:\n got %+v\nwant %+v\nfile:\n%s", back, orig, data)
			}
			if !slices.Equal(back.ConnectivityTargets(), orig.ConnectivityTargets()) {
				t.Errorf("targets %#v, want %#v", back.ConnectivityTargets(), orig.ConnectivityTargets())
			}
			for i, sp := range withoutOrigin(back).Specs() {
				if want := withoutOrigin(orig).Specs()[i]; !reflect.DeepEqual(sp, want) {
					t.Errorf("%s: spec %+v, want %+v", sp.Name, sp, want)
				}
			}
		})
	}
}

func TestSaveWritesReadableToml(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	c := &Config{Services: []Service{{Name: "Mail", Kind: "tcp", Target: "mail.example.com:993", Interval: D(time.Minute)}}}
	if err := Save(path, c); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if !strings.HasPrefix(text, "# Uptray configuration") || !strings.Contains(text, `interval = "1m"`) {
		t.Errorf("file:\n%s", text)
	}
	// Unset values stay out of the file so it keeps following the defaults.
	for _, absent := range []string{"timeout", "max_latency", "cert_min_days", "0s", "Origin", "Managed", "[defaults]", "targets"} {
		if strings.Contains(text, absent) {
			t.Errorf("file holds %q:\n%s", absent, text)
		}
	}
}

func TestSaveMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permissions")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	// An existing, world-readable file is replaced by a private one.
	if err := os.WriteFile(path, []byte("# old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Save(path, loadFull(t)); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + ".bak"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", filepath.Base(p), fi.Mode().Perm())
		}
	}
}

func TestSaveKeepsBackup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	first := loadFull(t)
	if err := Save(path, first); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".bak"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a first save has nothing to back up, yet: %v", err)
	}
	firstBytes, _ := os.ReadFile(path)

	second := withoutOrigin(first)
	second.Services = second.Services[:2]
	if err := Save(path, second); err != nil {
		t.Fatal(err)
	}
	bak, err := os.ReadFile(path + ".bak")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bak, firstBytes) {
		t.Errorf(".bak holds\n%s\nwant the previous content\n%s", bak, firstBytes)
	}
	now, _ := LoadFile(path)
	if len(now.Services) != 2 {
		t.Errorf("%d services after the second save", len(now.Services))
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"config.toml", "config.toml.bak"}) {
		t.Errorf("dir holds %v", names)
	}
}

func TestSaveRefusesInvalid(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	good := []byte("# hand-written\n[[services]]\nname = \"Web\"\nkind = \"http\"\ntarget = \"https://example.com\"\n")
	if err := os.WriteFile(path, good, 0o600); err != nil {
		t.Fatal(err)
	}
	bad := &Config{Services: []Service{
		{Name: "Web", Kind: "http", Target: "example.com"},
		{Name: "Mail", Kind: "tcp", Target: "mail:993", Interval: D(time.Second)},
	}}
	err := Save(path, bad)
	var es Errors
	if !errors.As(err, &es) || len(es) != 2 {
		t.Fatalf("Save(invalid) = %v, want 2 Errors", err)
	}
	if len(es.For(1, "target")) != 1 || len(es.For(2, "interval")) != 1 {
		t.Errorf("errors: %v", err)
	}
	got, _ := os.ReadFile(path)
	if !bytes.Equal(got, good) {
		t.Errorf("file changed:\n%s", got)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"config.toml"}) {
		t.Errorf("dir holds %v, want only config.toml", names)
	}

	// Nor is a file created where there was none.
	fresh := filepath.Join(t.TempDir(), "new", "config.toml")
	if err := Save(fresh, bad); err == nil {
		t.Fatal("no error")
	}
	if _, err := os.Stat(fresh); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("invalid config written: %v", err)
	}
}

func TestSaveCreatesDir(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "uptray", "config.toml")
	if err := Save(path, loadFull(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(path); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(filepath.Dir(path))
		if err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("dir: %v %v", fi.Mode(), err)
		}
	}
}

func TestSaveEmptyTargetsSurvive(t *testing.T) {
	// targets = [] (interfaces only) must not become "unset" (the built-in list).
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := Save(path, &Config{Connectivity: Connectivity{Targets: []string{}}}); err != nil {
		t.Fatal(err)
	}
	c, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.ConnectivityTargets(); got == nil || len(got) != 0 {
		t.Errorf("targets after save = %#v, want []", got)
	}
}

func TestSaveKeepsExplicitZeroAndFalse(t *testing.T) {
	off := false
	c := &Config{Notifications: Notifications{Enabled: &off, RemindEvery: D(0)}}
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := Save(path, c); err != nil {
		t.Fatal(err)
	}
	back, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if On(back.Notifications.Enabled, true) || back.Notifications.RemindEvery != D(0) {
		t.Errorf("notifications after save = %+v", back.Notifications)
	}
}

// A save interrupted before its rename leaves a temp file; the next start removes it,
// and only it.
func TestCleanTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	old := time.Now().Add(-2 * time.Minute)
	files := map[string]bool{ // name: removed
		".config-123456789.toml": true,
		".config-1.toml":         true,
		".config-42.toml.young":  false,
		".config-abc.toml":       false,
		".config-.toml":          false,
		"config.toml":            false,
		"config.toml.bak":        false,
		".config-99.toml.x":      false,
	}
	for name := range files {
		os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600)
		os.Chtimes(filepath.Join(dir, name), old, old)
	}
	young := filepath.Join(dir, ".config-77.toml") // a save under way elsewhere
	os.WriteFile(young, []byte("x"), 0o600)
	os.Mkdir(filepath.Join(dir, ".config-5.toml"), 0o700) // not a file
	removed, err := CleanTemp(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, ".config-1.toml"), filepath.Join(dir, ".config-123456789.toml")}
	slices.Sort(removed)
	if !slices.Equal(removed, want) {
		t.Errorf("removed %v, want %v", removed, want)
	}
	for name, gone := range files {
		if _, err := os.Stat(filepath.Join(dir, name)); (err != nil) != gone {
			t.Errorf("%s: removed %v, want %v", name, err != nil, gone)
		}
	}
	for _, p := range []string{young, filepath.Join(dir, ".config-5.toml")} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed", p)
		}
	}
	if removed, err := CleanTemp(filepath.Join(dir, "absent", "config.toml")); err != nil || removed != nil {
		t.Errorf("no folder: %v %v", removed, err)
	}
}
