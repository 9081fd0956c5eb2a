package alert

import (
	"context"

	"github.com/gen2brain/beeep"

	"github.com/uptray/uptray/internal/status"
)

// Beeep shows notifications with github.com/gen2brain/beeep: D-Bus or notify-send on
// Linux, the notification centre on macOS, toasts on Windows.
type Beeep struct {
	Icon func(status.Status) []byte // PNG bytes per state (the tray's icons); nil = no icon
}

// NewBeeep names the app in notifications. beeep keeps the name in a package variable,
// so call this once at start-up, before any notification is sent.
func NewBeeep(icon func(status.Status) []byte) Beeep {
	beeep.AppName = "Uptray" // i18n:ignore the app's name, the same in every language
	return Beeep{Icon: icon}
}

// Notify sends n. beeep blocks until the daemon answers, so the call runs on its own
// goroutine and Notify returns when ctx ends, so a hung daemon cannot hold up the
// notifications queued behind this one; the abandoned call is left to finish by itself.
func (b Beeep) Notify(ctx context.Context, n Notification) error {
	var icon any = "" // beeep rejects a nil icon; an empty path means none
	if b.Icon != nil {
		if png := b.Icon(n.Status); len(png) > 0 {
			icon = png
		}
	}
	show := beeep.Notify
	if n.Sound {
		// A critical service is down: beeep.Alert plays the system's default sound with
		// the notice (macOS, Windows toasts), or beeps on Linux.
		show = beeep.Alert
	}
	done := make(chan error, 1)
	go func() { done <- show(n.Title, n.Body, icon) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
