package tray

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/png"
	"runtime"
	"testing"

	"github.com/uptray/uptray/assets"
	"github.com/uptray/uptray/internal/status"
)

// readICO parses an ICO file's directory and returns each entry's width, height and
// image bytes, checking what Windows' loader checks.
func readICO(t *testing.T, ico []byte) (sizes [][2]int, images [][]byte) {
	t.Helper()
	le := binary.LittleEndian
	if len(ico) < 6 || le.Uint16(ico[0:]) != 0 || le.Uint16(ico[2:]) != 1 {
		t.Fatalf("not an ICO header: % x", ico[:min(6, len(ico))])
	}
	n := int(le.Uint16(ico[4:]))
	for i := range n {
		e := ico[6+16*i : 6+16*(i+1)]
		w, h := int(e[0]), int(e[1])
		if w == 0 {
			w = 256
		}
		if h == 0 {
			h = 256
		}
		if planes, bpp := le.Uint16(e[4:]), le.Uint16(e[6:]); planes != 1 || bpp != 32 {
			t.Errorf("entry %d: %d planes, %d bpp; want 1, 32", i, planes, bpp)
		}
		size, off := int(le.Uint32(e[8:])), int(le.Uint32(e[12:]))
		if off+size > len(ico) {
			t.Fatalf("entry %d: %d bytes at %d, past the end (%d)", i, size, off, len(ico))
		}
		sizes = append(sizes, [2]int{w, h})
		images = append(images, ico[off:off+size])
	}
	return sizes, images
}

func TestICOWrapsThePNGs(t *testing.T) {
	big := encodePNG(t, 256)
	ico, err := icoFromPNGs(assets.StateIcon(status.Down), big)
	if err != nil {
		t.Fatal(err)
	}
	sizes, images := readICO(t, ico)
	if len(sizes) != 2 || sizes[0] != [2]int{64, 64} || sizes[1] != [2]int{256, 256} {
		t.Fatalf("entries %v, want 64×64 and 256×256", sizes)
	}
	if !bytes.Equal(images[0], assets.StateIcon(status.Down)) || !bytes.Equal(images[1], big) {
		t.Fatal("the PNGs are not stored as they are")
	}
	if _, err := png.Decode(bytes.NewReader(images[0])); err != nil {
		t.Fatalf("the stored image does not decode: %v", err)
	}
}

func TestICORefusesWhatItCannotHold(t *testing.T) {
	if _, err := icoFromPNGs(); err == nil {
		t.Error("no image: no error")
	}
	if _, err := icoFromPNGs([]byte("GIF89a")); err == nil {
		t.Error("not a PNG: no error")
	}
	if _, err := icoFromPNGs(encodePNG(t, 257)); err == nil {
		t.Error("257 px: no error")
	}
}

func TestTrayIconForThisOS(t *testing.T) {
	for _, st := range []status.Status{status.Up, status.Degraded, status.Down, status.Unknown, status.Offline, status.Paused} {
		if !bytes.Equal(trayIcon(st), trayIconFor(runtime.GOOS, st)) {
			t.Errorf("%v: trayIcon is not this OS's", st)
		}
		// Windows: every size, each the PNG drawn for it, so the tray is crisp at any
		// display scaling.
		_, images := readICO(t, trayIconFor("windows", st))
		if len(images) != len(windowsTraySizes) {
			t.Fatalf("%v: the ICO holds %d images, want %d", st, len(images), len(windowsTraySizes))
		}
		for i, size := range windowsTraySizes {
			cfg, err := png.DecodeConfig(bytes.NewReader(images[i]))
			if err != nil || cfg.Width != size || !bytes.Equal(images[i], assets.StateIconAt(st, size)) {
				t.Errorf("%v: ICO image %d is %d px (%v), want the %d px PNG", st, i, cfg.Width, err, size)
			}
		}
		// Linux and macOS: the 64 px PNG.
		for _, goos := range []string{"linux", "darwin", "freebsd"} {
			if !bytes.Equal(trayIconFor(goos, st), assets.StateIcon(st)) {
				t.Errorf("%v on %s: not the state's 64 px PNG", st, goos)
			}
		}
	}
}

func encodePNG(t *testing.T, size int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewNRGBA(image.Rect(0, 0, size, size))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
