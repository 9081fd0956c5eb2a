package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Encode writes a configuration as TOML. Unset values are left out, so the file keeps
// following the built-in defaults.
func Encode(c *Config) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("# Uptray configuration. Reference: the README's \"Configuration\" section.\n")
	if err := toml.NewEncoder(&buf).Encode(c); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Save validates c and writes it to path atomically: a temp file in the same folder,
// fsync, then rename over the old file, whose previous content is kept as path+".bak".
// An invalid configuration is refused and the file on disk is left as it was.
func Save(path string, c *Config) error {
	if err := c.Validate(); err != nil {
		return err
	}
	data, err := Encode(c)
	if err != nil {
		return err
	}
	// The file must read back as what we meant to write (a round trip catches encoder
	// surprises before they reach the disk).
	if _, err := Parse(data); err != nil {
		return fmt.Errorf("encoded configuration does not read back: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := backup(path); err != nil {
		return fmt.Errorf("keep a backup of %s: %w", path, err)
	}
	CleanTemp(path) // best effort: what an interrupted save left
	return writeAtomic(path, data)
}

// WriteFile writes data to path atomically (a temp file, then a rename), readable
// and writable by its owner only (0600): configurations hold tokens. Export uses it.
func WriteFile(path string, data []byte) error { return writeAtomic(path, data) }

// The temp files writeAtomic makes are named tempPrefix, digits, tempSuffix: the
// digits are what os.CreateTemp puts in place of the "*".
const tempPrefix, tempSuffix = ".config-", ".toml"

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPrefix+"*"+tempSuffix)
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync() // make the rename durable; not all systems allow it, hence no error
		d.Close()
	}
	return nil
}

// backup copies the current file to path.bak (atomically too), if there is one.
func backup(path string) error {
	old, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return writeAtomic(path+".bak", old)
}

// CleanTemp removes the temp files that saves into path's folder left behind when
// they were interrupted (a crash or power loss before the rename), and returns their
// paths. It removes only regular files named as writeAtomic names them and older
// than a minute, so that a save under way in another process keeps its file. Call
// it at start with the user's file.
func CleanTemp(path string) ([]string, error) {
	dir := filepath.Dir(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var removed []string
	var errs []error
	for _, e := range entries {
		if !isTempName(e.Name()) || !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil || time.Since(fi.ModTime()) < time.Minute {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, p)
	}
	return removed, errors.Join(errs...)
}

func isTempName(name string) bool {
	digits, ok := strings.CutPrefix(name, tempPrefix)
	digits, ok2 := strings.CutSuffix(digits, tempSuffix)
	return ok && ok2 && digits != "" && strings.Trim(digits, "0123456789") == ""
}
