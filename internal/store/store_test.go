package store

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/status"
)

func TestDefaultPath(t *testing.T) {
	home := filepath.FromSlash("/home/ann")
	cases := []struct {
		name, goos string
		env        map[string]string
		want       string
	}{
		{"linux", "linux", nil, "/home/ann/.local/share/uptray/history.db"},
		{"linux with XDG_DATA_HOME", "linux", map[string]string{"XDG_DATA_HOME": "/data"}, "/data/uptray/history.db"},
		{"linux ignores a relative XDG_DATA_HOME", "linux", map[string]string{"XDG_DATA_HOME": "data"}, "/home/ann/.local/share/uptray/history.db"},
		{"windows", "windows", map[string]string{"LocalAppData": "/Users/ann/AppData/Local"}, "/Users/ann/AppData/Local/Uptray/history.db"},
		{"macOS", "darwin", nil, "/home/ann/Library/Application Support/Uptray/history.db"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := defaultPath(tc.goos, func(k string) string { return tc.env[k] }, home)
			if want := filepath.FromSlash(tc.want); got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
	if DefaultPath() == "" {
		t.Error("DefaultPath is empty")
	}
}

func TestOpenSetsUpTheFile(t *testing.T) {
	f := newFixture(t, RecorderOptions{})
	for pragma, want := range map[string]string{
		"journal_mode": "wal", "busy_timeout": "5000", "auto_vacuum": "2", "synchronous": "1", "user_version": "1",
	} {
		var got string
		if err := f.st.db.QueryRow("PRAGMA " + pragma).Scan(&got); err != nil || got != want {
			t.Errorf("PRAGMA %s = %q, %v; want %q", pragma, got, err, want)
		}
	}
	// A path with a space, as on macOS, opens as a file: URI.
	spaced := filepath.Join(t.TempDir(), "Application Support", "Uptray", "history.db")
	st, rec, err := Open(context.Background(), spaced, Options{})
	if err != nil || rec != nil {
		t.Fatalf("Open(%q): %v, %v", spaced, err, rec)
	}
	st.Close()
	r, err := OpenReader(spaced, nil)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
}

func TestOpenReaderWithoutFile(t *testing.T) {
	_, err := OpenReader(filepath.Join(t.TempDir(), "history.db"), nil)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("got %v, want an error wrapping fs.ErrNotExist", err)
	}
}

// The windows process reads while the resident writes: WAL lets both go on, and the
// reader cannot write.
func TestReaderWhileWriting(t *testing.T) {
	f := newFixture(t, RecorderOptions{FlushEvery: time.Second, ResultsEvery: time.Second})
	f.result("Mail", status.Up, time.Millisecond)
	f.flush(t)
	r, err := OpenReader(f.path, f.clk)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	f.clk.Advance(time.Second)
	done := make(chan struct{})
	go func() { // the resident: a batch every (fake) second
		defer close(done)
		for range 200 {
			f.result("Mail", status.Up, 2*time.Millisecond)
			f.clk.Advance(time.Second)
			if err := f.rec.flush(false); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for reads := 0; ; reads++ {
		select {
		case <-done:
			if reads == 0 {
				t.Log("the writer finished before the first read")
			}
		default:
			if _, err := r.Latency("Mail", t0.Add(-time.Hour), t0.Add(time.Hour), time.Minute); err != nil {
				t.Fatal(err)
			}
			continue
		}
		break
	}
	if pts, err := r.Latency("Mail", t0.Add(-time.Hour), t0.Add(time.Hour), time.Hour); err != nil || len(pts) != 1 || pts[0].Checks != 201 {
		t.Errorf("after the writer: %+v, %v; want one point of 201 checks", pts, err)
	}
	if _, err := r.db.Exec("DELETE FROM results"); err == nil {
		t.Error("the reader could write")
	}
}
