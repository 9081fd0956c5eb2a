package alert

import (
	"context"
	"errors"
	"log/slog"

	"github.com/uptray/uptray/internal/status"
)

// Action keys a Desktop passes to its OnAction callback.
const (
	ActionDetails = "details" // i18n:ignore an action key; show the service (Notification.Details) in Uptray
	ActionOpen    = "open"    // i18n:ignore an action key; open the service's page (Notification.Open) in the browser
)

// errDesktopClosed is returned by Notify after Close.
var errDesktopClosed = errors.New("desktop notifier closed") // i18n:ignore logged, never shown

// Desktop shows notifications the best way the platform offers. On Linux it speaks to
// the freedesktop notification server itself (org.freedesktop.Notifications on the
// session bus), which gives what beeep cannot: outage notices that stay until
// dismissed, a notice that replaces the earlier one of the same outage (Tag), and
// Details/Open buttons. Where there is no session bus or no server, and on macOS and
// Windows, it falls back to beeep.
//
// It is safe for concurrent use. Close releases the bus.
type Desktop struct {
	icon     func(status.Status) []byte
	onAction func(action string, n Notification)
	fallback Notifier
	log      *slog.Logger
	busAddr  string
	fd       *freedesktop // nil where there is no freedesktop server to talk to
}

// DesktopOption changes how NewDesktop sets up a Desktop.
type DesktopOption func(*Desktop)

// WithBusAddress names the session bus to use instead of the one the environment
// names (DBUS_SESSION_BUS_ADDRESS): tests run their own bus without touching the
// process environment.
func WithBusAddress(addr string) DesktopOption { return func(d *Desktop) { d.busAddr = addr } }

// WithFallback replaces beeep as the notifier used when no freedesktop server answers.
func WithFallback(n Notifier) DesktopOption { return func(d *Desktop) { d.fallback = n } }

// WithDesktopLog logs why notices went to the fallback; nil discards.
func WithDesktopLog(log *slog.Logger) DesktopOption { return func(d *Desktop) { d.log = log } }

// NewDesktop returns a notifier. icon gives PNG bytes per state (nil: no icon).
// onAction (may be nil) is called with ActionDetails or ActionOpen and the notice whose
// button was pressed, on a goroutine of its own; it should return promptly, as Close
// waits for it. Unless WithFallback is given, this calls NewBeeep, which sets beeep's
// application name: make one Desktop at start-up.
func NewDesktop(icon func(status.Status) []byte, onAction func(action string, n Notification), opts ...DesktopOption) *Desktop {
	d := &Desktop{icon: icon, onAction: onAction}
	for _, o := range opts {
		o(d)
	}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	if d.fallback == nil {
		d.fallback = NewBeeep(icon)
	}
	d.fd = newFreedesktop(d)
	return d
}

// Notify shows n. It returns once ctx is done even if the notification server hangs.
func (d *Desktop) Notify(ctx context.Context, n Notification) error {
	if d.fd == nil {
		return d.fallback.Notify(ctx, n)
	}
	err := d.fd.notify(ctx, n)
	if err == nil || ctx.Err() != nil || errors.Is(err, errDesktopClosed) {
		return err // a hung server would hang beeep too: do not wait twice
	}
	d.log.Debug("no freedesktop notification server: using beeep", "err", err)
	return d.fallback.Notify(ctx, n)
}

// Close releases the session bus and waits for running OnAction callbacks. Notify
// fails afterwards.
func (d *Desktop) Close() error {
	if d.fd == nil {
		return nil
	}
	return d.fd.close()
}
