// Package secret keeps the passwords and tokens of monitoring servers in the OS
// keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on
// Windows, through github.com/zalando/go-keyring). The config file then holds a
// reference, `token = "keyring:Ops Gatus/token"`, and only the engine's copy of the
// configuration carries the value: the settings window and every file keep the
// reference. A value written by hand (IT's files) is used as it is.
package secret

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
)

// Prefix marks a value that names a keychain entry instead of being the secret.
const Prefix = "keyring:"

// Service is the keychain service every entry of Uptray is filed under; the entry's
// user (account) is the key after Prefix.
const Service = "Uptray"

// ErrNotFound is what a backend returns for a missing entry.
var ErrNotFound = keyring.ErrNotFound

// Secrets is what the settings window and the engine's wiring need of a keychain;
// Keychain implements it, and tests use NewMemory or NewUnavailable.
type Secrets interface {
	// Available reports why no keychain can be used, or nil.
	Available() error
	// Store files value under key ("Ops Gatus/token") and returns the reference to
	// write in the config file ("keyring:Ops Gatus/token").
	Store(key, value string) (ref string, err error)
	// Resolve returns the value a reference names; a plain value comes back as is.
	Resolve(ref string) (string, error)
	// Delete removes the entry a reference names; a plain value or a missing entry
	// is not an error.
	Delete(ref string) error
}

// Backend is the keychain itself: go-keyring's functions, or a map in tests.
type Backend interface {
	Set(service, user, password string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

// IsRef reports whether a config value is a keychain reference.
func IsRef(v string) bool { return strings.HasPrefix(v, Prefix) }

// Key is the stable name of a source's credential in the keychain: "<source>/<field>".
func Key(source, field string) string { return source + "/" + field }

// Keychain is Secrets over a Backend. Its zero value is not usable: see New.
type Keychain struct {
	b       Backend
	timeout time.Duration

	once     sync.Once
	availErr error
}

// New wraps a backend. Every call is bounded by timeout (0: none): a Secret Service
// that hangs (a D-Bus activation that never completes, an unlock prompt nobody
// answers) must not hang a source's poll or the settings window.
func New(b Backend, timeout time.Duration) *Keychain {
	return &Keychain{b: b, timeout: timeout}
}

// System is the OS keychain. 20 s leaves time to type the keyring's password in an
// unlock prompt; the engine tries again at the next poll when it runs out.
func System() *Keychain { return New(osBackend{}, 20*time.Second) }

// ErrUnavailable wraps every failure that is the keychain's, not the entry's.
var ErrUnavailable = errors.New("no keychain available")

// probeKey is an entry that never exists: reading it tells whether the keychain
// answers without touching any real entry.
const probeKey = "uptray-probe/none"

// Available probes the keychain once (a read of an entry that does not exist) and
// remembers the answer: the settings window asks on every form it shows.
func (k *Keychain) Available() error {
	k.once.Do(func() {
		_, err := k.call(func() (string, error) { return k.b.Get(Service, probeKey) })
		if err != nil && !errors.Is(err, ErrNotFound) {
			k.availErr = unavailable(err)
		}
	})
	return k.availErr
}

func (k *Keychain) Store(key, value string) (string, error) {
	if key == "" {
		return "", errors.New("a keychain entry needs a name")
	}
	if _, err := k.call(func() (string, error) { return "", k.b.Set(Service, key, value) }); err != nil {
		return "", unavailable(err)
	}
	return Prefix + key, nil
}

func (k *Keychain) Resolve(ref string) (string, error) {
	if !IsRef(ref) {
		return ref, nil
	}
	key := strings.TrimPrefix(ref, Prefix)
	if key == "" {
		return "", fmt.Errorf("%q names no keyring entry (write keyring:<name>)", ref)
	}
	v, err := k.call(func() (string, error) { return k.b.Get(Service, key) })
	switch {
	case errors.Is(err, ErrNotFound):
		return "", fmt.Errorf("keyring entry %q not found", key)
	case err != nil:
		return "", unavailable(err)
	}
	return v, nil
}

func (k *Keychain) Delete(ref string) error {
	if !IsRef(ref) || ref == Prefix {
		return nil
	}
	_, err := k.call(func() (string, error) { return "", k.b.Delete(Service, strings.TrimPrefix(ref, Prefix)) })
	if err != nil && !errors.Is(err, ErrNotFound) {
		return unavailable(err)
	}
	return nil
}

// call runs f with the keychain's time bound. When time runs out, f's goroutine
// is left to finish on its own: go-keyring has no way to cancel a D-Bus call or
// a prompt, and it ends when the keychain answers or the bus closes.
func (k *Keychain) call(f func() (string, error)) (string, error) {
	if k.timeout <= 0 {
		return f()
	}
	type answer struct {
		v   string
		err error
	}
	done := make(chan answer, 1) // buffered: a late answer never blocks the goroutine
	go func() {
		v, err := f()
		done <- answer{v, err}
	}()
	t := time.NewTimer(k.timeout)
	defer t.Stop()
	select {
	case a := <-done:
		return a.v, a.err
	case <-t.C:
		return "", fmt.Errorf("the keychain did not answer within %s", k.timeout)
	}
}

// unavailable words a keychain failure; its detail names the keychain's own
// problem (a D-Bus error, an OS status), never a value.
func unavailable(err error) error {
	if errors.Is(err, ErrUnavailable) {
		return err
	}
	return fmt.Errorf("%w (%v)", ErrUnavailable, err)
}

// osBackend is go-keyring's provider for this OS.
type osBackend struct{}

func (osBackend) Set(service, user, password string) error {
	return keyring.Set(service, user, password)
}
func (osBackend) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (osBackend) Delete(service, user string) error        { return keyring.Delete(service, user) }

// memory is a keychain in a map, for tests and for NewMemory.
type memory struct {
	mu sync.Mutex
	m  map[string]string
}

func (b *memory) Set(service, user, password string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.m[service+"\x00"+user] = password
	return nil
}

func (b *memory) Get(service, user string) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	v, ok := b.m[service+"\x00"+user]
	if !ok {
		return "", ErrNotFound
	}
	return v, nil
}

func (b *memory) Delete(service, user string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.m[service+"\x00"+user]; !ok {
		return ErrNotFound
	}
	delete(b.m, service+"\x00"+user)
	return nil
}

// NewMemory is a working keychain that lives in memory: for tests.
func NewMemory() *Keychain { return New(&memory{m: map[string]string{}}, 0) }

// broken is a keychain that is not there.
type broken struct{ err error }

func (b broken) Set(string, string, string) error   { return b.err }
func (b broken) Get(string, string) (string, error) { return "", b.err }
func (b broken) Delete(string, string) error        { return b.err }

// NewUnavailable is a keychain that is not there (a bare Linux session): for tests.
func NewUnavailable(reason string) *Keychain { return New(broken{errors.New(reason)}, 0) }
