package config

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// managedServer is IT's web server: it serves a file and its signature over TLS, with
// an ETag, and remembers the conditional headers it was sent.
type managedServer struct {
	*httptest.Server
	mu          sync.Mutex
	body, sig   []byte
	ifNoneMatch []string // one per request for the file
	hits        int
}

func newManagedServer(t *testing.T, body string) *managedServer {
	s := &managedServer{body: []byte(body)}
	s.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		switch r.URL.Path {
		case "/staff.toml":
			s.hits++
			s.ifNoneMatch = append(s.ifNoneMatch, r.Header.Get("If-None-Match"))
			etag := fmt.Sprintf(`"%x"`, sha256.Sum256(s.body))
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", etag)
			w.Write(s.body)
		case "/staff.toml.sig":
			if s.sig == nil {
				http.NotFound(w, r)
				return
			}
			w.Write(s.sig)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *managedServer) serve(body string, sig []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.body, s.sig = []byte(body), sig
}

func (s *managedServer) seen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.ifNoneMatch...)
}

func (s *managedServer) url() string { return s.URL + "/staff.toml" }

const staffV1 = `
[defaults]
interval = "45s"

[[services]]
name = "Payments"
kind = "http"
target = "https://pay.example.com/health"

[[services]]
name = "Mail"
kind = "tcp"
target = "mail.example.com:993"
`

const staffV2 = staffV1 + `
[[services]]
name = "Wiki"
kind = "http"
target = "https://wiki.example.com"
`

// managedFiles writes a machine-wide file naming url (and key, when set) and returns
// the files, with the cache in a folder of the test's own.
func managedFiles(t *testing.T, url, key string) Files {
	dir := t.TempDir()
	machine := fmt.Sprintf("[managed]\nurl = %q\ninterval = \"15m\"\n", url)
	if key != "" {
		machine += fmt.Sprintf("public_key = %q\n", key)
	}
	machine += "\n[[services]]\nname = \"VPN\"\nkind = \"tcp\"\ntarget = \"vpn.example.com:443\"\n"
	writeFile(t, filepath.Join(dir, "machine.toml"), machine)
	return Files{Machine: filepath.Join(dir, "machine.toml"), User: filepath.Join(dir, "user.toml"),
		Managed: filepath.Join(dir, "cache", "managed.toml")}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func serviceNames(c *Config) string {
	var names []string
	for _, s := range c.Services {
		names = append(names, s.Name)
	}
	return strings.Join(names, ",")
}

func refresh(t *testing.T, s *managedServer, files Files) (bool, error) {
	t.Helper()
	changed, every, err := RefreshManaged(context.Background(), s.Client(), files, time.Now())
	if every != 15*time.Minute {
		t.Errorf("interval = %v, want the file's 15m", every)
	}
	return changed, err
}

func TestManagedFetchConditionalAndLayered(t *testing.T) {
	s := newManagedServer(t, staffV1)
	files := managedFiles(t, s.url(), "")
	writeFile(t, files.User, "[defaults]\ntimeout = \"3s\"\n[[services]]\nname = \"Mine\"\nkind = \"tcp\"\ntarget = \"localhost:22\"\n")

	if changed, err := refresh(t, s, files); err != nil || !changed {
		t.Fatalf("first refresh: changed %v, err %v; want a new copy", changed, err)
	}
	if changed, err := refresh(t, s, files); err != nil || changed {
		t.Fatalf("second refresh: changed %v, err %v; want the same copy", changed, err)
	}
	seen := s.seen()
	if len(seen) != 2 || seen[0] != "" || seen[1] == "" {
		t.Fatalf("If-None-Match the server saw: %q; want none, then the ETag", seen)
	}
	if s.hits != 2 {
		t.Fatalf("server hits = %d", s.hits)
	}
	info, err := os.Stat(files.Managed)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("cache: %v, %v; want a 0600 file", info, err)
	}

	for name, load := range map[string]func(Files) (*Loaded, error){"Load": Load, "LoadLenient": LoadLenient} {
		l, err := load(files)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// built-in < machine < managed < user
		if got := serviceNames(l.Merged); got != "VPN,Payments,Mail,Mine" {
			t.Errorf("%s: services %s", name, got)
		}
		if got := serviceNames(l.Machine); got != "VPN,Payments,Mail" {
			t.Errorf("%s: locked layer %s", name, got)
		}
		pay, _ := l.Merged.Service("Payments")
		mine, _ := l.Merged.Service("Mine")
		if !pay.Managed || pay.Origin != s.url() || mine.Managed {
			t.Errorf("%s: Payments managed %v from %q; Mine managed %v", name, pay.Managed, pay.Origin, mine.Managed)
		}
		if d := l.Merged.Defaults; d.Interval.Duration != 45*time.Second || d.Timeout.Duration != 3*time.Second {
			t.Errorf("%s: defaults %v/%v; want the managed interval and the user's timeout", name, d.Interval, d.Timeout)
		}
		if l.Machine.Managed.URL != s.url() || l.Merged.Managed.set() {
			t.Errorf("%s: [managed] belongs to the machine layer only", name)
		}
	}
}

func TestManagedInvalidCopyKeepsTheLastGood(t *testing.T) {
	s := newManagedServer(t, staffV1)
	files := managedFiles(t, s.url(), "")
	if _, err := refresh(t, s, files); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ body, want string }{
		{staffV1 + "\n[[services]]\nname = \"Bad\"\nkind = \"http\"\ntarget = \"https://x.example\"\ninterval = \"fast\"\n",
			`services[3] "Bad": interval: "fast" is not a duration`},
		{"not toml = = =", "line 1"},
		{staffV1 + "\n[[services]]\nname = \"vpn\"\nkind = \"tcp\"\ntarget = \"a.example:1\"\n", `name: "vpn" is used by`},
		{"[managed]\nurl = \"https://elsewhere.example\"\n", "must not name another managed source"},
		{strings.Repeat("#", MaxFileSize+1), "larger than 1.0 MiB"},
	} {
		s.serve(tc.body, nil)
		changed, err := refresh(t, s, files)
		if err == nil || changed || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("invalid copy: changed %v, err %v; want an error with %q", changed, err, tc.want)
		}
		l, err := LoadLenient(files)
		if err != nil || serviceNames(l.Merged) != "VPN,Payments,Mail" {
			t.Errorf("after an invalid copy: %s, %v; want the last good copy", serviceNames(l.Merged), err)
		}
	}
	s.serve(staffV2, nil)
	if changed, err := refresh(t, s, files); err != nil || !changed {
		t.Fatalf("valid copy again: changed %v, err %v", changed, err)
	}
	if l, _ := LoadLenient(files); serviceNames(l.Merged) != "VPN,Payments,Mail,Wiki" {
		t.Fatalf("after a new good copy: %s", serviceNames(l.Merged))
	}
}

func TestManagedSignature(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	_, otherPriv, _ := ed25519.GenerateKey(nil)
	sign := func(key ed25519.PrivateKey, body string) []byte {
		return []byte(base64.StdEncoding.EncodeToString(ed25519.Sign(key, []byte(body))) + "\n")
	}
	s := newManagedServer(t, staffV1)
	s.serve(staffV1, sign(priv, staffV1))
	files := managedFiles(t, s.url(), base64.StdEncoding.EncodeToString(pub))
	if changed, err := refresh(t, s, files); err != nil || !changed {
		t.Fatalf("signed copy: changed %v, err %v", changed, err)
	}
	for _, tc := range []struct {
		sig  []byte
		want string
	}{
		{sign(otherPriv, staffV2), "managed config: signature does not match public_key"},
		{sign(priv, staffV1), "managed config: signature does not match public_key"}, // the old file's
		{nil, "no signature at " + s.url() + ".sig"},
		{[]byte("garbage"), "is not an ed25519 signature"},
	} {
		s.serve(staffV2, tc.sig)
		changed, err := refresh(t, s, files)
		if err == nil || changed || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("changed %v, err %v; want %q", changed, err, tc.want)
		}
		if l, _ := LoadLenient(files); serviceNames(l.Merged) != "VPN,Payments,Mail" {
			t.Errorf("after a refused signature: %s; want the last good copy", serviceNames(l.Merged))
		}
	}
	// Raw 64-byte signatures (other tools) are accepted too.
	s.serve(staffV2, ed25519.Sign(priv, []byte(staffV2)))
	if changed, err := refresh(t, s, files); err != nil || !changed {
		t.Fatalf("raw signature: changed %v, err %v", changed, err)
	}
	// A new key in the machine file: the cached copy signed with the old one is no
	// longer used.
	newPub, _, _ := ed25519.GenerateKey(nil)
	machine, _ := os.ReadFile(files.Machine)
	writeFile(t, files.Machine, strings.Replace(string(machine), base64.StdEncoding.EncodeToString(pub), base64.StdEncoding.EncodeToString(newPub), 1))
	if l, _ := LoadLenient(files); serviceNames(l.Merged) != "VPN" {
		t.Errorf("cache signed by an old key: %s; want it left out", serviceNames(l.Merged))
	}
}

func TestManagedOfflineAtStartUsesTheCache(t *testing.T) {
	s := newManagedServer(t, staffV1)
	files := managedFiles(t, s.url(), "")
	if _, err := refresh(t, s, files); err != nil {
		t.Fatal(err)
	}
	client := s.Client()
	s.Close() // the laptop is on a train
	changed, _, err := RefreshManaged(context.Background(), client, files, time.Now())
	if changed || !errors.Is(err, ErrUnreachable) {
		t.Fatalf("offline: changed %v, err %v; want ErrUnreachable", changed, err)
	}
	l, err := LoadLenient(files)
	if err != nil || serviceNames(l.Merged) != "VPN,Payments,Mail" {
		t.Fatalf("offline start: %s, %v; want the cached copy", serviceNames(l.Merged), err)
	}
	// Another URL in the machine file: that cache is not its copy.
	other := managedFiles(t, "https://other.example/staff.toml", "")
	other.Managed = files.Managed
	if l, _ := LoadLenient(other); serviceNames(l.Merged) != "VPN" {
		t.Fatalf("cache of another URL used: %s", serviceNames(l.Merged))
	}
}

func TestManagedHostileServer(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/plain":
			http.Redirect(w, r, "http://example.com/x.toml", http.StatusFound)
		case "/huge":
			w.Header().Set("Content-Length", "100000000")
			w.Write([]byte("# x"))
		case "/endless":
			for range 2 << 10 {
				if _, err := w.Write(make([]byte, 1<<10)); err != nil {
					return
				}
			}
		case "/slow":
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			select {
			case <-block:
			case <-r.Context().Done():
			}
		case "/gone":
			http.Error(w, "nope", http.StatusForbidden)
		}
	}))
	defer srv.Close()
	defer close(block)
	for _, tc := range []struct{ path, want string }{
		{"/loop", "more than 5 redirects"},
		{"/plain", "which is not https"},
		{"/huge", "is 95.4 MiB, more than the 1.0 MiB"},
		{"/endless", "larger than 1.0 MiB"},
		{"/gone", "answered 403 Forbidden"},
	} {
		_, err := FetchManaged(context.Background(), srv.Client(), Managed{URL: srv.URL + tc.path}, nil, time.Now())
		if err == nil || !strings.Contains(err.Error(), tc.want) || errors.Is(err, ErrUnreachable) {
			t.Errorf("%s: %v; want %q", tc.path, err, tc.want)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := FetchManaged(ctx, srv.Client(), Managed{URL: srv.URL + "/slow"}, nil, time.Now())
	if err == nil || !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "did not answer") {
		t.Errorf("slow: %v; want a timeout", err)
	}
}

func TestManagedSection(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"[managed]\ninterval = \"15m\"\n", "managed: url: is missing"},
		{"[managed]\nurl = \"ftp://x\"\n", `managed: url: "ftp://x" is not a web address`},
		{"[managed]\nurl = \"http://it.example/staff.toml\"\n", "managed: url: must be https://"},
		{"[managed]\nurl = \"https://it.example/s.toml\"\ninterval = \"10s\"\n", "managed: interval: 10s is too short"},
		{"[managed]\nurl = \"https://it.example/s.toml\"\npublic_key = \"abc\"\n", "managed: public_key: is not an ed25519 public key"},
		{"[managed]\nurl = \"https://it.example/s.toml\"\nkey = \"abc\"\n", "line 3: managed: key: unknown key"},
	} {
		_, err := Parse([]byte(tc.text))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v; want %q", tc.text, err, tc.want)
		}
	}
	if _, err := Parse([]byte("[managed]\nurl = \"http://it.example/s.toml\"\npublic_key = \"" + base64.StdEncoding.EncodeToString(make([]byte, 32)) + "\"\n")); err != nil {
		t.Errorf("http with a public_key: %v", err)
	}
	// Only the machine-wide file may name one.
	dir := t.TempDir()
	user := filepath.Join(dir, "user.toml")
	writeFile(t, user, "[managed]\nurl = \"https://it.example/s.toml\"\n")
	for name, load := range map[string]func(Files) (*Loaded, error){"Load": Load, "LoadLenient": LoadLenient} {
		_, err := load(Files{User: user})
		if err == nil || !strings.Contains(err.Error(), "managed: only the machine-wide file may name a managed source") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// An unset [managed] is not written back.
	data, _ := Encode(&Config{})
	if strings.Contains(string(data), "managed") {
		t.Errorf("Encode wrote %q", data)
	}
}

// A cached copy that a newer Uptray reads more strictly is read as any file is by
// the tray: a broken entry is marked, the rest run; a broken whole leaves it out.
func TestManagedCacheReadLeniently(t *testing.T) {
	const url = "https://it.example/staff.toml"
	files := managedFiles(t, url, "")
	writeFile(t, files.User, "[[services]]\nname = \"Payments\"\nkind = \"tcp\"\ntarget = \"localhost:1\"\n")
	cache := func(body string) {
		t.Helper()
		if err := WriteManagedCache(files.Managed, &ManagedCopy{URL: url, Body: []byte(body)}); err != nil {
			t.Fatal(err)
		}
	}
	cache(staffV1 + "\n[[services]]\nname = \"Bad\"\nkind = \"http\"\ntarget = \"https://x.example\"\ninterval = \"fast\"\n")
	l, err := LoadLenient(files)
	var es Errors
	if !errors.As(err, &es) || len(es) != 2 {
		t.Fatalf("errors: %v", err)
	}
	if e := es[0]; e.File != url || e.Service != 4 || e.Field != "interval" || e.Where != `services[3] "Bad"` {
		t.Errorf("the cached copy's error: %+v; want it in the URL, 4th of the locked layer, named as in its file", e)
	}
	if got := serviceNames(l.Merged); got != "VPN,Payments,Mail,Bad,Payments (duplicate)" {
		t.Errorf("services: %s", got)
	}
	if bad, _ := l.Merged.Service("Bad"); !bad.Managed || !strings.Contains(bad.ConfigError, "interval") {
		t.Errorf("Bad: %+v", bad)
	}

	cache("[defaults]\ninterval = \"fast\"\n" + staffV1[len("\n[defaults]\ninterval = \"45s\"\n"):])
	l, err = LoadLenient(files)
	if err == nil || !strings.Contains(err.Error(), url+": defaults: interval") || serviceNames(l.Merged) != "VPN,Payments" {
		t.Errorf("a copy broken as a whole: %s, %v; want it left out, its error named", serviceNames(l.Merged), err)
	}
	if _, err := Load(files); err == nil || !strings.Contains(err.Error(), url+": defaults: interval") {
		t.Errorf("Load: %v", err)
	}
}
