package ui

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/assets"
	"github.com/uptray/uptray/internal/i18n"
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

// TypedShortcut gives the window the shortcuts an Entry does not know (Ctrl+Tab to
// the next tab): Fyne hands a shortcut to the focused Entry alone, which drops them.
func (f *field) TypedShortcut(sc fyne.Shortcut) {
	if _, custom := sc.(*desktop.CustomShortcut); custom {
		if c := fyne.CurrentApp().Driver().CanvasForObject(f); c != nil {
			if sh, ok := c.(fyne.Shortcutable); ok {
				sh.TypedShortcut(sc)
				return
			}
		}
	}
	f.Entry.TypedShortcut(sc)
}

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

// statusImportance is how loud a status's words are shown.
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

// stateIcon is the tray's icon for a status as a resource: a shape (tick, "!", cross,
// dash) in its colour, so a status reads without telling red from green. It is the
// icon drawn for px pixels (assets.StateIconAt: hinted strokes at small sizes), for a
// mark shown at px/2 points, so that it stays crisp on a 2× screen. The name ("down-32.png")
// tells the icons apart.
func stateIcon(st status.Status, px int) fyne.Resource {
	return fyne.NewStaticResource(fmt.Sprintf("%s-%d.png", iconName(st), px), assets.StateIconAt(st, px)) // i18n:ignore a resource name
}

// iconName names the icon of st: "up", "degraded", "down", "unknown".
func iconName(st status.Status) string {
	switch st {
	case status.Up, status.Degraded, status.Down:
		return strings.ToLower(st.String())
	}
	return "unknown" // i18n:ignore a resource name
}

// markPx is the pixel size of a row's state mark (16 points, twice for 2× screens).
const markPx = 32

// stateMark is a row's status mark: the state's shape and colour at text size, next
// to its word in the row.
func newStateMark() *canvas.Image {
	img := canvas.NewImageFromResource(stateIcon(status.Unknown, markPx))
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScaleSmooth
	return img
}

// setStateMark shows st in a mark made by newStateMark.
func setStateMark(img *canvas.Image, st status.Status) {
	res := stateIcon(st, markPx)
	if img.Resource != nil && img.Resource.Name() == res.Name() {
		return
	}
	img.Resource = res
	img.Refresh()
}

// dotLayout centres a small square (the state mark) in its cell.
type dotLayout struct{ size float32 }

func (d dotLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(fyne.NewSize(d.size, d.size))
		o.Move(fyne.NewPos((size.Width-d.size)/2, (size.Height-d.size)/2))
	}
}

func (d dotLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(d.size+4, d.size) }

// columns lays cells out in a row: a column with a fixed width keeps it, the others
// share what is left by weight. The list and its header use the same one.
type columns struct {
	fixed   []float32 // 0 = flexible
	weights []float32
}

// serviceColumns: state mark, name, state, type, address, group.
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

// wrapAt lays out wrapped text at width w: its height is measured at that width, not
// at whatever width it had before the first layout.
func wrapAt(w float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(wrapLayout{w: w}, o)
}

type wrapLayout struct{ w float32 }

func (l wrapLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l wrapLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if o.Size().Width < l.w {
			o.Resize(fyne.NewSize(l.w, o.MinSize().Height))
		}
		s = s.Max(fyne.NewSize(l.w, o.MinSize().Height))
	}
	return s
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
var lockIcon = theme.NewThemedResource(fyne.NewStaticResource("lock.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000000" d="M18 8h-1V6c0-2.76-2.24-5-5-5S7 3.24 7 6v2H6c-1.1 0-2 .9-2 2v10c0 1.1.9 2 2 2h12c1.1 0 2-.9 2-2V10c0-1.1-.9-2-2-2zm-6 9c-1.1 0-2-.9-2-2s.9-2 2-2 2 .9 2 2-.9 2-2 2zm3.1-9H8.9V6c0-1.71 1.39-3.1 3.1-3.1 1.71 0 3.1 1.39 3.1 3.1v2z"/></svg>`))) // i18n:ignore an SVG drawing, not words

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

// keyButton is a button that also answers Escape (onEscape: close what it is in) and
// Enter (as Space does): Fyne's button takes only Space, and a focused button gets
// every key, so without this Escape would do nothing once Tab reached a button.
type keyButton struct {
	widget.Button
	onEscape func()
	hasFocus bool // drawn as an outline (theme.go)
}

func newKeyButton(text string, icon fyne.Resource, tapped func()) *keyButton {
	b := &keyButton{}
	b.Text, b.Icon, b.OnTapped = text, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey closes on Escape, presses on Enter, and otherwise does what a button does.
func (b *keyButton) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape:
		if b.onEscape != nil {
			b.onEscape()
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(nil)
	default:
		b.Button.TypedKey(k)
	}
}

// choice is one button of an ask dialog.
type choice struct {
	text       string
	icon       fyne.Resource
	importance widget.Importance
	action     func() // after the dialog is hidden; nil: only close
	dismiss    bool   // the "no" of the dialog: Escape chooses it, and it has the focus first
}

// dismissLast says whether the platform puts the dismissing button after the others:
// Windows writes "OK  Cancel", macOS and the Linux desktops "Cancel  OK".
func dismissLast() bool { return runtime.GOOS == "windows" }

// askDialog is a dialog with content and buttons in the platform's order, without
// the large icon Fyne's confirm dialog draws behind its text. Escape chooses the
// dismissing button (from any button, and through Settings.typedKey when nothing has
// the focus); the dismissing button has the focus first, so a stray Enter destroys
// nothing.
func askDialog(title string, content fyne.CanvasObject, parent fyne.Window, choices ...choice) (*dialog.CustomDialog, *keyButton) {
	d := dialog.NewCustomWithoutButtons(title, content, parent)
	var buttons []fyne.CanvasObject
	var dismissBtn *keyButton
	dismiss := func() {}
	for _, c := range choices {
		if c.dismiss {
			act := c.action
			dismiss = func() {
				d.Hide()
				if act != nil {
					act()
				}
			}
		}
	}
	for _, c := range choices {
		act := c.action
		b := newKeyButton(c.text, c.icon, func() {
			d.Hide()
			if act != nil {
				act()
			}
		})
		b.Importance = c.importance
		b.onEscape = dismiss
		if c.dismiss {
			dismissBtn = b
		} else {
			buttons = append(buttons, b)
		}
	}
	if dismissBtn != nil {
		if dismissLast() {
			buttons = append(buttons, dismissBtn)
		} else {
			buttons = append([]fyne.CanvasObject{dismissBtn}, buttons...)
		}
	}
	d.SetButtons(buttons)
	return d, dismissBtn
}

// editOrView words a list's Edit button for the selection: View for what the
// organisation set (it opens read-only), Edit otherwise.
func editOrView(b *widget.Button, locked bool) {
	if locked {
		b.SetText(i18n.T("View"))
		b.SetIcon(theme.VisibilityIcon())
		return
	}
	b.SetText(i18n.T("Edit"))
	b.SetIcon(theme.DocumentCreateIcon())
}
