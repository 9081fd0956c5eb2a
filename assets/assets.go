// Package assets holds Uptray's icons, drawn by gen_icons.go and embedded here, the
// translations (lang.go) and the vendor catalog.
package assets

import (
	"embed"
	"fmt"

	"github.com/uptray/uptray/internal/status"
)

//go:generate go run gen_icons.go

var (
	//go:embed up.png
	upPNG []byte
	//go:embed degraded.png
	degradedPNG []byte
	//go:embed down.png
	downPNG []byte
	//go:embed unknown.png
	unknownPNG []byte
	//go:embed icon.png
	appPNG []byte

	// icons are every icon drawn at every size in IconSizes: icons/<name>-<px>.png.
	//go:embed icons/*.png
	icons embed.FS
)

// IconSizes are the sizes, in pixels, every icon is drawn at (not scaled): the tray's
// at 100–250 % display scaling, the desktop theme's, up to the 256 an ICO holds.
var IconSizes = []int{16, 20, 22, 24, 32, 40, 48, 64, 128, 256}

// StateIcon returns the 64×64 PNG tray icon for an overall state: green tick for Up,
// amber exclamation mark for Degraded, red cross for Down, grey dash for everything
// else (Offline, Paused, Unknown). Callers must not modify the bytes.
func StateIcon(s status.Status) []byte {
	switch s {
	case status.Up:
		return upPNG
	case status.Degraded:
		return degradedPNG
	case status.Down:
		return downPNG
	}
	return unknownPNG
}

// StateIconAt returns a state's icon drawn at the smallest of IconSizes that is at
// least px (the largest when px is bigger than all): a tray asks for the pixels its
// panel shows, and a smaller icon drawn for its size is crisper than a large one
// shrunk by the desktop.
func StateIconAt(s status.Status, px int) []byte {
	name := "unknown"
	switch s {
	case status.Up:
		name = "up"
	case status.Degraded:
		name = "degraded"
	case status.Down:
		name = "down"
	}
	return sized(name, px)
}

// AppIcon is the 256×256 application icon (windows, launcher, packages): a blue
// rounded square with a pulse line, unlike any state icon.
func AppIcon() []byte { return appPNG }

// AppIconAt is the application icon drawn at a size, chosen as StateIconAt does.
func AppIconAt(px int) []byte { return sized("app", px) }

func sized(name string, px int) []byte {
	size := IconSizes[len(IconSizes)-1]
	for _, s := range IconSizes {
		if s >= px {
			size = s
			break
		}
	}
	b, err := icons.ReadFile(fmt.Sprintf("icons/%s-%d.png", name, size))
	if err != nil {
		panic(err) // every name and size is embedded: TestEverySizeDecodesAtItsSize holds them to it
	}
	return b
}
