//go:build !darwin && !windows

package autostart

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// xdg follows the freedesktop "Desktop Application Autostart" specification:
// $XDG_CONFIG_HOME/autostart/<appID>.desktop, $XDG_CONFIG_HOME defaulting to ~/.config.
type xdg struct {
	appID, execPath string
}

func newManager(appID, execPath string) Manager { return &xdg{appID: appID, execPath: execPath} }

func (x *xdg) path() (string, error) {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the autostart folder: %w", err)
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "autostart", x.appID+".desktop"), nil
}

func (x *xdg) Enabled() (bool, error) {
	p, err := x.path()
	if err != nil {
		return false, err
	}
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	// A file switched off by the desktop's own settings counts as off.
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "Hidden":
			if strings.TrimSpace(v) == "true" {
				return false, nil
			}
		case "X-GNOME-Autostart-enabled":
			if strings.TrimSpace(v) == "false" {
				return false, nil
			}
		}
	}
	return true, nil
}

func (x *xdg) Enable() error {
	return writeFile(x.path, fmt.Sprintf(`[Desktop Entry]
Type=Application
Name=Uptray
Comment=Shows whether the services you depend on are up
Exec=%s
Terminal=false
X-GNOME-Autostart-enabled=true
`, desktopExec(x.execPath)))
}

func (x *xdg) Disable() error { return removeFile(x.path) }

// desktopExec quotes a program path for an Exec= key when it needs quoting.
func desktopExec(path string) string {
	if !strings.ContainsAny(path, " \t\n\"'\\><~|&;$*?#()`") {
		return path
	}
	r := strings.NewReplacer(`\`, `\\\\`, `"`, `\\"`, "`", "\\\\`", `$`, `\\$`)
	return `"` + r.Replace(path) + `"`
}
