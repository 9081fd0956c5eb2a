package secret

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
)

func TestResolveConfigCopiesAndKeepsWhatFails(t *testing.T) {
	k := NewMemory()
	ref, err := k.Store(Key("A", "token"), "tok")
	if err != nil || ref != "keyring:A/token" {
		t.Fatalf("Store = %q, %v", ref, err)
	}
	c := &config.Config{Sources: []config.Source{
		{Name: "A", Token: ref},
		{Name: "B", Username: "u", Password: "keyring:B/password"}, // never stored
		{Name: "C", Token: "plain"},
	}}
	got := ResolveConfig(k, c)
	if c.Sources[0].Token != ref {
		t.Errorf("the original changed: %q", c.Sources[0].Token)
	}
	if got.Sources[0].Token != "tok" || got.Sources[1].Password != "keyring:B/password" || got.Sources[2].Token != "plain" {
		t.Errorf("resolved = %+v", got.Sources)
	}
	_, err = ResolveSource(k, got.Sources[1])
	if err == nil || err.Error() != `password: keyring entry "B/password" not found` {
		t.Errorf("unresolved: %v", err)
	}
	plain := &config.Config{Sources: []config.Source{{Name: "C", Token: "plain"}}}
	if ResolveConfig(k, plain) != plain {
		t.Error("a config without references should not be copied")
	}
}

func TestUnavailableKeychain(t *testing.T) {
	k := NewUnavailable("org.freedesktop.secrets is not running")
	if err := k.Available(); !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "not running") {
		t.Errorf("Available = %v", err)
	}
	_, err := ResolveSource(k, config.Source{Token: "keyring:X/token"})
	if err == nil || !strings.HasPrefix(err.Error(), "token: no keychain available") {
		t.Errorf("ResolveSource = %v", err)
	}
	if v, err := k.Resolve("plain"); v != "plain" || err != nil {
		t.Errorf("a plain value = %q, %v", v, err)
	}
	if _, err := k.Resolve("keyring:"); err == nil {
		t.Error("an empty reference resolved")
	}
}

type slow struct{ memory }

func (s *slow) Get(service, user string) (string, error) {
	time.Sleep(time.Second)
	return "", ErrNotFound
}

func TestHangingKeychainIsBounded(t *testing.T) {
	k := New(&slow{memory{m: map[string]string{}}}, 20*time.Millisecond)
	start := time.Now()
	if err := k.Available(); err == nil || !strings.Contains(err.Error(), "did not answer") {
		t.Errorf("Available = %v", err)
	}
	if time.Since(start) > 500*time.Millisecond {
		t.Errorf("waited %v", time.Since(start))
	}
}
