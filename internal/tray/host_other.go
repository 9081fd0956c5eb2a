//go:build !linux

package tray

import "context"

// HostAvailable reports whether this desktop shows tray icons: macOS's menu bar and
// Windows' notification area always do.
func HostAvailable(context.Context) (bool, error) { return true, nil }
