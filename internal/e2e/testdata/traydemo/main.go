// Command traydemo is a stand-in for Uptray's tray, used only by the E2E
// harness self test (TestHarnessReadsFyneTray): a real Fyne 2.7 tray with the
// same kinds of menu items (disabled summary, separators, "—" and "…" in
// labels, a submenu, an explicit Quit), a PNG icon in the app's green that
// turns red, a tooltip, and a beeep notification. It lets the harness's tray
// reader be proved against real fyne.io/systray output independently of the
// app. It lives under testdata so `go build ./...` and `go vet ./...` skip it;
// the test builds it by file name.
package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/systray"
	"github.com/gen2brain/beeep"
)

// disc draws a 32x32 disc with an anti-aliased (half-transparent) rim, like a
// real icon, so the reader's handling of partial alpha is exercised.
func disc(c color.NRGBA) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 32, 32))
	for y := 0; y < 32; y++ {
		for x := 0; x < 32; x++ {
			d := (x-16)*(x-16) + (y-16)*(y-16)
			switch {
			case d < 12*12:
				img.Set(x, y, c)
			case d < 14*14:
				img.Set(x, y, color.NRGBA{c.R, c.G, c.B, 128})
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		log.Fatal(err)
	}
	return b.Bytes()
}

func main() {
	beeep.AppName = "Uptray"
	a := app.NewWithID("io.uptray.traydemo")
	d, ok := a.(desktop.App)
	if !ok {
		log.Fatal("no desktop.App: no tray")
	}
	green := disc(color.NRGBA{46, 125, 50, 255})
	red := disc(color.NRGBA{198, 40, 40, 255})
	d.SetSystemTrayIcon(fyne.NewStaticResource("green.png", green))

	summary := fyne.NewMenuItem("All 4 services up", nil)
	summary.Disabled = true
	var menu *fyne.Menu
	check := fyne.NewMenuItem("Check all now", func() {
		// What the app does when a service goes down: icon, tooltip, menu, notification.
		d.SetSystemTrayIcon(fyne.NewStaticResource("red.png", red))
		systray.SetTooltip("Uptray — 1 of 4 down: A")
		summary.Label = "1 of 4 down"
		menu.Items[2].Label = "A — Down: HTTP 503 (want 200)"
		menu.Refresh() // keep one *fyne.Menu and refresh it (TESTING.md quirk)
		go func() {
			if err := beeep.Notify("A is down", "HTTP 503 (want 200)", red); err != nil {
				log.Printf("notify: %v", err)
			}
		}()
	})
	pause := fyne.NewMenuItem("Pause notifications", nil)
	pause.ChildMenu = fyne.NewMenu("",
		fyne.NewMenuItem("For 1 hour", func() { log.Print("clicked: For 1 hour") }),
		fyne.NewMenuItem("Until tomorrow", nil),
		fyne.NewMenuItem("Until resumed", nil))
	quit := fyne.NewMenuItem("Quit", a.Quit)
	quit.IsQuit = true
	menu = fyne.NewMenu("Uptray",
		summary,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("A — Up, 3 ms", nil),
		fyne.NewMenuItemSeparator(),
		check, pause, fyne.NewMenuItem("Settings…", nil),
		fyne.NewMenuItemSeparator(),
		quit)
	d.SetSystemTrayMenu(menu)
	systray.SetTooltip("Uptray — All 4 services up")
	a.Run()
	log.Print("exited cleanly")
}
