package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/config"
)

// itServer is IT's HTTPS server for the managed file: it answers conditional requests
// with 304 and counts the requests for the file.
type itServer struct {
	*httptest.Server
	mu        sync.Mutex
	body, sig string
	requests  chan string // If-None-Match of each request for the file
}

func newITServer(t *testing.T, body string) *itServer {
	s := &itServer{body: body, requests: make(chan string, 100)}
	s.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if r.URL.Path == "/staff.toml.sig" {
			if s.sig == "" {
				http.NotFound(w, r)
				return
			}
			fmt.Fprint(w, s.sig)
			return
		}
		etag := fmt.Sprintf(`"%d"`, len(s.body))
		defer func() { s.requests <- r.Header.Get("If-None-Match") }()
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		fmt.Fprint(w, s.body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *itServer) serve(body, sig string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.body, s.sig = body, sig
}

// next waits for the server's next request for the file (a deadline, not a sleep).
func (s *itServer) next(t *testing.T) string {
	t.Helper()
	select {
	case h := <-s.requests:
		return h
	case <-time.After(10 * time.Second):
		t.Fatal("the managed file was not fetched")
		return ""
	}
}

const staff = `
[[services]]
name = "Payments"
kind = "http"
target = "https://pay.example.com/health"
`

func itFiles(t *testing.T, url, extra string) config.Files {
	dir := t.TempDir()
	files := config.Files{Machine: filepath.Join(dir, "machine.toml"), User: filepath.Join(dir, "user.toml"),
		Managed: filepath.Join(dir, "cache", "managed.toml")}
	text := fmt.Sprintf("[managed]\nurl = %q\ninterval = \"15m\"\n%s", url, extra)
	if err := os.WriteFile(files.Machine, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return files
}

type notices struct {
	mu   sync.Mutex
	list []string
}

func (n *notices) add(title, body string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.list = append(n.list, title+": "+body)
}

func (n *notices) get() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.list...)
}

func running(t *testing.T, files config.Files) string {
	t.Helper()
	cfg, _, _ := loadForTray(files)
	var names []string
	for _, s := range cfg.Services {
		names = append(names, s.Name)
	}
	return strings.Join(names, ",")
}

// The loop on a fake clock: it fetches at start, every interval (conditionally: a 304
// changes nothing), reloads on a new valid copy, and tells an invalid one once while
// the running list stays.
func TestManagedLoop(t *testing.T) {
	s := newITServer(t, staff)
	files := itFiles(t, s.URL+"/staff.toml", "")
	fake := clock.NewFake(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	var told notices
	reloads := make(chan string, 10)
	loop := newManagedLoop(files, s.Client(), fake, slog.New(slog.DiscardHandler), told.add,
		func() { reloads <- running(t, files) })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { loop.run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	// advance moves the fake clock to the loop's next refresh once it waits for one.
	advance := func() {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			if due, ok := fake.NextDue(); ok {
				if want := fake.Now().Add(15 * time.Minute); !due.Equal(want) {
					t.Fatalf("next refresh at %v, want %v", due, want)
				}
				fake.Set(due)
				return
			}
			if time.Now().After(deadline) {
				t.Fatal("the loop does not wait for its next refresh")
			}
			time.Sleep(time.Millisecond) // polling for a state, not waiting for one
		}
	}

	if h := s.next(t); h != "" {
		t.Fatalf("first fetch sent If-None-Match %q", h)
	}
	if got := <-reloads; got != "Payments" {
		t.Fatalf("after the first copy the tray runs %q", got)
	}
	advance()
	if h := s.next(t); h == "" {
		t.Fatal("the refresh was not conditional")
	}

	bad := staff + "\n[[services]]\nname = \"Mail\"\nkind = \"tcp\"\ntarget = \"mail.example.com\"\n"
	s.serve(bad, "")
	for range 2 { // the same problem twice: one notice
		advance()
		s.next(t)
	}
	s.serve(staff+"\n[[services]]\nname = \"Wiki\"\nkind = \"http\"\ntarget = \"https://wiki.example.com\"\n", "")
	advance()
	s.next(t)
	if got := <-reloads; got != "Payments,Wiki" {
		t.Fatalf("after a new good copy the tray runs %q", got)
	}
	n := told.get()
	if len(n) != 1 || !strings.Contains(n[0], `services[2] "Mail": target:`) || !strings.Contains(n[0], "last good copy stays in use") {
		t.Fatalf("notices: %q; want one naming the field", n)
	}
	if len(reloads) != 0 {
		t.Fatalf("the invalid copy reloaded the configuration")
	}
}

func TestManagedLoopRefusedSignatureAndOffline(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	sig := func(body string) string { return base64.StdEncoding.EncodeToString(ed25519.Sign(priv, []byte(body))) }
	s := newITServer(t, staff)
	s.serve(staff, sig(staff))
	files := itFiles(t, s.URL+"/staff.toml", fmt.Sprintf("public_key = %q\n", base64.StdEncoding.EncodeToString(pub)))
	var told notices
	reloaded := 0
	loop := newManagedLoop(files, s.Client(), clock.NewFake(time.Now()), slog.New(slog.DiscardHandler), told.add, func() { reloaded++ })
	ctx := context.Background()
	loop.refresh(ctx)
	if reloaded != 1 || running(t, files) != "Payments" {
		t.Fatalf("signed copy: reloaded %d, running %q", reloaded, running(t, files))
	}
	newer := staff + "\n[[services]]\nname = \"Wiki\"\nkind = \"http\"\ntarget = \"https://wiki.example.com\"\n"
	s.serve(newer, sig(staff)) // the old file's signature
	loop.refresh(ctx)
	s.serve(newer, "") // none
	loop.refresh(ctx)
	n := told.get()
	if reloaded != 1 || running(t, files) != "Payments" || len(n) != 2 ||
		!strings.Contains(n[0], "managed config: signature does not match public_key") || !strings.Contains(n[1], "no signature at") {
		t.Fatalf("refused signatures: reloaded %d, running %q, notices %q", reloaded, running(t, files), n)
	}

	// Offline: nothing told, the cache runs (as at the next start).
	s.Close()
	loop.refresh(ctx)
	if len(told.get()) != 2 || running(t, files) != "Payments" {
		t.Fatalf("offline: notices %q, running %q", told.get(), running(t, files))
	}
}

func TestSignAndKeygen(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"keygen"}, &out, &errb); code != exitOK {
		t.Fatalf("keygen: %d %s", code, errb.String())
	}
	keyFile, file := filepath.Join(dir, "staff.key"), filepath.Join(dir, "staff.toml")
	os.WriteFile(keyFile, out.Bytes(), 0o600)
	var pub string
	for _, line := range strings.Split(out.String(), "\n") {
		if v, ok := strings.CutPrefix(line, "public_key = "); ok {
			pub = strings.Trim(v, `"`)
		}
	}
	os.WriteFile(file, []byte(staff), 0o644)
	out.Reset()
	if code := run([]string{"sign", keyFile, file}, &out, &errb); code != exitOK {
		t.Fatalf("sign: %d %s", code, errb.String())
	}
	sig, _ := os.ReadFile(file + ".sig")
	raw, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(string(sig)))
	key, _ := base64.StdEncoding.DecodeString(pub)
	if len(key) != ed25519.PublicKeySize || !ed25519.Verify(key, []byte(staff), raw) || !strings.Contains(out.String(), pub) {
		t.Fatalf("the signature does not verify with the printed public_key\n%s", out.String())
	}

	// Nothing broken gets signed; a bad key is named.
	os.WriteFile(file, []byte("[[services]]\nname = \"X\"\n"), 0o644)
	errb.Reset()
	if code := run([]string{"sign", keyFile, file}, &out, &errb); code != exitConfigError || !strings.Contains(errb.String(), "kind") {
		t.Fatalf("sign of an invalid file: %d %s", code, errb.String())
	}
	os.WriteFile(keyFile, []byte("nonsense"), 0o600)
	errb.Reset()
	if code := run([]string{"sign", keyFile, file}, &out, &errb); code != exitConfigError || !strings.Contains(errb.String(), "private_key: is not an ed25519 private key") {
		t.Fatalf("sign with a bad key: %d %s", code, errb.String())
	}
	if code := run([]string{"sign", keyFile}, &out, &errb); code != exitConfigError {
		t.Fatalf("sign with one argument: %d", code)
	}
}

func TestValidateManaged(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	s := newITServer(t, staff)
	s.serve(staff, base64.StdEncoding.EncodeToString(ed25519.Sign(priv, []byte(staff))))
	key := fmt.Sprintf("public_key = %q\n", base64.StdEncoding.EncodeToString(pub))
	validate := func(files config.Files) (int, string) {
		var out, errb bytes.Buffer
		code := runValidateManaged(context.Background(), files, s.Client(), &out, &errb)
		return code, out.String() + errb.String()
	}
	files := itFiles(t, s.URL+"/staff.toml", key)
	if code, out := validate(files); code != exitOK || !strings.Contains(out, "200 OK") || !strings.Contains(out, "Signature: good") ||
		!strings.Contains(out, "ETag") || !strings.Contains(out, "Managed config OK: 1 services") {
		t.Fatalf("good file: %d\n%s", code, out)
	}
	if _, err := os.Stat(files.Managed); err == nil {
		t.Fatal("validate wrote the cache")
	}
	s.serve(staff, "")
	if code, out := validate(files); code != exitConfigError || !strings.Contains(out, "Signature: refused: managed config: no signature") {
		t.Fatalf("missing signature: %d\n%s", code, out)
	}
	s.serve("[[services]]\nname = \"X\"\nkind = \"tcp\"\ntarget = \"x\"\n", "")
	if code, out := validate(itFiles(t, s.URL+"/staff.toml", "")); code != exitConfigError || !strings.Contains(out, `services[1] "X": target:`) ||
		!strings.Contains(out, "Signature: not required") {
		t.Fatalf("invalid file: %d\n%s", code, out)
	}
	files = config.Files{Machine: filepath.Join(t.TempDir(), "none.toml")}
	if code, out := validate(files); code != exitConfigError || !strings.Contains(out, "no [managed] url") {
		t.Fatalf("no [managed]: %d\n%s", code, out)
	}
	url := s.URL
	s.Close()
	if code, out := validate(itFiles(t, url+"/staff.toml", "")); code != exitProblem || !strings.Contains(out, "cannot reach") {
		t.Fatalf("unreachable: %d\n%s", code, out)
	}
}

// The app's client fetches through the machine-wide file's proxy and trusts its
// ca_file: a TLS server with a certificate no system trusts, reached through a
// CONNECT proxy.
func TestManagedClientUsesProxyAndCAFile(t *testing.T) {
	s := newITServer(t, staff)
	dir := t.TempDir()
	ca := filepath.Join(dir, "company-root.pem")
	pemCert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw})
	if err := os.WriteFile(ca, pemCert, 0o600); err != nil {
		t.Fatal(err)
	}
	var connects []string
	var mu sync.Mutex
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		mu.Lock()
		connects = append(connects, r.Host)
		mu.Unlock()
		up, err := net.Dial("tcp", r.Host)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		conn, buf, _ := w.(http.Hijacker).Hijack()
		conn.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n"))
		go func() { io.Copy(up, buf); up.Close() }()
		io.Copy(conn, up)
		conn.Close()
	}))
	defer proxy.Close()

	client := managedClient()
	defer client.CloseIdleConnections()
	fetch := func(defaults string) error {
		files := itFiles(t, s.URL+"/staff.toml", "\n[defaults]\n"+defaults)
		_, _, err := config.RefreshManaged(context.Background(), client, files, time.Now())
		return err
	}
	if err := fetch(`proxy = "none"`); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("without ca_file: %v; want a certificate error", err)
	}
	if err := fetch(fmt.Sprintf("proxy = %q\nca_file = %q\n", proxy.URL, ca)); err != nil {
		t.Fatalf("through the proxy with ca_file: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if host := strings.TrimPrefix(s.URL, "https://"); len(connects) != 1 || connects[0] != host {
		t.Fatalf("the proxy saw CONNECT %q; want %s", connects, host)
	}
}
