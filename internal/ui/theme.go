package ui

import (
	"image/color"
	"reflect"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Theme is Fyne's default theme with a focus that can be seen: Fyne blends a faint
// blue (alpha 0x2a) over a focused button, which on the blue "primary" button changes
// it by one shade. Keyboard users must see where they are, so the focus colour here is
// strong, and focusRing draws an outline in focusRingColor around whatever has the
// focus (WCAG 2.4.7; the outline has 3:1 contrast against the window's background).
func Theme() fyne.Theme { return uptrayTheme{} }

type uptrayTheme struct{}

func (uptrayTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameFocus {
		c := focusRingColor(v).(color.NRGBA)
		c.A = 0x48 // blended over the button: a change that keeps its text readable; the outline is the cue
		return c
	}
	if v == theme.VariantLight {
		// The states' words are coloured text: Fyne's light green, amber and red read
		// at 1.5–3.7:1 on white; these darker ones at 4.5:1 or more (WCAG AA).
		switch n {
		case theme.ColorNameSuccess:
			return color.NRGBA{R: 0x1e, G: 0x7d, B: 0x32, A: 0xff}
		case theme.ColorNameWarning:
			return color.NRGBA{R: 0xa8, G: 0x5d, B: 0x00, A: 0xff}
		case theme.ColorNameError:
			return color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
		}
	}
	return theme.DefaultTheme().Color(n, v)
}

func (uptrayTheme) Font(s fyne.TextStyle) fyne.Resource     { return theme.DefaultTheme().Font(s) }
func (uptrayTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }
func (uptrayTheme) Size(n fyne.ThemeSizeName) float32       { return theme.DefaultTheme().Size(n) }

// focusRingColor is the colour of the focus outline: near-black on the light theme,
// a pale amber on the dark one (any variant but light is dark, as in Fyne's theme),
// each above 3:1 against the background and every kind of button.
func focusRingColor(v fyne.ThemeVariant) color.Color {
	if v == theme.VariantLight {
		return color.NRGBA{R: 0x10, G: 0x10, B: 0x10, A: 0xff}
	}
	return color.NRGBA{R: 0xff, G: 0xe0, B: 0x82, A: 0xff}
}

// ringWidth is the focus outline's stroke, and ringGap how far outside the focused
// object it is drawn, so it never covers the object's own edge or text.
const (
	ringWidth = 2
	ringGap   = 2
)

// ringPoll is how often the outline follows the focus: Fyne tells no one when the
// focus moves (Tab, a click), so the ring looks. 150 ms reads as immediate.
const ringPoll = 150 * time.Millisecond

// focusRing draws its content with an outline around the focused object inside it.
// A window's content is wrapped in one; dialogs (overlays, drawn above the content)
// use keyButton, which outlines itself.
type focusRing struct {
	widget.BaseWidget
	content fyne.CanvasObject
	rect    *canvas.Rectangle
}

// withFocusRing wraps a window's content so that its focused object is outlined.
func withFocusRing(content fyne.CanvasObject) *focusRing {
	r := &focusRing{content: content, rect: canvas.NewRectangle(color.Transparent)}
	r.rect.StrokeWidth = ringWidth
	r.rect.Hide()
	r.ExtendBaseWidget(r)
	return r
}

func (r *focusRing) CreateRenderer() fyne.WidgetRenderer {
	rr := &ringRenderer{r: r, stop: make(chan struct{})}
	if !testDriver() {
		go rr.follow()
	}
	return rr
}

// place puts the outline around the focused object, or hides it when the focus is
// in a dialog (or on a keyButton, which draws its own). UI goroutine.
func (r *focusRing) place() {
	d := fyne.CurrentApp().Driver()
	c := d.CanvasForObject(r)
	if c == nil {
		return
	}
	f, ok := c.Focused().(fyne.CanvasObject)
	_, own := f.(*keyButton)
	// With a dialog shown, the focus is the dialog's, drawn above this outline.
	if !ok || f == nil || own || !f.Visible() || c.Overlays().Top() != nil {
		if r.rect.Visible() {
			r.rect.Hide()
			r.rect.Refresh()
		}
		return
	}
	pos := d.AbsolutePositionForObject(f).Subtract(d.AbsolutePositionForObject(r))
	out := float32(ringGap + ringWidth/2)
	newPos := pos.SubtractXY(out, out)
	newSize := f.Size().AddWidthHeight(2*out, 2*out)
	col := focusRingColor(fyne.CurrentApp().Settings().ThemeVariant())
	if r.rect.Visible() && r.rect.Position() == newPos && r.rect.Size() == newSize && r.rect.StrokeColor == col {
		return
	}
	r.rect.StrokeColor = col
	r.rect.CornerRadius = theme.InputRadiusSize() + out
	r.rect.Move(newPos)
	r.rect.Resize(newSize)
	r.rect.Show()
	r.rect.Refresh()
}

// testDriver reports whether Fyne's test driver runs the app: it has no event loop and
// runs fyne.Do on the caller's goroutine, so a poller there would race with the test.
// Tests call place themselves.
func testDriver() bool {
	t := reflect.TypeOf(fyne.CurrentApp().Driver())
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() == "fyne.io/fyne/v2/test"
}

type ringRenderer struct {
	r    *focusRing
	stop chan struct{}
}

// follow moves the outline with the focus until the renderer is destroyed.
func (rr *ringRenderer) follow() {
	t := time.NewTicker(ringPoll)
	defer t.Stop()
	for {
		select {
		case <-rr.stop:
			return
		case <-t.C:
			fyne.Do(rr.r.place)
		}
	}
}

func (rr *ringRenderer) Destroy() { close(rr.stop) }
func (rr *ringRenderer) Layout(s fyne.Size) {
	rr.r.content.Resize(s)
	rr.r.content.Move(fyne.NewPos(0, 0))
}
func (rr *ringRenderer) MinSize() fyne.Size { return rr.r.content.MinSize() }
func (rr *ringRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{rr.r.content, rr.r.rect}
}
func (rr *ringRenderer) Refresh() {
	rr.r.content.Refresh()
	rr.r.place()
}

// CreateRenderer gives a keyButton the outline when it has the focus, wherever it is
// (a dialog is drawn above the window's focusRing).
func (b *keyButton) CreateRenderer() fyne.WidgetRenderer {
	ring := canvas.NewRectangle(color.Transparent)
	ring.StrokeWidth = ringWidth
	return &keyButtonRenderer{WidgetRenderer: b.Button.CreateRenderer(), b: b, ring: ring}
}

func (b *keyButton) FocusGained() { b.hasFocus = true; b.Button.FocusGained() }
func (b *keyButton) FocusLost()   { b.hasFocus = false; b.Button.FocusLost() }

type keyButtonRenderer struct {
	fyne.WidgetRenderer
	b    *keyButton
	ring *canvas.Rectangle
}

func (r *keyButtonRenderer) Objects() []fyne.CanvasObject {
	return append(r.WidgetRenderer.Objects(), r.ring)
}

func (r *keyButtonRenderer) Layout(s fyne.Size) {
	r.WidgetRenderer.Layout(s)
	out := float32(ringGap + ringWidth/2)
	r.ring.Move(fyne.NewPos(-out, -out))
	r.ring.Resize(s.AddWidthHeight(2*out, 2*out))
}

func (r *keyButtonRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	r.ring.StrokeColor = focusRingColor(fyne.CurrentApp().Settings().ThemeVariant())
	r.ring.CornerRadius = theme.InputRadiusSize() + ringGap + ringWidth/2
	r.ring.Hidden = !r.b.hasFocus || r.b.Disabled()
	r.ring.Refresh()
}
