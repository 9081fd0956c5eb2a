package assets

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"sort"
	"testing"

	"github.com/uptray/uptray/internal/status"
)

var states = map[string]status.Status{"up": status.Up, "degraded": status.Degraded, "down": status.Down, "unknown": status.Unknown}

func decode(t *testing.T, what string, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", what, err)
	}
	return img
}

func TestEverySizeDecodesAtItsSize(t *testing.T) {
	check := func(what string, b []byte, size int) {
		t.Helper()
		if got := decode(t, what, b).Bounds(); got.Dx() != size || got.Dy() != size {
			t.Errorf("%s is %d×%d, want %d×%d", what, got.Dx(), got.Dy(), size, size)
		}
	}
	for name, st := range states {
		for _, size := range IconSizes {
			check(name+" at its size", StateIconAt(st, size), size)
		}
		check(name+".png", StateIcon(st), 64)
		if !bytes.Equal(StateIconAt(st, 64), StateIcon(st)) {
			t.Errorf("%s: the 64 px icon of the set is not %s.png", name, name)
		}
	}
	for _, size := range IconSizes {
		check("app icon at its size", AppIconAt(size), size)
	}
	check("icon.png", AppIcon(), 256)
	// A size between two is served by the next larger; beyond the largest, the largest.
	check("state icon for 18 px", StateIconAt(status.Down, 18), 20)
	check("state icon for 1000 px", StateIconAt(status.Down, 1000), 256)
	check("app icon for 30 px", AppIconAt(30), 32)
	if !bytes.Equal(StateIconAt(status.Offline, 16), StateIconAt(status.Unknown, 16)) ||
		!bytes.Equal(StateIconAt(status.Paused, 16), StateIconAt(status.Unknown, 16)) {
		t.Error("Offline and Paused must show the grey icon at every size")
	}
}

// The app icon is a mark of its own: a launcher or a window never shows what looks
// like "all up".
func TestAppIconIsNotTheUpIcon(t *testing.T) {
	for _, size := range IconSizes {
		app, up := AppIconAt(size), StateIconAt(status.Up, size)
		if bytes.Equal(app, up) {
			t.Fatalf("at %d px the app icon is the up icon, byte for byte", size)
		}
		a, u := decode(t, "app", app), decode(t, "up", up)
		differ := 0
		for y := 0; y < size; y++ {
			for x := 0; x < size; x++ {
				if colourDistance(nrgba(a.At(x, y)), nrgba(u.At(x, y))) > 64 {
					differ++
				}
			}
		}
		if share := float64(differ) / float64(size*size); share < 0.5 {
			t.Errorf("at %d px the app icon differs from the up icon in %.0f%% of its pixels, want most", size, 100*share)
		}
	}
}

// Every glyph stands out from its background by at least WCAG's 3:1 for graphics, at
// the largest size and at the smallest: the amber one with a dark glyph (white on
// amber is about 2:1).
func TestGlyphContrast(t *testing.T) {
	for _, name := range []string{"up", "degraded", "down", "unknown", "app"} {
		for _, size := range []int{16, 256} {
			var b []byte
			if name == "app" {
				b = AppIconAt(size)
			} else {
				b = StateIconAt(states[name], size)
			}
			bg, glyph := twoColours(t, decode(t, name, b))
			ratio := contrast(bg, glyph)
			t.Logf("%-8s %3d px: glyph %v on %v: %.2f:1", name, size, glyph, bg, ratio)
			if ratio < 3 {
				t.Errorf("%s at %d px: glyph %v on %v is %.2f:1, want at least 3:1", name, size, glyph, bg, ratio)
			}
			if name == "degraded" && luminance(glyph) > luminance(bg) {
				t.Errorf("the amber icon's glyph %v is lighter than its background: want a dark glyph", glyph)
			}
		}
	}
}

// twoColours returns the commonest colour among the icon's opaque pixels (its
// background) and the commonest one clearly different from it (its glyph): the
// colours actually drawn, not the ones the generator meant.
func twoColours(t *testing.T, img image.Image) (bg, glyph color.NRGBA) {
	t.Helper()
	count := map[color.NRGBA]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if c := nrgba(img.At(x, y)); c.A == 255 {
				count[c]++
			}
		}
	}
	type entry struct {
		c color.NRGBA
		n int
	}
	var all []entry
	for c, n := range count {
		all = append(all, entry{c, n})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].n > all[j].n })
	if len(all) == 0 {
		t.Fatal("no opaque pixel")
	}
	bg = all[0].c
	for _, e := range all[1:] {
		if colourDistance(e.c, bg) > 100 {
			return bg, e.c
		}
	}
	t.Fatalf("no glyph colour apart from the background %v", bg)
	return
}

func nrgba(c color.Color) color.NRGBA { return color.NRGBAModel.Convert(c).(color.NRGBA) }

func colourDistance(a, b color.NRGBA) float64 {
	return math.Sqrt(sq(float64(a.R)-float64(b.R)) + sq(float64(a.G)-float64(b.G)) + sq(float64(a.B)-float64(b.B)) + sq(float64(a.A)-float64(b.A)))
}

func sq(x float64) float64 { return x * x }

// luminance is WCAG 2's relative luminance of an sRGB colour.
func luminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrast is WCAG 2's contrast ratio, from 1 (none) to 21 (black on white).
func contrast(a, b color.NRGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func TestContrastFormula(t *testing.T) {
	black, white := color.NRGBA{0, 0, 0, 255}, color.NRGBA{255, 255, 255, 255}
	if r := contrast(black, white); math.Abs(r-21) > 0.01 {
		t.Errorf("black on white = %.2f, want 21", r)
	}
	// White on this amber fails: the reason its glyph is dark.
	if r := contrast(white, color.NRGBA{249, 168, 37, 255}); r >= 3 {
		t.Errorf("white on amber = %.2f, expected below 3", r)
	}
}
