package ui

import (
	"errors"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/status"
)

func asErrors(err error, es any) bool { return errors.As(err, es) }

func newTicker() *time.Ticker { return time.NewTicker(2 * time.Second) }

// field is a one-line Entry that also reports Escape, which a plain Entry swallows.
type field struct {
	widget.Entry
	focusHook
	onEscape func()
}

func newField(placeholder string) *field {
	f := &field{}
	f.ExtendBaseWidget(f)
	f.PlaceHolder = placeholder
	return f
}

// TypedKey cancels on Escape and otherwise types as an Entry does.
func (f *field) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && f.onEscape != nil {
		f.onEscape()
		return
	}
	f.Entry.TypedKey(k)
}

func (f *field) FocusGained() { f.Entry.FocusGained(); f.focused() }

// errorLabel is the hint under a field that says, in words, what is wrong with it.
func errorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

func setError(l *widget.Label, msg string) {
	if msg == "" {
		l.Hide()
		l.SetText("")
		return
	}
	l.SetText(msg)
	l.Show()
}

// statusColor is the colour of a status dot, from the current theme.
func statusColor(st status.Status) color.Color {
	switch st {
	case status.Up:
		return theme.Color(theme.ColorNameSuccess)
	case status.Degraded:
		return theme.Color(theme.ColorNameWarning)
	case status.Down:
		return theme.Color(theme.ColorNameError)
	}
	return theme.Color(theme.ColorNameDisabled)
}

func statusImportance(st status.Status) widget.Importance {
	switch st {
	case status.Up:
		return widget.SuccessImportance
	case status.Degraded:
		return widget.WarningImportance
	case status.Down:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// dotLayout centres a small circle in its cell.
type dotLayout struct{ size float32 }

func (d dotLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(fyne.NewSize(d.size, d.size))
		o.Move(fyne.NewPos((size.Width-d.size)/2, (size.Height-d.size)/2))
	}
}

func (d dotLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(d.size+4, d.size) }

func newDot() *canvas.Circle { return canvas.NewCircle(theme.Color(theme.ColorNameDisabled)) }

// columns lays cells out in a row: a column with a fixed width keeps it, the others
// share what is left by weight. The list and its header use the same one.
type columns struct {
	fixed   []float32 // 0 = flexible
	weights []float32
}

// serviceColumns: dot, name, state, type, address, group.
var serviceColumns = &columns{
	fixed:   []float32{20, 0, 0, 92, 0, 0},
	weights: []float32{0, 3, 3, 0, 3.5, 2},
}

func (c *columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	free := size.Width - pad*float32(len(objs)-1)
	var total float32
	for i := range objs {
		free -= c.fixed[i]
		total += c.weights[i]
	}
	x := float32(0)
	for i, o := range objs {
		w := c.fixed[i]
		if w == 0 && total > 0 {
			w = free * c.weights[i] / total
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

func (c *columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, o := range objs {
		m := o.MinSize()
		h = max(h, m.Height)
		w += c.fixed[i] + theme.Padding()
	}
	return fyne.NewSize(w+120, h)
}

// maxWidth centres its content and keeps it no wider than w.
type maxWidth struct{ w float32 }

func (m maxWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := min(size.Width, m.w)
	for _, o := range objs {
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
		o.Resize(fyne.NewSize(w, size.Height))
	}
}

func (m maxWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// lockIcon is Material Design's "lock" (Apache 2.0), drawn in the theme's colour.
var lockIcon = theme.NewThemedResource(fyne.NewStaticResource("lock.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000000" d="M18 8h-1V6c0-2.76-2.24-5-5-5S7 3.24 7 6v2H6c-1.1 0-2 .9-2 2v10c0 1.1.9 2 2 2h12c1.1 0 2-.9 2-2V10c0-1.1-.9-2-2-2zm-6 9c-1.1 0-2-.9-2-2s.9-2 2-2 2 .9 2 2-.9 2-2 2zm3.1-9H8.9V6c0-1.71 1.39-3.1 3.1-3.1 1.71 0 3.1 1.39 3.1 3.1v2z"/></svg>`)))

// hintText is a small grey explanation under a field.
func hintText(text string) *widget.RichText {
	rt := widget.NewRichText(&widget.TextSegment{Text: text, Style: widget.RichTextStyle{
		ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameCaptionText}})
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// choiceField is a SelectEntry (pick one or type a new one) that also reports Escape,
// which its Entry would otherwise swallow.
type choiceField struct {
	widget.SelectEntry
	focusHook
	onEscape func()
}

func newChoiceField(options []string) *choiceField {
	c := &choiceField{}
	c.ExtendBaseWidget(c)
	c.SetOptions(options)
	return c
}

// TypedKey cancels on Escape and otherwise types as a SelectEntry does.
func (c *choiceField) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && c.onEscape != nil {
		c.onEscape()
		return
	}
	c.SelectEntry.TypedKey(k)
}

func (c *choiceField) FocusGained() { c.SelectEntry.FocusGained(); c.focused() }
