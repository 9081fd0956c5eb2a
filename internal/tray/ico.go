package tray

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image/png"
	"runtime"

	"github.com/uptray/uptray/assets"
	"github.com/uptray/uptray/internal/status"
)

// trayIcon is the icon bytes fyne.io/systray wants for a state on this OS.
func trayIcon(s status.Status) []byte { return trayIconFor(runtime.GOOS, s) }

// windowsTraySizes are the sizes of a notification-area icon at 100, 125, 150, 200
// and 250 % display scaling (SM_CXSMICON), then 48 and 64 for the larger views:
// Windows picks the one that fits, each drawn for its size.
var windowsTraySizes = []int{16, 20, 24, 32, 40, 48, 64}

// trayIconFor is trayIcon on goos. Linux: one 64 px PNG, which systray turns into the
// SNI IconPixmap (it sends one pixmap; the panel scales it to its 16–48 px). macOS:
// the same PNG (NSImage reads PNG; the menu bar fits it to its height). Windows: an
// ICO file with every size, as systray loads the icon with LoadImage(IMAGE_ICON,
// LR_LOADFROMFILE), which reads nothing else.
func trayIconFor(goos string, s status.Status) []byte {
	if goos != "windows" {
		return assets.StateIcon(s)
	}
	pngs := make([][]byte, len(windowsTraySizes))
	for i, size := range windowsTraySizes {
		pngs[i] = assets.StateIconAt(s, size)
	}
	ico, err := icoFromPNGs(pngs...)
	if err != nil {
		return assets.StateIcon(s) // cannot happen with the embedded icons (a test holds them to it)
	}
	return ico
}

// icoFromPNGs wraps PNG images in an ICO container, one directory entry each, the
// PNG bytes stored as they are (Windows Vista and later read PNG-compressed icons).
// Give several sizes (16–256 px) and Windows picks the one that fits the screen.
func icoFromPNGs(pngs ...[]byte) ([]byte, error) {
	if len(pngs) == 0 {
		return nil, errors.New("ico: no image") // i18n:ignore a programming error, never shown
	}
	const dirSize, entrySize = 6, 16
	var head, body bytes.Buffer
	le := binary.LittleEndian
	head.Write(le.AppendUint16(nil, 0))                 // reserved
	head.Write(le.AppendUint16(nil, 1))                 // type: icon
	head.Write(le.AppendUint16(nil, uint16(len(pngs)))) // count
	offset := dirSize + entrySize*len(pngs)
	for i, p := range pngs {
		cfg, err := png.DecodeConfig(bytes.NewReader(p))
		if err != nil {
			return nil, fmt.Errorf("ico: image %d: %w", i, err) // i18n:ignore as above
		}
		if cfg.Width > 256 || cfg.Height > 256 {
			return nil, fmt.Errorf("ico: image %d is %d×%d, at most 256×256 fits", i, cfg.Width, cfg.Height) // i18n:ignore as above
		}
		head.WriteByte(byte(cfg.Width)) // 256 is written as 0
		head.WriteByte(byte(cfg.Height))
		head.WriteByte(0)                    // palette size: none
		head.WriteByte(0)                    // reserved
		head.Write(le.AppendUint16(nil, 1))  // colour planes
		head.Write(le.AppendUint16(nil, 32)) // bits per pixel
		head.Write(le.AppendUint32(nil, uint32(len(p))))
		head.Write(le.AppendUint32(nil, uint32(offset+body.Len())))
		body.Write(p)
	}
	return append(head.Bytes(), body.Bytes()...), nil
}
