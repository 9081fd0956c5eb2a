package config

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/uptray/uptray/internal/clock"
)

// settle is how long the watcher waits after a file event before it looks: an editor's
// save is several events (write a temp file, rename it, change its mode).
const settle = 100 * time.Millisecond

// Watcher notices when either file is created, changed or removed. It listens for the
// OS's file events on the files' folders (editors and Save replace files by renaming,
// which only the folder sees), so an idle laptop is never woken for it; it compares
// the files' size and modification time before telling, and polls only where events
// cannot be had.
type Watcher struct {
	files Files
	clock clock.Clock
	last  [2]fileStamp
}

// NewWatcher takes the files' current state as the starting point. clk times the polls
// and the settling after an event (nil: the real clock).
func NewWatcher(files Files, clk clock.Clock) *Watcher {
	if clk == nil {
		clk = clock.Real{}
	}
	return &Watcher{files: files, clock: clk, last: fingerprint(files)}
}

// Run calls onChange after each change until ctx ends. poll is how often it looks when
// the OS gives no file events for a folder (it does not exist yet, or events are not
// supported there); with events it still looks once a minute, in case one was missed.
func (w *Watcher) Run(ctx context.Context, poll time.Duration, onChange func()) {
	events, stop := w.listen()
	defer stop()
	if events != nil {
		poll = max(poll, time.Minute)
	}
	tick := w.clock.NewTimer(poll)
	defer tick.Stop()
	var settling clock.Timer
	var wait <-chan time.Time // set while an event settles
	for {
		select {
		case <-ctx.Done():
			if settling != nil {
				settling.Stop()
			}
			return
		case <-events:
			if settling != nil {
				settling.Stop()
			}
			settling = w.clock.NewTimer(settle)
			wait = settling.C()
			continue
		case <-wait:
			wait = nil
		case <-tick.C():
			tick.Reset(poll)
		}
		if now := fingerprint(w.files); now != w.last {
			w.last = now
			onChange()
		}
	}
}

// listen returns a channel of events about the two files, or nil when a folder cannot
// be watched (the caller polls then).
func (w *Watcher) listen() (<-chan struct{}, func()) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, func() {}
	}
	names := map[string]bool{}
	for _, p := range []string{w.files.Machine, w.files.User} {
		if p == "" {
			continue
		}
		p = filepath.Clean(p)
		if err := fw.Add(filepath.Dir(p)); err != nil {
			fw.Close()
			return nil, func() {}
		}
		names[p] = true
	}
	out := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case ev, ok := <-fw.Events:
				if !ok {
					return
				}
				if names[filepath.Clean(ev.Name)] {
					select {
					case out <- struct{}{}:
					default:
					}
				}
			case _, ok := <-fw.Errors:
				if !ok {
					return
				}
			}
		}
	}()
	return out, func() { fw.Close(); <-done }
}

type fileStamp struct {
	exists bool
	size   int64
	mod    time.Time
}

func fingerprint(files Files) [2]fileStamp {
	var out [2]fileStamp
	for i, p := range []string{files.Machine, files.User} {
		if fi, err := os.Stat(p); p != "" && err == nil {
			out[i] = fileStamp{true, fi.Size(), fi.ModTime()}
		}
	}
	return out
}
