//go:build !unix

package control

import (
	"fmt"
	"os"
)

// checkDir only checks that dir is a directory: on Windows, the one non-Unix system
// Uptray runs on, the socket lives under %LocalAppData%, whose access list already
// admits only this user (and the system).
func checkDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("control: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("%w: %s is not a directory", ErrUnsafeDir, dir)
	}
	return nil
}
