package store

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/status"
)

// TestMain doubles as the child that TestKillNineLosesAtMostTheLastBatch kills.
func TestMain(m *testing.M) {
	if path := os.Getenv("UPTRAY_STORE_CHILD"); path != "" {
		writeUntilKilled(path)
		return
	}
	os.Exit(m.Run())
}

// writeUntilKilled records results as fast as the writer takes them and prints the
// time of the first (result i is i ms later), then the number committed after every
// batch. The times are now's: older ones would be rolled up and deleted at once.
func writeUntilKilled(path string) {
	base := time.Now().Truncate(time.Millisecond)
	fmt.Println("base", base.UnixMilli())
	st, _, err := Open(context.Background(), path, Options{})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	rec := NewRecorder(st, RecorderOptions{FlushEvery: 2 * time.Millisecond, ResultsEvery: time.Millisecond})
	committed := 0
	rec.afterFlush = func(n int) { committed += n; fmt.Println("committed", committed) }
	go rec.Run(context.Background())
	for i := 0; ; i++ {
		rec.RecordResult("svc", status.Result{Status: status.Up, Latency: time.Millisecond, Reason: "", At: base.Add(time.Duration(i) * time.Millisecond)})
		if i%500 == 0 {
			rec.RecordTransition(status.Transition{Service: "svc", From: status.Up, To: status.Degraded, At: base.Add(time.Duration(i) * time.Millisecond)})
		}
		for backlog(rec) > 200 { // keep batches small: kill -9 then lands among many of them
			time.Sleep(100 * time.Microsecond)
		}
	}
}

func backlog(r *Recorder) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.buf)
}

// A child writing batches is killed with SIGKILL, three times over the same file: each
// time the file opens cleanly and holds every batch the child saw committed, in order,
// without a gap.
func TestKillNineLosesAtMostTheLastBatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	for round := range 3 {
		base, committed, batches := killChild(t, path, 10+round*7)
		st, rec, err := Open(context.Background(), path, Options{})
		if err != nil || rec != nil {
			t.Fatalf("reopening after kill -9: %v, %+v", err, rec)
		}
		var n, first, last int64
		err = st.db.QueryRow("SELECT count(*), min(at), max(at) FROM results WHERE at >= ?", base).Scan(&n, &first, &last)
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		if n < int64(committed) {
			t.Errorf("%d results in the file, but the child saw %d committed", n, committed)
		}
		if first != base || last-first+1 != n {
			t.Errorf("results %d…%d (%d of them) have a gap", first, last, n)
		}
		t.Logf("killed after %d batches: %d results committed, %d in the file", batches, committed, n)
	}
}

// killChild starts a child writing to path and kills it after it has committed at
// least batches batches; it returns the child's first result time and what it had
// said was committed.
func killChild(t *testing.T, path string, batches int) (base int64, committed, seen int) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "UPTRAY_STORE_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer cmd.Process.Kill() // SIGKILL where there are signals
	lines := bufio.NewScanner(out)
	if lines.Scan() {
		base, _ = strconv.ParseInt(strings.TrimPrefix(lines.Text(), "base "), 10, 64)
	}
	for lines.Scan() {
		n, err := strconv.Atoi(strings.TrimPrefix(lines.Text(), "committed "))
		if err != nil {
			t.Fatalf("the child said %q", lines.Text())
		}
		committed, seen = n, seen+1
		if seen >= batches && committed >= 2000 {
			return base, committed, seen
		}
	}
	t.Fatalf("the child stopped: %v", lines.Err())
	return
}

// A file that is not a sound database is moved aside with its write-ahead log, a fresh
// one is started, and Open says so; a file a fresh one would not help is left alone.
func TestUnreadableFileIsMovedAside(t *testing.T) {
	junk := bytes.Repeat([]byte("this is not a database. "), 400)
	cases := []struct {
		name  string
		spoil func(t *testing.T, path string)
	}{
		{"not a database", func(t *testing.T, path string) {
			write(t, path, junk)
			write(t, path+"-wal", junk) // a stale log must not be replayed into the fresh file
		}},
		{"damaged pages", func(t *testing.T, path string) {
			f := newFixture(t, RecorderOptions{})
			simulate(f, t, 600, 3, 5)
			f.rec.Close()
			f.st.Close()
			data, err := os.ReadFile(f.path)
			if err != nil {
				t.Fatal(err)
			}
			if len(data) < 8*4096 {
				t.Fatalf("the file is only %d bytes", len(data))
			}
			copy(data[2*4096:], bytes.Repeat([]byte{0xA5}, 4*4096)) // pages 3–6
			write(t, path, data)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "history.db")
			tc.spoil(t, path)
			st, rec, err := Open(context.Background(), path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if rec == nil || !strings.HasPrefix(rec.MovedTo, path+".corrupt-") || rec.Cause == nil {
				t.Fatalf("Recovered = %+v, want the file moved to %s.corrupt-<time>", rec, path)
			}
			if _, err := os.Stat(rec.MovedTo); err != nil {
				t.Errorf("the old file is not kept: %v", err)
			}
			if wal, err := os.ReadFile(path + "-wal"); err == nil && bytes.Contains(wal, junk[:40]) {
				t.Error("the old write-ahead log is still beside the fresh file")
			}
			r := NewRecorder(st, RecorderOptions{})
			r.RecordResult("Mail", status.Result{Status: status.Up, At: t0})
			if err := r.Close(); err != nil {
				t.Errorf("the fresh file does not take a batch: %v", err)
			}
		})
	}

	t.Run("a folder in the way is not moved", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "history.db")
		if err := os.Mkdir(path, 0o700); err != nil {
			t.Fatal(err)
		}
		if _, rec, err := Open(context.Background(), path, Options{}); err == nil || rec != nil {
			t.Fatalf("got %v, %+v; want an error and nothing moved", err, rec)
		}
		if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
			t.Error("the folder was moved")
		}
	})
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A file from a newer Uptray is not touched: going back a version must not lose it.
func TestNewerFileIsLeftAlone(t *testing.T) {
	f := newFixture(t, RecorderOptions{})
	if _, err := f.st.db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	f.st.Close()
	_, rec, err := Open(context.Background(), f.path, Options{})
	if !errors.Is(err, errNewer) || rec != nil {
		t.Fatalf("got %v, %+v; want errNewer and nothing moved", err, rec)
	}
	if _, err := OpenReader(f.path, nil); !errors.Is(err, errNewer) {
		t.Errorf("OpenReader: %v, want errNewer", err)
	}
	if matches, _ := filepath.Glob(f.path + ".corrupt-*"); len(matches) > 0 {
		t.Errorf("moved aside: %v", matches)
	}
}
