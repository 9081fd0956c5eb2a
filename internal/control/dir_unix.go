//go:build unix

package control

import (
	"fmt"
	"os"
	"syscall"
)

// checkDir refuses a directory that another user owns or may enter: anyone who can
// reach the socket can check, pause and open windows, so the directory is the guard.
func checkDir(dir string) error {
	fi, err := os.Lstat(dir) // not Stat: a symbolic link could point anywhere
	if err != nil {
		return fmt.Errorf("control: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("%w: %s is not a directory", ErrUnsafeDir, dir)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Errorf("%w: cannot tell who owns %s", ErrUnsafeDir, dir)
	}
	if uid := os.Getuid(); int(st.Uid) != uid {
		return fmt.Errorf("%w: %s belongs to user %d, not to you (%d)", ErrUnsafeDir, dir, st.Uid, uid)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("%w: other users may use %s (mode %04o); run chmod 700 %q", ErrUnsafeDir, dir, perm, dir)
	}
	return nil
}
