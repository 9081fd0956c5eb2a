package config

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func layer(name string) string { return filepath.Join("testdata", "layers", name) }

func TestLoadLayers(t *testing.T) {
	files := Files{Machine: layer("machine.toml"), User: layer("user.toml")}
	l, err := Load(files)
	if err != nil {
		t.Fatal(err)
	}
	if l.Files != files || len(l.Machine.Services) != 2 || len(l.User.Services) != 1 {
		t.Fatalf("loaded %+v", l)
	}
	m := l.Merged
	if len(m.Services) != 3 {
		t.Fatalf("%d merged services, want 3", len(m.Services))
	}
	for i, want := range []struct {
		name, origin string
		managed      bool
	}{
		{"VPN", files.Machine, true},
		{"Intranet", files.Machine, true},
		{"Home NAS", files.User, false},
	} {
		s := m.Services[i]
		if s.Name != want.name || s.Origin != want.origin || s.Managed != want.managed {
			t.Errorf("services[%d] = %q origin %q managed %v, want %+v", i, s.Name, s.Origin, s.Managed, want)
		}
	}
	// The user's defaults.interval wins; the machine's failure_threshold and quiet
	// hours stay, as the user does not set them.
	if m.Defaults.Interval != D(30*time.Second) || m.Defaults.FailureThreshold != 3 || m.Notifications.QuietHours != "22:00-07:00" {
		t.Errorf("merged defaults %+v, notifications %+v", m.Defaults, m.Notifications)
	}
	for _, sp := range m.Specs() {
		if sp.Interval != 30*time.Second || sp.FailureThreshold != 3 {
			t.Errorf("%s: interval %v, failure threshold %d", sp.Name, sp.Interval, sp.FailureThreshold)
		}
	}
	// Merging did not touch the layers.
	if l.Machine.Defaults.Interval != D(2*time.Minute) || len(l.Machine.Services) != 2 {
		t.Errorf("machine layer changed: %+v", l.Machine)
	}
}

func TestLoadMissingFiles(t *testing.T) {
	dir := t.TempDir()
	for _, files := range []Files{
		{},
		{Machine: filepath.Join(dir, "machine.toml"), User: filepath.Join(dir, "nope", "config.toml")},
	} {
		l, err := Load(files)
		if err != nil {
			t.Errorf("Load(%+v): %v", files, err)
			continue
		}
		if l.Machine == nil || l.User == nil || l.Merged == nil || len(l.Merged.Services) != 0 {
			t.Errorf("Load(%+v) = %+v", files, l)
		}
	}
	// Only a user file: nothing is managed.
	l, err := Load(Files{Machine: filepath.Join(dir, "machine.toml"), User: layer("user.toml")})
	if err != nil || len(l.Merged.Services) != 1 || l.Merged.Services[0].Managed {
		t.Errorf("user only: %+v %v", l, err)
	}
}

func TestLoadInvalidUserFile(t *testing.T) {
	files := Files{Machine: layer("machine.toml"), User: layer("user_invalid.toml")}
	l, err := Load(files)
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 {
		t.Fatalf("Load = %v, want one error", err)
	}
	e := es[0]
	if e.File != files.User || e.Where != `services[1] "Home NAS"` || e.Field != "interval" {
		t.Errorf("error %+v", e)
	}
	if !strings.HasPrefix(err.Error(), files.User+`: services[1] "Home NAS": interval: `) {
		t.Errorf("error text %q", err)
	}
	// The machine layer is still there for a caller that keeps running on it.
	if l == nil || len(l.Machine.Services) != 2 {
		t.Errorf("loaded %+v", l)
	}
}

func TestLoadBothFilesInvalid(t *testing.T) {
	dir := t.TempDir()
	machine := filepath.Join("testdata", "invalid", "bad_duration.toml")
	user := filepath.Join("testdata", "invalid", "syntax_error.toml")
	_, err := Load(Files{Machine: machine, User: user})
	var es Errors
	if !errors.As(err, &es) || len(es) != 2 || es[0].File != machine || es[1].File != user {
		t.Errorf("Load = %#v", err)
	}
	_, err = Load(Files{Machine: dir}) // unreadable: a directory
	if !errors.As(err, &es) || len(es) != 1 || es[0].File != dir {
		t.Errorf("Load(dir) = %#v", err)
	}
}

func TestLoadDuplicateAcrossFiles(t *testing.T) {
	files := Files{Machine: layer("machine.toml"), User: layer("user_duplicate.toml")}
	_, err := Load(files)
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 {
		t.Fatalf("Load = %v, want one error", err)
	}
	e := es[0]
	// Reported where the user can fix it: the user's file, at its own index.
	if e.Field != "name" || e.File != files.User || e.Service != 2 || e.Where != `services[2] "vpn"` {
		t.Errorf("error %+v", e)
	}
	for _, part := range []string{`"vpn" is used by`, `services[1] "VPN"`, files.Machine} {
		if !strings.Contains(e.Msg, part) {
			t.Errorf("message %q lacks %q", e.Msg, part)
		}
	}
}

func TestMerge(t *testing.T) {
	yes, no := true, false
	machine := &Config{
		Defaults:      Defaults{Interval: D(time.Minute), Timeout: D(5 * time.Second), MaxConcurrent: 4},
		Connectivity:  Connectivity{Targets: []string{"10.0.0.1:53"}},
		Notifications: Notifications{Enabled: &yes, OnDegraded: &yes, QuietHours: "23:00-06:00"},
		Services:      []Service{{Name: "A"}},
	}
	user := &Config{
		Defaults:      Defaults{RetryInterval: D(3 * time.Second), SuccessThreshold: 2},
		Connectivity:  Connectivity{Targets: []string{}},
		Notifications: Notifications{OnDegraded: &no, OnRecovery: &no, RemindEvery: D(0)},
		Services:      []Service{{Name: "B"}},
	}
	m := Merge(machine, user)
	d := m.Defaults
	if d.Interval != D(time.Minute) || d.Timeout != D(5*time.Second) || d.RetryInterval != D(3*time.Second) ||
		d.MaxConcurrent != 4 || d.SuccessThreshold != 2 {
		t.Errorf("defaults %+v", d)
	}
	if m.ConnectivityTargets() == nil || len(m.ConnectivityTargets()) != 0 {
		t.Errorf("user's empty target list must win: %#v", m.Connectivity.Targets)
	}
	n := m.Notifications
	if !On(n.Enabled, false) || On(n.OnDegraded, true) || On(n.OnRecovery, true) || n.RemindEvery != D(0) || n.QuietHours != "23:00-06:00" {
		t.Errorf("notifications %+v", n)
	}
	if len(m.Services) != 2 || m.Services[0].Name != "A" || m.Services[1].Name != "B" {
		t.Errorf("services %+v", m.Services)
	}
	m.Services[0].Name = "changed"
	if machine.Services[0].Name != "A" {
		t.Error("Merge shares the machine's service slice")
	}
	if On(machine.Notifications.OnDegraded, false) != true {
		t.Error("Merge changed the machine layer's notifications")
	}
}

func TestDefaultFiles(t *testing.T) {
	f := DefaultFiles()
	if f.Machine == "" || f.Machine != MachinePath() || !filepath.IsAbs(f.Machine) {
		t.Errorf("machine path %q", f.Machine)
	}
	if f.User != "" && filepath.Base(f.User) != "config.toml" {
		t.Errorf("user path %q", f.User)
	}
}
