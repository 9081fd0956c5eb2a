//go:build linux

package alert

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"slices"
	"strings"
	"sync"

	"github.com/esiqveland/notify"
	"github.com/godbus/dbus/v5"

	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
)

const (
	fdName  = "org.freedesktop.Notifications"                   // i18n:ignore a D-Bus name
	fdPath  = dbus.ObjectPath("/org/freedesktop/Notifications") // i18n:ignore a D-Bus path
	fdIface = "org.freedesktop.Notifications"                   // i18n:ignore a D-Bus interface

	appName = "Uptray" // i18n:ignore the app's name, the same in every language
	// desktopEntry lets servers (GNOME) tie the notices to the installed launcher: its
	// icon, and the user's per-application notification settings.
	desktopEntry = "io.github.uptray.uptray" // i18n:ignore an application ID

	// soundName is the freedesktop sound theme's name for a warning (the notification
	// spec's "sound-name" hint); servers that play sounds play it with the notice.
	soundName = "dialog-warning" // i18n:ignore a sound theme name

	// maxShown bounds the notices remembered for replacing and for their buttons: a
	// notice older than the last few dozen is long gone from the screen.
	maxShown = 64
)

// freedesktop talks to the notification server on the session bus with the types and
// hints of github.com/esiqveland/notify. The calls themselves go through godbus with
// the caller's context, which the library's SendNotification does not take: a hung
// server must not hold a notice beyond its deadline.
type freedesktop struct {
	d   *Desktop
	sem chan struct{} // one notice at a time, so a Tag's replaces_id is never stale

	mu     sync.Mutex
	conn   *dbus.Conn
	closed bool
	byTag  map[string]uint32       // the id of the last notice sent with each Tag
	shown  map[uint32]Notification // what each id shows, for its buttons
	order  []uint32                // the ids in shown, oldest first
	wg     sync.WaitGroup          // the signal listener and running OnAction callbacks
}

func newFreedesktop(d *Desktop) *freedesktop {
	return &freedesktop{
		d:     d,
		sem:   make(chan struct{}, 1),
		byTag: map[string]uint32{},
		shown: map[uint32]Notification{},
	}
}

func (f *freedesktop) notify(ctx context.Context, n Notification) error {
	select {
	case f.sem <- struct{}{}:
		defer func() { <-f.sem }()
	case <-ctx.Done():
		return ctx.Err()
	}
	conn, err := f.connection(ctx)
	if err != nil {
		return err
	}
	obj := conn.Object(fdName, fdPath)
	// Asked every time, not cached: the user may switch notification servers, and
	// notices are few. It also tells whether there is a server at all.
	var caps []string
	if err := obj.CallWithContext(ctx, fdIface+".GetCapabilities", 0).Store(&caps); err != nil { // i18n:ignore a D-Bus method
		return fmt.Errorf("notification server: %w", err) // i18n:ignore logged: the fallback takes over
	}
	note := f.build(n, caps)
	f.mu.Lock()
	if n.Tag != "" {
		note.ReplacesID = f.byTag[n.Tag]
	}
	f.mu.Unlock()

	actions := make([]string, 0, 2*len(note.Actions))
	for _, a := range note.Actions {
		actions = append(actions, a.Key, a.Label)
	}
	var id uint32
	err = obj.CallWithContext(ctx, fdIface+".Notify", 0, // i18n:ignore a D-Bus method
		note.AppName, note.ReplacesID, note.AppIcon, note.Summary, note.Body,
		actions, note.Hints, int32(note.ExpireTimeout.Milliseconds())).Store(&id)
	if err != nil {
		return fmt.Errorf("notification server: %w", err) // i18n:ignore logged, never shown
	}
	f.remember(id, note.ReplacesID, n)
	return nil
}

// build turns n into what the server is sent: an outage stays until dismissed at
// critical urgency; the rest expires as the server likes.
func (f *freedesktop) build(n Notification, caps []string) notify.Notification {
	note := notify.Notification{
		AppName:       appName,
		Summary:       n.Title,
		Body:          n.Body,
		ExpireTimeout: notify.ExpireTimeoutSetByNotificationServer,
	}
	if slices.Contains(caps, "body-markup") { // i18n:ignore a capability name
		// Reasons and fallbacks are plain text; a "<" in them must not become markup.
		note.Body = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(n.Body)
	}
	urgency := notify.UrgencyNormal
	if n.Status == status.Down || n.Urgent {
		urgency = notify.UrgencyCritical
	}
	if n.Sticky() {
		note.ExpireTimeout = notify.ExpireTimeoutNever
	}
	note.SetUrgency(urgency)
	note.AddHint(notify.Hint{ID: "desktop-entry", Variant: dbus.MakeVariant(desktopEntry)}) // i18n:ignore a hint name
	if n.Sound {
		note.AddHint(notify.HintSoundWithName(soundName))
	}
	if f.d.icon != nil {
		if img := rgba(f.d.icon(n.Status)); img != nil {
			note.AddHint(notify.HintImageDataRGBA(img))
		}
	}
	if slices.Contains(caps, "actions") { // i18n:ignore a capability name
		if n.Details != "" {
			note.Actions = append(note.Actions, notify.Action{Key: ActionDetails, Label: i18n.T("Details")})
		}
		if n.Open != "" {
			note.Actions = append(note.Actions, notify.Action{Key: ActionOpen, Label: i18n.T("Open")})
		}
	}
	return note
}

// rgba decodes a PNG icon for the image-data hint, as beeep does: a picture in the
// message works with every server, a file path only with those that can read it.
func rgba(pngBytes []byte) *image.RGBA {
	if len(pngBytes) == 0 {
		return nil
	}
	src, err := png.Decode(bytes.NewReader(pngBytes))
	if err != nil {
		return nil // a notice without its icon is better than none
	}
	b := src.Bounds()
	img := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(img, img.Bounds(), src, b.Min, draw.Src)
	return img
}

// connection returns the bus connection, dialling it if there is none (or it broke).
func (f *freedesktop) connection(ctx context.Context) (*dbus.Conn, error) {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return nil, errDesktopClosed
	}
	if c := f.conn; c != nil && c.Connected() {
		f.mu.Unlock()
		return c, nil
	}
	f.mu.Unlock()

	type dialled struct {
		c   *dbus.Conn
		err error
	}
	done := make(chan dialled, 1)
	go func() {
		c, err := f.dial()
		done <- dialled{c, err}
	}()
	var r dialled
	select {
	case r = <-done:
	case <-ctx.Done():
		// A hung bus: the dial is left to finish by itself, and what it brings is closed.
		go func() {
			if r := <-done; r.c != nil {
				_ = r.c.Close()
			}
		}()
		return nil, ctx.Err()
	}
	if r.err != nil {
		return nil, fmt.Errorf("session bus: %w", r.err) // i18n:ignore logged, never shown
	}
	c := r.c
	// Only the server may press our buttons: the bus filters by its name, so another
	// client cannot fake an ActionInvoked.
	if err := c.AddMatchSignalContext(ctx, dbus.WithMatchSender(fdName),
		dbus.WithMatchObjectPath(fdPath), dbus.WithMatchInterface(fdIface)); err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("session bus: %w", err) // i18n:ignore logged, never shown
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		_ = c.Close()
		return nil, errDesktopClosed
	}
	f.conn = c
	signals := make(chan *dbus.Signal, 16)
	c.Signal(signals)
	f.wg.Add(1)
	go f.listen(signals) // ends when c closes: godbus closes the channel
	return c, nil
}

func (f *freedesktop) dial() (*dbus.Conn, error) {
	if f.d.busAddr != "" {
		return dbus.Connect(f.d.busAddr)
	}
	return dbus.ConnectSessionBus() // a private connection, closed by Close
}

// remember keeps what id shows, and the id for n's Tag.
func (f *freedesktop) remember(id, replaced uint32, n Notification) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if replaced != 0 && replaced != id {
		f.forgetLocked(replaced) // the server showed a new notice instead
	}
	if _, ok := f.shown[id]; !ok {
		f.order = append(f.order, id)
	}
	f.shown[id] = n
	if n.Tag != "" {
		f.byTag[n.Tag] = id
	}
	for len(f.order) > maxShown {
		f.forgetLocked(f.order[0])
	}
}

func (f *freedesktop) forgetLocked(id uint32) {
	delete(f.shown, id)
	f.order = slices.DeleteFunc(f.order, func(x uint32) bool { return x == id })
	for tag, x := range f.byTag {
		if x == id {
			delete(f.byTag, tag)
		}
	}
}

// listen handles the server's signals until the connection closes.
func (f *freedesktop) listen(signals <-chan *dbus.Signal) {
	defer f.wg.Done()
	for s := range signals {
		if s.Path != fdPath {
			continue
		}
		switch s.Name {
		case fdIface + ".ActionInvoked":
			f.invoked(s.Body)
		case fdIface + ".NotificationClosed":
			// Dismissed or expired: a later notice with its Tag is a new one. Replacing a
			// closed id would bring it back on most servers anyway, but not on all.
			if len(s.Body) >= 1 {
				if id, ok := s.Body[0].(uint32); ok {
					f.mu.Lock()
					f.forgetLocked(id)
					f.mu.Unlock()
				}
			}
		}
	}
}

func (f *freedesktop) invoked(body []any) {
	if len(body) < 2 {
		return
	}
	id, ok1 := body[0].(uint32)
	key, ok2 := body[1].(string)
	if !ok1 || !ok2 || f.d.onAction == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	n, ok := f.shown[id]
	if !ok || f.closed || (key == ActionDetails && n.Details == "") || (key == ActionOpen && n.Open == "") ||
		(key != ActionDetails && key != ActionOpen) {
		return // not ours, or not a button we offered
	}
	// On a goroutine of its own: godbus delivers signals in line with method replies,
	// so a slow callback (opening a window) would stall every call on the connection.
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		f.d.onAction(key, n)
	}()
}

func (f *freedesktop) close() error {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return nil
	}
	f.closed = true
	c := f.conn
	f.conn = nil
	f.mu.Unlock()
	var err error
	if c != nil {
		err = c.Close()
	}
	f.wg.Wait()
	return err
}
