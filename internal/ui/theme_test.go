package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// luminance is WCAG's relative luminance of c.
func luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(n.R) + 0.7152*lin(n.G) + 0.0722*lin(n.B)
}

// contrast is WCAG's contrast ratio of a and b (1 to 21).
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// The focus outline stands out (3:1, WCAG's non-text contrast) against the window's
// background and against every kind of button, in both variants.
func TestFocusColourContrast(t *testing.T) {
	th := Theme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		ring := focusRingColor(v)
		for _, n := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameButton, theme.ColorNamePrimary} {
			if c := contrast(ring, th.Color(n, v)); c < 3 {
				t.Errorf("variant %d: focus outline on %s: contrast %.2f < 3", v, n, c)
			}
		}
	}
}

// The states' coloured words read on the background (4.5:1, WCAG AA for text).
func TestStateColoursReadOnTheBackground(t *testing.T) {
	th := Theme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		for _, n := range []fyne.ThemeColorName{theme.ColorNameSuccess, theme.ColorNameWarning, theme.ColorNameError} {
			if c := contrast(th.Color(n, v), th.Color(theme.ColorNameBackground, v)); c < 4.5 {
				t.Errorf("variant %d: %s text on the background: contrast %.2f < 4.5", v, n, c)
			}
		}
	}
}

// Tabbing to a button draws the outline around it: the rendered pixels just outside
// the button change from the background to the outline's colour.
func TestFocusedButtonIsOutlined(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(Theme())
	for _, imp := range []widget.Importance{widget.MediumImportance, widget.HighImportance} {
		first := widget.NewButton("First", func() {})
		b := widget.NewButton("Second", func() {})
		b.Importance = imp
		ring := withFocusRing(container.NewVBox(first, container.NewHBox(b)))
		w := test.NewTempWindow(t, container.NewPadded(ring))
		w.Resize(fyne.NewSize(300, 200))

		edge := func() color.Color {
			ring.place()
			img := w.Canvas().Capture()
			pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
			scale := float32(img.Bounds().Dx()) / w.Canvas().Size().Width
			// Left of the middle of the button's left side, where the outline runs: the
			// pixel that differs most from the background.
			bg := fyne.CurrentApp().Settings().Theme().Color(theme.ColorNameBackground, fyne.CurrentApp().Settings().ThemeVariant())
			y := int((pos.Y + b.Size().Height/2) * scale)
			var best color.Color = bg
			for x := int((pos.X - ringGap - ringWidth - 1) * scale); x < int(pos.X*scale); x++ {
				if c := img.At(x, y); contrast(c, bg) > contrast(best, bg) {
					best = c
				}
			}
			return best
		}
		before := edge()
		w.Canvas().Focus(b)
		after := edge()
		if c := contrast(before, after); c < 3 {
			t.Errorf("importance %d: the focused button's edge changes from %v to %v, contrast %.2f < 3", imp, before, after, c)
		}
		w.Canvas().Focus(first)
		if again := edge(); contrast(again, before) > 1.1 {
			t.Errorf("importance %d: the outline stayed after the focus moved on (%v)", imp, again)
		}
	}
}

// A dialog's buttons outline themselves (a dialog is drawn above the window's outline).
func TestDialogButtonIsOutlined(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	fyne.CurrentApp().Settings().SetTheme(Theme())
	h.selectService("Intranet")
	test.Tap(h.s.list.remove)
	if h.w.Canvas().Focused() == nil {
		t.Fatal("nothing has the focus in the dialog")
	}
	r := test.WidgetRenderer(h.dialogKeyButton("Keep")).(*keyButtonRenderer)
	if r.ring.Hidden {
		t.Error("the focused Keep button has no outline")
	}
	rr := test.WidgetRenderer(h.dialogKeyButton("Remove")).(*keyButtonRenderer)
	if !rr.ring.Hidden {
		t.Error("the unfocused Remove button has an outline")
	}
}
