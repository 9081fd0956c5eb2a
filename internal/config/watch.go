package config

import (
	"context"
	"os"
	"time"
)

// Watcher notices when either file is created, changed or removed. It polls the files' size and modification time rather
// than using inotify: editors and Save replace files by renaming, which a poll sees the
// same on every OS, and two stat calls every few seconds cost nothing.
type Watcher struct {
	files Files
	last  [2]fileStamp
}

// NewWatcher takes the files' current state as the starting point.
func NewWatcher(files Files) *Watcher { return &Watcher{files: files, last: fingerprint(files)} }

// Run calls onChange after each change, checking every interval until ctx ends.
func (w *Watcher) Run(ctx context.Context, interval time.Duration, onChange func()) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if now := fingerprint(w.files); now != w.last {
			w.last = now
			onChange()
		}
	}
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
