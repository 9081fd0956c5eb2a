//go:build unix

package config

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestRefuseNamedPipe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	refuse(t, path, "is a named pipe, not a regular file")
}

func TestRefuseDevice(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	refuse(t, "/dev/zero", "is a device, not a regular file")
	// A link to a device is the device.
	link := filepath.Join(t.TempDir(), "config.toml")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	refuse(t, link, "is a device")
}
