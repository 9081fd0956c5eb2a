package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Hostile files are refused before they are read or decoded: quickly, in little
// memory, with an error naming the file.

// nested is `x = {a={a=…1}}`, depth levels deep.
func nested(depth int) string {
	return "x = " + strings.Repeat("{a=", depth) + "1" + strings.Repeat("}", depth) + "\n"
}

// refuse checks that every way of loading path refuses it with an error holding
// word, returns, and allocates little while doing it.
func refuse(t *testing.T, path, word string) {
	t.Helper()
	loads := map[string]func() error{
		"LoadFile":    func() error { _, err := LoadFile(path); return err },
		"Load":        func() error { _, err := Load(Files{User: path}); return err },
		"LoadLenient": func() error { _, err := LoadLenient(Files{Machine: path}); return err },
	}
	for name, load := range loads {
		err, allocated := returns(t, load)
		var es Errors
		if !errors.As(err, &es) || len(es) != 1 || es[0].File != path {
			t.Fatalf("%s: want one error about %s, got %#v", name, path, err)
		}
		if msg := err.Error(); !strings.HasPrefix(msg, path+": ") || !strings.Contains(msg, word) {
			t.Errorf("%s: error %q does not name the file and say %q", name, msg, word)
		}
		if allocated > 16<<20 {
			t.Errorf("%s allocated %d MB", name, allocated>>20)
		}
	}
}

// returns runs f, failing the test if it has not returned after a minute (it is
// meant to take milliseconds; the minute only keeps a regression from hanging the
// run), and says how many bytes it allocated.
func returns(t *testing.T, f func() error) (err error, allocated uint64) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		t.Fatal("did not return")
	}
	runtime.ReadMemStats(&after)
	return err, after.TotalAlloc - before.TotalAlloc
}

func write(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRefuseLargeFile(t *testing.T) {
	// 2 MiB of comments: valid TOML, but no configuration is that large.
	path := write(t, "big.toml", strings.Repeat("# "+strings.Repeat("x", 1021)+"\n", 2048))
	refuse(t, path, "is 2.0 MiB, more than the 1.0 MiB a configuration file may hold")
	// Exactly the limit is read.
	path = write(t, "limit.toml", strings.Repeat("#", MaxFileSize-1)+"\n")
	if _, err := LoadFile(path); err != nil {
		t.Errorf("a file of MaxFileSize: %v", err)
	}
}

func TestRefuseDeepNesting(t *testing.T) {
	for _, depth := range []int{50_000, 8_000, maxDepth} {
		refuse(t, write(t, "nested.toml", nested(depth)), "line 1: nested more than 16 levels deep")
	}
	for name, text := range map[string]string{
		"lists":        "x = " + strings.Repeat("[", 50_000) + strings.Repeat("]", 50_000) + "\n",
		"dotted key":   "x" + strings.Repeat(".a", 20_000) + " = 1\n",
		"table header": "[x" + strings.Repeat(".a", 20_000) + "]\n",
		"in a list":    "[[services]]\nname = \"A\"\nlabels = [" + strings.Repeat("{a=[", 40) + "\n",
		"after lines":  "# one\n\n[defaults]\n" + nested(100),
	} {
		t.Run(name, func(t *testing.T) {
			line := "line 1: "
			switch name {
			case "after lines":
				line = "line 4: "
			case "in a list":
				line = "line 3: "
			}
			refuse(t, write(t, "nested.toml", text), line+"nested more than 16 levels deep")
		})
	}
	// Deep enough for any real layout is fine, as far as nesting goes.
	if _, err := Parse([]byte(nested(maxDepth - 2))); err == nil || strings.Contains(err.Error(), "nested") {
		t.Errorf("nesting of %d: %v", maxDepth-2, err)
	}
}

// A long table name repeated for every key cost the decoder gigabytes.
func TestRefuseLongKeyPath(t *testing.T) {
	var b strings.Builder
	b.WriteString("[" + strings.Repeat("k", 500_000) + "]\n")
	for i := 0; b.Len() < MaxFileSize-20; i++ {
		b.WriteString("b" + strings.Repeat("1", i%7) + string(rune('a'+i%26)) + " = 1\n")
	}
	refuse(t, write(t, "long.toml", b.String()), "line 1: a key whose full name is longer than 256 characters")
}

func TestRefuseManyKeys(t *testing.T) {
	var b strings.Builder
	for i := range maxKeys + 1 {
		fmt.Fprintf(&b, "k%d = 1\n", i)
	}
	refuse(t, write(t, "keys.toml", b.String()), "line 50001: more than 50000 keys and tables")
}

func TestDevNullIsEmpty(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/null")
	}
	c, err := LoadFile(os.DevNull)
	if err != nil || len(c.Services) != 0 {
		t.Errorf("LoadFile(%s) = %+v, %v", os.DevNull, c, err)
	}
	l, err := Load(Files{Machine: filepath.Join("testdata", "valid", "minimal.toml"), User: os.DevNull})
	if err != nil || len(l.Merged.Services) != 1 {
		t.Errorf("Load with the user file %s: %v", os.DevNull, err)
	}
}

func TestRefuseFolder(t *testing.T) {
	dir := t.TempDir()
	refuse(t, dir, "is a folder")
}

// Import reads through ReadLimited and Parse: the same limits.
func TestReadLimited(t *testing.T) {
	data, err := ReadLimited(strings.NewReader(strings.Repeat("#", MaxFileSize)))
	if err != nil || len(data) != MaxFileSize {
		t.Errorf("MaxFileSize bytes: %d, %v", len(data), err)
	}
	if _, err := ReadLimited(endless{}); err == nil || !strings.Contains(err.Error(), "larger than 1.0 MiB") {
		t.Errorf("endless reader: %v", err)
	}
	for name, text := range map[string]string{
		"large":  strings.Repeat("#", MaxFileSize+1),
		"nested": nested(50_000),
	} {
		err, allocated := returns(t, func() error { _, err := Parse([]byte(text)); return err })
		var es Errors
		if !errors.As(err, &es) || len(es) != 1 || allocated > 16<<20 {
			t.Errorf("Parse(%s) = %v, %d bytes allocated", name, err, allocated)
		}
	}
}

// endless reads as /dev/zero does.
type endless struct{}

func (endless) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// The reload watcher only stats the files, and the reload is LoadLenient: a file
// swapped for a hostile one is noticed and refused.
func TestWatchThenRefuse(t *testing.T) {
	path := write(t, "config.toml", "")
	w := NewWatcher(Files{User: path}, nil)
	if err := os.WriteFile(path, []byte(nested(50_000)), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(path, time.Now().Add(time.Hour), time.Now().Add(time.Hour))
	if now := fingerprint(w.files); now == w.last {
		t.Fatal("the change is not seen")
	}
	refuse(t, path, "nested more than 16 levels deep")
}

// 20,000 services of one name took 108 s to rename (each counted up from 2); 12,000
// is what fits under maxKeys.
func TestLenientManySameNames(t *testing.T) {
	const n = 12_000
	path := write(t, "same.toml", strings.Repeat("[[services]]\nname = \"A\"\nkind = \"ping\"\ntarget = \"h\"\n", n))
	var l *Loaded
	err, _ := returns(t, func() error { var err error; l, err = LoadLenient(Files{User: path}); return err })
	if err == nil || len(l.Merged.Services) != n {
		t.Fatalf("%v, %d services", err, len(l.Merged.Services))
	}
	seen := map[string]bool{}
	for _, s := range l.Merged.Services {
		if seen[s.Name] {
			t.Fatalf("%q twice", s.Name)
		}
		seen[s.Name] = true
	}
	if last := l.Merged.Services[n-1].Name; last != fmt.Sprintf("A (duplicate) %d", n-1) {
		t.Errorf("last name %q", last)
	}
}

// A name that is no name (control characters, too long) is replaced as a missing one is.
func TestLenientBadName(t *testing.T) {
	path := write(t, "bad.toml", "[[services]]\nname = \"Mail\\u001b[2J\"\nkind = \"ping\"\ntarget = \"h\"\n"+
		"[[services]]\nname = \""+strings.Repeat("x", 101)+"\"\nkind = \"ping\"\ntarget = \"h\"\n")
	l, err := LoadLenient(Files{User: path})
	if err == nil || len(l.Merged.Services) != 2 {
		t.Fatalf("%v, %+v", err, l.Merged.Services)
	}
	for i, want := range []string{"Service 1 (bad name)", "Service 2 (bad name)"} {
		if s := l.Merged.Services[i]; s.Name != want || !strings.HasPrefix(s.ConfigError, "name: ") {
			t.Errorf("service %d: %q, %q", i+1, s.Name, s.ConfigError)
		}
	}
}

// BenchmarkHostile loads the worst files of issue 10 (refused) and the costliest
// shape still accepted: 12,000 services of one name, read leniently as the tray does.
func BenchmarkHostile(b *testing.B) {
	dir := b.TempDir()
	files := map[string]string{
		"nested-50000":    nested(50_000),
		"nested-8000":     nested(8_000),
		"same-name-12000": strings.Repeat("[[services]]\nname = \"A\"\nkind = \"ping\"\ntarget = \"h\"\n", 12_000),
	}
	if runtime.GOOS != "windows" {
		files["dev-zero"] = ""
	}
	for name, text := range files {
		path := filepath.Join(dir, name+".toml")
		if name == "dev-zero" {
			path = "/dev/zero"
		} else if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				LoadLenient(Files{User: path})
			}
		})
	}
}
