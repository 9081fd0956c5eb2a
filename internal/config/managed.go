package config

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The managed source: one file for the whole company, named by the machine-wide file
// ([managed] url = …), fetched over HTTPS and layered between the machine-wide file and
// the user's (built-in < machine < managed < user). Its services and sources are locked
// in Settings like the machine-wide file's. The last good copy is cached on disk and is
// what Load reads: fetching (managed_fetch.go) is the resident's and `validate
// --managed`'s business, never the loader's, so a start without network is as fast as
// one with.

const (
	DefaultManagedInterval = 15 * time.Minute
	// MinManagedInterval keeps a thousand laptops from hammering IT's server.
	MinManagedInterval = time.Minute
	MaxManagedInterval = 7 * 24 * time.Hour
)

// Managed is the machine-wide file's [managed] section.
type Managed struct {
	URL      string   `toml:"url,omitempty"`
	Interval Duration `toml:"interval,omitempty"` // default 15m
	// PublicKey is an ed25519 public key, base64 of its 32 bytes; when set, the file
	// must come with a detached signature at URL + ".sig".
	PublicKey string `toml:"public_key,omitempty"`
}

// Every is how often the managed file is fetched.
func (m Managed) Every() time.Duration { return m.Interval.Or(DefaultManagedInterval) }

// Key decodes PublicKey; nil when none is set.
func (m Managed) Key() (ed25519.PublicKey, error) {
	if m.PublicKey == "" {
		return nil, nil
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(m.PublicKey))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, msgf("is not an ed25519 public key (base64 of 32 bytes, as `uptray keygen` prints it)")
	}
	return ed25519.PublicKey(b), nil
}

func (m Managed) set() bool { return m != Managed{} }

func (m Managed) validateInto(l *errorList) {
	if !m.set() {
		return
	}
	l.at("managed", 0)
	u, err := url.Parse(m.URL)
	switch {
	case m.URL == "":
		l.add("url", "is missing (the address of the company's config file)")
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		l.add("url", "%q is not a web address (https://…)", clip(m.URL))
	case u.Scheme == "http" && m.PublicKey == "":
		// Anyone on the way could rewrite the list of services staff rely on.
		l.add("url", "must be https:// (or set public_key, so that the file is signed)")
	case u.User != nil:
		l.add("url", "must not hold a user name or password")
	}
	checkDuration(l, "interval", m.Interval, MinManagedInterval, MaxManagedInterval)
	if _, err := m.Key(); err != nil {
		l.add("public_key", "%v", err)
	}
}

// misplacedManaged refuses [managed] anywhere but in the machine-wide file: a user's
// file must not swap the company's list, and a managed file must not chain to another.
func misplacedManaged(c *Config, machine bool, err error) error {
	if machine || c == nil || !c.Managed.set() {
		return err
	}
	var es Errors
	errors.As(err, &es)
	e := fieldError("managed", msgf("only the machine-wide file may name a managed source"))
	return append(es, e)
}

// LoadMachineFile reads the machine-wide file alone, strictly, as Load reads it (it
// may hold [managed]).
func LoadMachineFile(path string) (*Config, error) { return readFile(path, true) }

// ManagedCachePath is where the last good copy is kept: the user's cache folder
// (~/.cache/uptray/managed.toml, %LocalAppData%\uptray\, ~/Library/Caches/uptray/).
func ManagedCachePath() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "uptray", "managed.toml")
}

// ManagedCopy is one fetched copy of the managed file, and what the cache keeps of it.
type ManagedCopy struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Signature    []byte    `json:"signature,omitempty"` // as served at URL+".sig"
	Fetched      time.Time `json:"fetched"`
	Body         []byte    `json:"-"` // the TOML, in managed.toml itself
}

// metaPath is the cache's side file: the copy's URL, validators and signature.
func metaPath(path string) string { return path + ".json" }

// ReadManagedCache reads the cached copy at path. A missing cache is an error matching
// fs.ErrNotExist.
func ReadManagedCache(path string) (*ManagedCopy, error) {
	if path == "" {
		return nil, fs.ErrNotExist
	}
	meta, err := readConfigFile(metaPath(path))
	if err != nil {
		return nil, err
	}
	var cp ManagedCopy
	if err := json.Unmarshal(meta, &cp); err != nil {
		return nil, fmt.Errorf("%s: %v", metaPath(path), err)
	}
	if cp.Body, err = readConfigFile(path); err != nil {
		return nil, err
	}
	return &cp, nil
}

// WriteManagedCache keeps cp as the last good copy (0600, each file written
// atomically). The body goes first: should the meta file then fail, the old
// validators no longer match the new body and the next fetch gets it whole again,
// never a 304 for a copy that is not the one kept.
func WriteManagedCache(path string, cp *ManagedCopy) error {
	meta, err := json.MarshalIndent(cp, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	if err := writeAtomic(path, cp.Body); err != nil {
		return err
	}
	return writeAtomic(metaPath(path), meta)
}

// VerifyManaged checks cp's signature against m's public_key; nil when no key is set.
func VerifyManaged(m Managed, cp *ManagedCopy) error {
	key, err := m.Key()
	switch {
	case err != nil:
		return fmt.Errorf("managed config: public_key %v", err)
	case key == nil:
		return nil
	case len(cp.Signature) == 0:
		return fmt.Errorf("managed config: no signature at %s.sig, and public_key requires one", cp.URL)
	}
	sig, err := decodeSignature(cp.Signature)
	if err != nil {
		return fmt.Errorf("managed config: %s.sig %v", cp.URL, err)
	}
	if !ed25519.Verify(key, cp.Body, sig) {
		return errors.New("managed config: signature does not match public_key")
	}
	return nil
}

// decodeSignature reads a detached signature: base64 text (what `uptray sign`
// writes) or the raw 64 bytes (what other ed25519 tools write).
func decodeSignature(b []byte) ([]byte, error) {
	if len(b) == ed25519.SignatureSize {
		return b, nil
	}
	sig, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(b)))
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, errors.New("is not an ed25519 signature (base64 of 64 bytes, as `uptray sign` writes it)")
	}
	return sig, nil
}

// CheckManaged validates a fetched copy exactly as a config file, and more: the
// signature when m has a public_key, no [managed] of its own, and no clash with the
// machine-wide file it is layered on. It returns the copy's configuration; errors
// name the URL, the entry and the field.
func CheckManaged(m Managed, machine *Config, cp *ManagedCopy) (*Config, error) {
	if err := VerifyManaged(m, cp); err != nil {
		return nil, err
	}
	c, err := parseManaged(cp)
	if err != nil {
		return nil, err
	}
	if machine != nil {
		if err := Merge(machine, c).Validate(); err != nil {
			var es Errors
			errors.As(err, &es)
			pointAtFiles(es, Merge(machine, c), len(machine.Services), len(machine.Sources))
			for i := range es {
				if es[i].File == "" {
					es[i].File = cp.URL
				}
			}
			return nil, es
		}
	}
	return c, nil
}

// parseManaged parses a copy strictly, its services and sources marked Managed with
// the URL as their origin.
func parseManaged(cp *ManagedCopy) (*Config, error) {
	c, err := Parse(cp.Body)
	if err == nil && c.Managed.set() {
		err = Errors{{Where: "managed", Msg: "a managed file must not name another managed source"}}
	}
	if err != nil {
		var es Errors
		if !errors.As(err, &es) {
			es = Errors{{Msg: err.Error()}}
		}
		for i := range es {
			es[i].File = cp.URL
		}
		return nil, es
	}
	markOrigin(c, cp.URL, true)
	return c, nil
}

func markOrigin(c *Config, origin string, managed bool) {
	for i := range c.Services {
		c.Services[i].Origin, c.Services[i].Managed = origin, managed
	}
	for i := range c.Sources {
		c.Sources[i].Origin, c.Sources[i].Managed = origin, managed
	}
}

// cachedManaged returns the cached copy the machine layer names, or nil when there
// is none to use: no [managed], no cache yet, a cache of another URL, or one whose
// signature the current public_key refuses (the resident fetches a new one and says
// what is wrong; the loader stays quiet about its own cache).
func cachedManaged(files Files, machine *Config) *ManagedCopy {
	m := machine.Managed
	if !m.set() || files.Managed == "" {
		return nil
	}
	cp, err := ReadManagedCache(files.Managed)
	if err != nil || cp.URL != m.URL || VerifyManaged(m, cp) != nil {
		return nil
	}
	return cp
}

// withManaged folds the cached managed copy into the machine layer, strictly (Load).
// The copy was validated before it was cached, so errors here mean a newer Uptray
// reads it more strictly; they are reported, and the layer is left out.
func withManaged(files Files, machine *Config) (*Config, Errors) {
	cp := cachedManaged(files, machine)
	if cp == nil {
		return machine, nil
	}
	c, err := parseManaged(cp)
	if err != nil {
		var es Errors
		errors.As(err, &es)
		return machine, es
	}
	return foldManaged(machine, c), nil
}

// withManagedLenient folds the cached copy in as LoadLenient reads files: a broken
// entry is kept and marked, a problem outside services and sources leaves the layer
// out. machineErrs are the machine file's; the copy's are appended with their indices
// moved after the machine file's entries, where the layer puts them.
func withManagedLenient(files Files, machine *Config, machineErrs Errors) (*Config, Errors) {
	cp := cachedManaged(files, machine)
	if cp == nil {
		return machine, machineErrs
	}
	c, err := Parse(cp.Body)
	var es Errors
	if err != nil && !errors.As(err, &es) {
		es = Errors{{Msg: err.Error()}}
	}
	if c != nil && c.Managed.set() {
		es = append(es, fieldError("managed", msgf("a managed file must not name another managed source")))
	}
	for i := range es {
		es[i].File = cp.URL
	}
	if c == nil || fileLevel(es) {
		for i := range es { // about entries of a layer that is not used
			es[i].Service, es[i].Source = 0, 0
		}
		return machine, append(machineErrs, es...)
	}
	for i := range es {
		if es[i].Service > 0 {
			es[i].Service += len(machine.Services)
		}
		if es[i].Source > 0 {
			es[i].Source += len(machine.Sources)
		}
	}
	markOrigin(c, cp.URL, true)
	return foldManaged(machine, c), append(machineErrs, es...)
}

// foldManaged layers the managed copy over the machine-wide file: together they are
// the locked layer under the user's file.
func foldManaged(machine, managed *Config) *Config {
	c := Merge(machine, managed)
	c.Managed = machine.Managed
	return c
}
