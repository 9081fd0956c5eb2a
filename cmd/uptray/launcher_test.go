package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
)

type fakeOpener struct{ connected atomic.Bool }

func (f *fakeOpener) SendOpen(window, service string) bool { return f.connected.Load() }

// A running windows process takes the request; none running: one is started, and a
// second request while it starts does not start another; Stop ends it.
func TestLauncherStartsOneWindowsProcess(t *testing.T) {
	dir := t.TempDir()
	starts := filepath.Join(dir, "starts")
	exe := filepath.Join(dir, "fake-uptray")
	script := "#!/bin/sh\necho \"$@\" >> " + starts + "\nexec sleep 30\n"
	if err := os.WriteFile(exe, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	srv := &fakeOpener{}
	l := &launcher{exe: exe, files: config.Files{User: "u.toml", Machine: ""}, log: slog.New(slog.DiscardHandler), srv: srv}

	srv.connected.Store(true)
	l.Open("settings", "")
	if _, err := os.Stat(starts); err == nil {
		t.Fatal("started a process although one was connected")
	}
	srv.connected.Store(false)
	l.Open("service", "Payments")
	go func() { time.Sleep(300 * time.Millisecond); srv.connected.Store(true) }()
	l.Open("about", "") // while the first one starts: handed to it once it connects
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, _ := os.ReadFile(starts); len(b) > 0 {
			break // the fake has said how it was started
		}
	}
	l.Stop()
	got, _ := os.ReadFile(starts)
	if string(got) != "windows --open service:Payments --config u.toml --machine-config \n" {
		t.Fatalf("started: %q, want one process for service:Payments", got)
	}
}

// A windows process that dies at start (no display yet, a GL driver failing) is started
// once more, and only once: a broken display must not become a restart loop.
func TestLauncherRetriesAFailedStartOnce(t *testing.T) {
	dir := t.TempDir()
	starts := filepath.Join(dir, "starts")
	exe := filepath.Join(dir, "fake-uptray")
	script := "#!/bin/sh\necho \"$@\" >> " + starts + "\nexit 2\n"
	if err := os.WriteFile(exe, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	l := &launcher{exe: exe, files: config.Files{User: "u.toml"}, log: slog.New(slog.DiscardHandler), srv: &fakeOpener{}}
	l.Open("settings", "")
	lines := func() int {
		b, _ := os.ReadFile(starts)
		return strings.Count(string(b), "\n")
	}
	for deadline := time.Now().Add(5 * time.Second); lines() < 2 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // room for a third start, which must not come
	l.Stop()
	if n := lines(); n != 2 {
		t.Fatalf("started %d times, want 2 (the first and one retry)", n)
	}
}

// One killed from outside (the user, the OOM killer) is not restarted behind their back.
func TestLauncherDoesNotRestartAKilledProcess(t *testing.T) {
	dir := t.TempDir()
	starts := filepath.Join(dir, "starts")
	exe := filepath.Join(dir, "fake-uptray")
	script := "#!/bin/sh\necho \"$@\" >> " + starts + "\nkill -9 $$\n"
	if err := os.WriteFile(exe, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	l := &launcher{exe: exe, files: config.Files{User: "u.toml"}, log: slog.New(slog.DiscardHandler), srv: &fakeOpener{}}
	l.Open("settings", "")
	l.mu.Lock()
	exited := l.exited
	l.mu.Unlock()
	<-exited
	time.Sleep(300 * time.Millisecond) // room for a restart, which must not come
	l.Stop()
	if b, _ := os.ReadFile(starts); strings.Count(string(b), "\n") != 1 {
		t.Fatalf("started %q, want once", b)
	}
}

// When the windows process is gone the resident is told, once (it trims its memory).
func TestLauncherTellsWhenTheLastWindowsProcessExits(t *testing.T) {
	exe := filepath.Join(t.TempDir(), "fake-uptray")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	told := make(chan struct{}, 2)
	l := &launcher{exe: exe, files: config.Files{User: "u.toml"}, log: slog.New(slog.DiscardHandler), srv: &fakeOpener{},
		afterLast: func() { told <- struct{}{} }}
	l.Open("settings", "")
	select {
	case <-told:
	case <-time.After(5 * time.Second):
		t.Fatal("not told that the windows process exited")
	}
	l.Stop()
	if len(told) != 0 {
		t.Fatal("told more than once for one process")
	}
}
