package tray

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/monitor"
	"github.com/uptray/uptray/internal/status"
)

// TestCaptureMenu draws the tray menu with Fyne's own menu widget (a tray host draws
// it in its own style; this shows the content) for the README: UPTRAY_SHOTS=dir keeps
// tray-menu.png (make screenshots).
func TestCaptureMenu(t *testing.T) {
	dir := os.Getenv("UPTRAY_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	test.NewTempApp(t)
	r := &recorder{}
	tr := newTray(r, &snoozer{}, &actions{})
	pay := svc("Payments", status.Down, "HTTP 503 (want 200)", 0)
	pay.Group, pay.Kind, pay.Fallback = "Money", "http", "Use the offline card terminal"
	cards := svc("Card terminals", status.Up, "", 41*time.Millisecond)
	cards.Group = "Money"
	tr.Render(monitor.Snapshot{Overall: status.Down, Services: []monitor.ServiceState{
		svc("Intranet", status.Up, "", 123*time.Millisecond),
		svc("Mail", status.Up, "", 18*time.Millisecond),
		svc("Wiki certificate", status.Degraded, "certificate expires in 3 days", 0),
		pay, cards,
	}})
	menu := widget.NewMenu(r.menus[len(r.menus)-1])
	w := test.NewTempWindow(t, menu)
	w.Resize(menu.MinSize().Add(fyne.NewSize(8, 8)))
	f, err := os.Create(filepath.Join(dir, "tray-menu.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}
