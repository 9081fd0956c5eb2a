// Package autostart turns "start Uptray when I log in" on and off, the way each
// desktop expects it: a freedesktop .desktop file on Linux and other Unix desktops,
// a LaunchAgent on macOS, a Run registry value on Windows.
package autostart

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Manager switches starting at login on and off for one program.
type Manager interface {
	// Enabled reports whether the program is set to start at login.
	Enabled() (bool, error)
	// Enable makes the program start at login (idempotent).
	Enable() error
	// Disable stops the program starting at login (idempotent).
	Disable() error
}

// New returns the Manager for this OS. appID names the entry (a reverse-DNS id such as
// "io.github.uptray"); execPath is the program to start, usually os.Executable().
func New(appID, execPath string) Manager { return newManager(appID, execPath) }

// removeFile deletes the file at path() if there is one (the file-based desktops).
func removeFile(path func() (string, error)) error {
	p, err := path()
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// writeFile replaces the file at path() with content atomically (temp file, rename), so
// a half-written autostart entry never exists (the file-based desktops).
func writeFile(path func() (string, error), content string) error {
	p, err := path()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".autostart-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}
