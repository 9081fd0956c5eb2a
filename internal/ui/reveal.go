package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/i18n"
)

// Fyne's Scroll does not follow the keyboard focus: Tab moves into a field below the
// fold and the user types into something they cannot see. The controls of the
// scrolling forms are these small subtypes, which report when they gain the focus so
// the form can scroll them into view.

// focusHook is what each subtype embeds: the form sets onFocus.
type focusHook struct{ onFocus func() }

func (h *focusHook) setOnFocus(f func()) { h.onFocus = f }

func (h *focusHook) focused() {
	if h.onFocus != nil {
		h.onFocus()
	}
}

// focusReporter is a control whose gaining the focus can be followed.
type focusReporter interface{ setOnFocus(func()) }

// keyHook lets a control that is not an entry take part in the form's keys: Enter
// saves and Escape cancels, as in every entry of the form (a focused Select, Check or
// Button would swallow both).
type keyHook struct{ onEnter, onEscape func() }

// formKey runs the form's action for Enter or Escape, and reports whether it did.
func (h *keyHook) formKey(k *fyne.KeyEvent) bool {
	switch {
	case k.Name == fyne.KeyEscape && h.onEscape != nil:
		h.onEscape()
	case (k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter) && h.onEnter != nil:
		h.onEnter()
	default:
		return false
	}
	return true
}

// setKeys makes Enter run submit and Escape run escape.
func (h *keyHook) setKeys(submit, escape func()) { h.onEnter, h.onEscape = submit, escape }

// keyed is a control whose Enter and Escape the form can take.
type keyed interface{ setKeys(submit, escape func()) }

// selectField is a Select that reports the focus and takes the form's keys.
type selectField struct {
	widget.Select
	focusHook
	keyHook
}

func newSelectField(options []string, changed func(string)) *selectField {
	s := &selectField{}
	s.Options, s.OnChanged = options, changed
	s.PlaceHolder = i18n.T("(Select one)")
	s.ExtendBaseWidget(s)
	return s
}

func (s *selectField) FocusGained() { s.Select.FocusGained(); s.focused() }

// TypedKey takes Enter and Escape for the form; the Select keeps the others.
func (s *selectField) TypedKey(k *fyne.KeyEvent) {
	if !s.formKey(k) {
		s.Select.TypedKey(k)
	}
}

// checkField is a Check that reports the focus and takes the form's keys.
type checkField struct {
	widget.Check
	focusHook
	keyHook
}

func newCheckField(text string, changed func(bool)) *checkField {
	c := &checkField{}
	c.Text, c.OnChanged = text, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *checkField) FocusGained() { c.Check.FocusGained(); c.focused() }

// TypedKey takes Enter and Escape for the form (Space ticks, as a Check does).
func (c *checkField) TypedKey(k *fyne.KeyEvent) {
	if !c.formKey(k) {
		c.Check.TypedKey(k)
	}
}

// buttonField is a Button inside a scrolling form that reports the focus. Enter
// presses it, as Space does (people expect both); Escape cancels the form.
type buttonField struct {
	widget.Button
	focusHook
	onEscape func()
}

func newButtonField(text string, icon fyne.Resource, tapped func()) *buttonField {
	b := &buttonField{}
	b.Text, b.Icon, b.OnTapped = text, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

func (b *buttonField) FocusGained() { b.Button.FocusGained(); b.focused() }

// TypedKey presses the button on Enter and cancels the form on Escape.
func (b *buttonField) TypedKey(k *fyne.KeyEvent) {
	switch {
	case k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter:
		if !b.Disabled() {
			b.Tapped(nil)
		}
	case k.Name == fyne.KeyEscape && b.onEscape != nil:
		b.onEscape()
	default:
		b.Button.TypedKey(k)
	}
}

// revealOnFocus makes control w scroll sc to area (w with its error and hint under
// it) when it gains the focus. A control that cannot report the focus is left alone.
func revealOnFocus(sc *container.Scroll, w, area fyne.CanvasObject) {
	if r, ok := w.(focusReporter); ok {
		r.setOnFocus(func() { reveal(sc, area, w) })
	}
}

// formScroll scrolls a form vertically. Fyne hands the mouse wheel to the innermost
// scrollable under the pointer, and every Entry holds one: over a field the wheel
// would scroll nothing. A transparent layer over the whole form takes the wheel
// instead (it takes nothing else: taps, hovers and drags pass through).
func formScroll(form fyne.CanvasObject) *container.Scroll {
	layer := &wheelLayer{}
	layer.ExtendBaseWidget(layer)
	sc := container.NewVScroll(container.NewStack(form, layer))
	layer.target = sc
	return sc
}

type wheelLayer struct {
	widget.BaseWidget
	target *container.Scroll
}

func (w *wheelLayer) Scrolled(e *fyne.ScrollEvent) { w.target.Scrolled(e) }

func (w *wheelLayer) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// fitContent makes sc lay its content out again when the content has grown (an error
// shown under a field, a kind with more fields): a Scroll only does so when it is
// itself refreshed or resized, and until then it cannot scroll to what grew.
func fitContent(sc *container.Scroll) {
	if sc == nil || sc.Content == nil {
		return
	}
	if want := max(sc.Content.MinSize().Height, sc.Size().Height); sc.Content.Size().Height != want {
		sc.Refresh()
	}
}

// reveal scrolls sc the least that shows area whole, with a little room around it;
// when area is taller than the view, it shows the top of w.
func reveal(sc *container.Scroll, area, w fyne.CanvasObject) {
	app := fyne.CurrentApp()
	if app == nil || sc.Content == nil || !sc.Visible() {
		return
	}
	fitContent(sc)
	view := sc.Size().Height
	if area == nil || area.Size().Height+2*theme.Padding() > view {
		area = w
	}
	d := app.Driver()
	// Both positions move with the offset, so their difference is the place in the content.
	y := d.AbsolutePositionForObject(area).Y - d.AbsolutePositionForObject(sc.Content).Y
	top, bottom := y-theme.Padding(), y+area.Size().Height+theme.Padding()
	off := sc.Offset
	switch {
	case top < off.Y:
		off.Y = max(top, 0)
	case bottom > off.Y+view:
		off.Y = min(bottom-view, sc.Content.MinSize().Height-view)
	default:
		return
	}
	sc.ScrollToOffset(off)
}
