//go:build ignore

// gen_icons draws Uptray's state icons as PNG (Linux trays show SVG icons blank).
// Each state differs in colour AND shape, so it reads on monochrome trays and for
// colour-blind people: a tick (all up), an exclamation mark (degraded), a cross
// (down), a dash (offline, paused, unknown). Run: go generate ./assets
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

type seg struct{ x1, y1, x2, y2 float64 } // in a 0..1 square

type icon struct {
	name   string
	colour color.NRGBA
	glyph  []seg
	width  float64 // stroke width, fraction of the icon
}

var icons = []icon{
	{"up", color.NRGBA{46, 125, 50, 255}, []seg{{0.28, 0.52, 0.44, 0.68}, {0.44, 0.68, 0.73, 0.36}}, 0.11},
	{"degraded", color.NRGBA{249, 168, 37, 255}, []seg{{0.5, 0.26, 0.5, 0.56}, {0.5, 0.73, 0.5, 0.735}}, 0.12},
	{"down", color.NRGBA{198, 40, 40, 255}, []seg{{0.33, 0.33, 0.67, 0.67}, {0.67, 0.33, 0.33, 0.67}}, 0.11},
	{"unknown", color.NRGBA{117, 117, 117, 255}, []seg{{0.3, 0.5, 0.7, 0.5}}, 0.12},
}

func main() {
	for _, ic := range icons {
		write(ic.name+".png", draw(ic, 64))
	}
	// The app icon (window, package, launcher) is the "all up" one; the smaller sizes
	// are for the desktop's hicolor theme in the Linux package.
	write("icon.png", draw(icons[0], 256))
	for _, size := range []int{48, 64, 128} {
		write(fmt.Sprintf("icon-%d.png", size), draw(icons[0], size))
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

// draw renders a filled disc with a white glyph, 4×4 supersampled for smooth edges.
func draw(ic icon, size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const ss = 4
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var disc, glyph float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) / float64(size)
					y := (float64(py) + (float64(sy)+0.5)/ss) / float64(size)
					if math.Hypot(x-0.5, y-0.5) <= 0.47 {
						disc++
						if onGlyph(ic, x, y) {
							glyph++
						}
					}
				}
			}
			if disc == 0 {
				continue
			}
			g := glyph / disc // share of the covered area that is white
			mix := func(c uint8) uint8 { return uint8(float64(c)*(1-g) + 255*g + 0.5) }
			img.SetNRGBA(px, py, color.NRGBA{mix(ic.colour.R), mix(ic.colour.G), mix(ic.colour.B), uint8(255 * disc / (ss * ss))})
		}
	}
	return img
}

func onGlyph(ic icon, x, y float64) bool {
	for _, s := range ic.glyph {
		if distToSegment(x, y, s) <= ic.width/2 {
			return true
		}
	}
	return false
}

func distToSegment(x, y float64, s seg) float64 {
	dx, dy := s.x2-s.x1, s.y2-s.y1
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((x-s.x1)*dx+(y-s.y1)*dy)/l))
	}
	return math.Hypot(x-(s.x1+t*dx), y-(s.y1+t*dy))
}
