package control

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// DefaultPath is where the resident listens, in a directory of Uptray's own that only
// this user may enter:
//
//	Linux    $XDG_RUNTIME_DIR/uptray/uptray.sock, else ~/.cache/uptray/control/uptray.sock
//	macOS    ~/Library/Caches/Uptray/control/uptray.sock
//	Windows  %LocalAppData%\Uptray\uptray.sock
//
// The cache folder also holds the log, whose folder the log library creates readable by
// all (0755) — and macOS file names ignore case, so Uptray and uptray are one folder there.
// The socket gets a subfolder of its own so that its 0700 check never meets that one.
func DefaultPath() string {
	const sock = "uptray.sock"
	if runtime.GOOS == "linux" {
		if run := os.Getenv("XDG_RUNTIME_DIR"); run != "" {
			return filepath.Join(run, "uptray", sock)
		}
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		// No home: a per-user folder in the temporary folder, which the owner
		// check refuses if another user made it first.
		return filepath.Join(os.TempDir(), fmt.Sprintf("uptray-%d", os.Getuid()), sock)
	}
	switch runtime.GOOS {
	case "windows":
		return filepath.Join(cache, "Uptray", sock) // %LocalAppData% is private to the user
	case "darwin":
		return filepath.Join(cache, "Uptray", "control", sock)
	}
	return filepath.Join(cache, "uptray", "control", sock)
}

// prepareDir makes the socket's directory if it is missing and checks that it is private.
func prepareDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("control: %w", err)
	}
	return checkDir(dir)
}
