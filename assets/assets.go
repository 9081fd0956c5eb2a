// Package assets holds Uptray's icons, drawn by gen_icons.go and embedded here.
package assets

import (
	_ "embed"

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
)

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

// AppIcon is the 256×256 application icon (windows, launcher, packages).
func AppIcon() []byte { return appPNG }
