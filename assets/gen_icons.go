//go:build ignore

// gen_icons draws Uptray's icons as PNG (Linux trays show SVG icons blank), each size
// drawn at that size rather than scaled from a big one, so a 16 px tray icon has
// strokes on whole pixels instead of a blur.
//
// The state icons differ in colour AND shape, so they read on monochrome trays and
// for colour-blind people: a tick (all up), an exclamation mark (degraded), a cross
// (down), a dash (offline, paused, unknown). The glyph contrasts with its disc by at
// least 3:1 (WCAG's figure for graphics): white on green, red and grey, dark on amber,
// where white would reach only 2:1 (assets/icons_test.go measures it).
//
// The app icon (windows, launcher, packages) is a mark of its own, a blue rounded
// square with a pulse line, so that it is never mistaken for the "all up" state.
//
// Run: go generate ./assets
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

// sizes are drawn for every icon: tray sizes at 100–250 % scaling (16, 20, 24, 32,
// 40), the hicolor theme's (22, 48, 64, 128) and the largest an ICO holds (256).
var sizes = []int{16, 20, 22, 24, 32, 40, 48, 64, 128, 256}

type pt struct{ x, y float64 } // in a 0..1 square

type icon struct {
	name   string
	shape  func(x, y float64) bool // the background: a disc or a rounded square
	colour color.NRGBA
	ink    color.NRGBA // the glyph's colour
	glyph  [][]pt      // polylines
	width  float64     // stroke width, fraction of the icon
}

var (
	white = color.NRGBA{255, 255, 255, 255}
	dark  = color.NRGBA{33, 33, 33, 255} // #212121: 8:1 on the amber
)

func disc(x, y float64) bool { return math.Hypot(x-0.5, y-0.5) <= 0.47 }

// roundedSquare is the app icon's tile: a square with corners of radius 0.2.
func roundedSquare(x, y float64) bool {
	const lo, hi, r = 0.04, 0.96, 0.2
	cx, cy := math.Max(lo+r, math.Min(hi-r, x)), math.Max(lo+r, math.Min(hi-r, y))
	return x >= lo && x <= hi && y >= lo && y <= hi && math.Hypot(x-cx, y-cy) <= r
}

var states = []icon{
	{"up", disc, color.NRGBA{46, 125, 50, 255}, white, [][]pt{{{0.28, 0.52}, {0.44, 0.68}, {0.73, 0.36}}}, 0.11},
	{"degraded", disc, color.NRGBA{249, 168, 37, 255}, dark, [][]pt{{{0.5, 0.25}, {0.5, 0.56}}, {{0.5, 0.73}, {0.5, 0.735}}}, 0.12},
	{"down", disc, color.NRGBA{198, 40, 40, 255}, white, [][]pt{{{0.33, 0.33}, {0.67, 0.67}}, {{0.67, 0.33}, {0.33, 0.67}}}, 0.11},
	{"unknown", disc, color.NRGBA{117, 117, 117, 255}, white, [][]pt{{{0.3, 0.5}, {0.7, 0.5}}}, 0.12},
}

var app = icon{"app", roundedSquare, color.NRGBA{21, 101, 192, 255}, white,
	[][]pt{{{0.14, 0.55}, {0.36, 0.55}, {0.45, 0.28}, {0.57, 0.76}, {0.65, 0.55}, {0.86, 0.55}}}, 0.085}

func main() {
	if err := os.MkdirAll("icons", 0o755); err != nil {
		log.Fatal(err)
	}
	for _, ic := range append(states, app) {
		for _, size := range sizes {
			write(fmt.Sprintf("icons/%s-%d.png", ic.name, size), draw(ic, size))
		}
	}
	// The names other places know: the README's table, FyneApp.toml's icon (256) and
	// the Linux package's hicolor icons.
	for _, ic := range states {
		write(ic.name+".png", draw(ic, 64))
	}
	write("icon.png", draw(app, 256))
	for _, size := range []int{48, 64, 128} {
		write(fmt.Sprintf("icon-%d.png", size), draw(app, size))
	}
}

func write(name string, img image.Image) {
	f, err := os.Create(name)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		log.Fatal(err)
	}
}

// draw renders the icon at size px, supersampled for smooth edges. Small sizes are
// hinted: the stroke is at least 2 px (1.5 px lines vanish into grey), a whole number
// of pixels, and the glyph's points sit on the pixel grid so that straight strokes
// cover whole pixels.
func draw(ic icon, size int) *image.NRGBA {
	px := float64(size)
	stroke := math.Max(2, math.Round(ic.width*px))
	snap := func(v float64) float64 {
		if int(stroke)%2 == 1 {
			return (math.Floor(v*px) + 0.5) / px // odd: on a pixel's centre
		}
		return math.Round(v*px) / px // even: on a pixel's edge
	}
	glyph := make([][]pt, len(ic.glyph))
	for i, line := range ic.glyph {
		for _, p := range line {
			glyph[i] = append(glyph[i], pt{snap(p.x), snap(p.y)})
		}
	}
	half := stroke / 2 / px
	onGlyph := func(x, y float64) bool {
		for _, line := range glyph {
			for i := 0; i+1 < len(line); i++ {
				if distToSegment(x, y, line[i], line[i+1]) <= half {
					return true
				}
			}
		}
		return false
	}

	ss := 4
	if size <= 32 {
		ss = 8 // a small icon's edge pixels are a large share of it
	}
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for py := 0; py < size; py++ {
		for pxl := 0; pxl < size; pxl++ {
			var bg, fg float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(pxl) + (float64(sx)+0.5)/float64(ss)) / px
					y := (float64(py) + (float64(sy)+0.5)/float64(ss)) / px
					if ic.shape(x, y) {
						bg++
						if onGlyph(x, y) {
							fg++
						}
					}
				}
			}
			if bg == 0 {
				continue
			}
			g := fg / bg // share of the covered area that is glyph
			mix := func(c, ink uint8) uint8 { return uint8(float64(c)*(1-g) + float64(ink)*g + 0.5) }
			img.SetNRGBA(pxl, py, color.NRGBA{mix(ic.colour.R, ic.ink.R), mix(ic.colour.G, ic.ink.G),
				mix(ic.colour.B, ic.ink.B), uint8(255*bg/float64(ss*ss) + 0.5)})
		}
	}
	return img
}

func distToSegment(x, y float64, a, b pt) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((x-a.x)*dx+(y-a.y)*dy)/l))
	}
	return math.Hypot(x-(a.x+t*dx), y-(a.y+t*dy))
}
