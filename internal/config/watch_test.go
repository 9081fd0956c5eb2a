package config

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestWatchSeesAReplacedFile(t *testing.T) {
	dir := t.TempDir()
	files := Files{User: filepath.Join(dir, "config.toml")}
	changed := make(chan struct{}, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := NewWatcher(files)
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
	w := NewWatcher(files)
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
