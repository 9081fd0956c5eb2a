package config

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/clock"
)

func TestWatchSeesAReplacedFile(t *testing.T) {
	dir := t.TempDir()
	files := Files{User: filepath.Join(dir, "config.toml")}
	changed := make(chan struct{}, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := NewWatcher(files, nil)
	go w.Run(ctx, 10*time.Millisecond, func() { changed <- struct{}{} })
	c := &Config{Services: []Service{{Name: "A", Kind: "tcp", Target: "a.example:1"}}}
	if err := Save(files.User, c); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
	case <-time.After(5 * time.Second):
		t.Fatal("a new file was not noticed")
	}
	if err := os.Remove(files.User); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
	case <-time.After(5 * time.Second):
		t.Fatal("a removed file was not noticed")
	}
}

// With file events the watcher needs no polling: an hour's poll still sees a save at once.
func TestWatchUsesFileEvents(t *testing.T) {
	dir := t.TempDir()
	files := Files{User: filepath.Join(dir, "config.toml")}
	changed := make(chan struct{}, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := NewWatcher(files, nil)
	go w.Run(ctx, time.Hour, func() { changed <- struct{}{} })
	time.Sleep(100 * time.Millisecond) // let it start listening (not synchronisation of results)
	if err := Save(files.User, &Config{Services: []Service{{Name: "A", Kind: "tcp", Target: "a.example:1"}}}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
	case <-time.After(5 * time.Second):
		t.Fatal("a save was not noticed through file events")
	}
}

// Where the OS gives no file events (the folder does not exist yet), the watcher polls
// on its clock: nothing happens until the poll is due, then the new file is seen.
func TestWatchPollsOnItsClock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "not-yet")
	files := Files{User: filepath.Join(dir, "config.toml")}
	fake := clock.NewFake(time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC))
	changed := make(chan struct{}, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go NewWatcher(files, fake).Run(ctx, 30*time.Second, func() { changed <- struct{}{} })
	for _, ok := fake.NextDue(); !ok; _, ok = fake.NextDue() {
		time.Sleep(time.Millisecond) // until Run has armed its poll timer
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := Save(files.User, &Config{}); err != nil {
		t.Fatal(err)
	}
	fake.Advance(29 * time.Second)
	select {
	case <-changed:
		t.Fatal("noticed before the poll was due")
	case <-time.After(50 * time.Millisecond):
	}
	fake.Advance(time.Second)
	select {
	case <-changed:
	case <-time.After(5 * time.Second):
		t.Fatal("the poll did not see the new file")
	}
}
