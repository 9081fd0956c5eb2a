//go:build !linux

package alert

import "context"

// freedesktop is Linux only: elsewhere a Desktop always uses its fallback (beeep, which
// reaches the macOS notification centre and Windows toasts).
type freedesktop struct{}

func newFreedesktop(*Desktop) *freedesktop { return nil }

func (*freedesktop) notify(context.Context, Notification) error { return errDesktopClosed }

func (*freedesktop) close() error { return nil }
