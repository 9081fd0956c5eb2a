package ui

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// lightTheme is Uptray's theme held to its light variant, so captures do not depend
// on the machine they are made on; darkTheme to its dark one.
type lightTheme struct{ fyne.Theme }

func (l lightTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return l.Theme.Color(n, theme.VariantLight)
}

type darkTheme struct{ fyne.Theme }

func (d darkTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return d.Theme.Color(n, theme.VariantDark)
}

type fixedEngine status.Snapshot

func (f fixedEngine) Snapshot() status.Snapshot { return status.Snapshot(f) }

// captureSize is the window size of the captures: roomy, and well within 1366×768.
var captureSize = fyne.NewSize(860, 600)

// captureAll renders the settings window without a display, with sample services, and
// writes services.png, catalog.png, components.png, editor.png, sources.png,
// source-editor.png, welcome.png, preferences.png and no-tray.png into dir. It
// replaces the current Fyne app with a test app: use it from a tool or a test, never
// inside the running tray app.
func captureAll(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "uptray-capture-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	a := test.NewApp()
	defer test.NewApp()
	a.Settings().SetTheme(lightTheme{Theme()})

	files := config.Files{Machine: filepath.Join(tmp, "machine.toml"), User: filepath.Join(tmp, "user.toml")}
	if err := os.WriteFile(files.Machine, []byte(sampleMachine), 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(files.User, []byte(sampleUser), 0o600); err != nil {
		return err
	}
	now := time.Now()
	snap := status.Snapshot{At: now, Services: []status.ServiceState{
		{Name: "VPN gateway", Status: status.Up, Last: status.Result{Status: status.Up, Latency: 23 * time.Millisecond}},
		{Name: "Intranet", Status: status.Up, Last: status.Result{Status: status.Up, Latency: 140 * time.Millisecond}},
		{Name: "Mail (IMAP)", Status: status.Down, Last: status.Result{Status: status.Down, Reason: "connect: connection refused"}},
		{Name: "Company DNS", Status: status.Degraded, Last: status.Result{Status: status.Degraded, Latency: 900 * time.Millisecond, Reason: "slow: 900 ms (max 500 ms)"}},
		{Name: "Payments (Stripe)", Status: status.Up, Last: status.Result{Status: status.Up, Latency: 310 * time.Millisecond}},
		{Name: "Git server", Group: "Ops Gatus · Core", Status: status.Up, Last: status.Result{Status: status.Up, Latency: 41 * time.Millisecond}},
		{Name: "CI runners", Group: "Ops Gatus · Core", Status: status.Down, Last: status.Result{Status: status.Down, Reason: "[STATUS] (502) == 200"}},
		{Name: "Wiki", Group: "Ops Gatus · Web", Status: status.Up, Last: status.Result{Status: status.Up, Latency: 88 * time.Millisecond}},
		{Name: "Ticketing", Group: "Ops Gatus · Web", Status: status.Degraded, Last: status.Result{Status: status.Degraded, Latency: 1200 * time.Millisecond, Reason: "[RESPONSE_TIME] (1200) < 1000"}},
		{Name: "HR portal", Group: "Ops Gatus", Status: status.Up, Last: status.Result{Status: status.Up, Latency: 120 * time.Millisecond}},
		{Name: "Printers", Group: "Office Kuma · Office", Status: status.Up},
		{Name: "Door access", Group: "Office Kuma · Office", Status: status.Up},
		{Name: "DiskFull", Group: "Prometheus alerts", Status: status.Degraded, Last: status.Result{Status: status.Degraded, Reason: "warning: /var on backup-1 is 91% full"}},
	}}
	s := NewSettings(a, Deps{Files: files, Engine: fixedEngine(snap),
		Test:       func(context.Context, config.Spec) status.Result { return status.Result{} },
		Components: func(context.Context, config.Service) ([]string, error) { return samplePage, nil }})
	if s.loadErr != nil {
		return fmt.Errorf("sample configuration: %w", s.loadErr)
	}
	w := s.Window()
	w.Resize(captureSize)
	s.applySnapshot(snap)
	s.list.list.Select(2)
	if err := capture(w, filepath.Join(dir, "services.png")); err != nil {
		return err
	}
	// The same in the dark variant, as a desktop in dark mode shows it.
	a.Settings().SetTheme(darkTheme{Theme()})
	if err := capture(w, filepath.Join(dir, "services-dark.png")); err != nil {
		return err
	}
	a.Settings().SetTheme(lightTheme{Theme()})

	if err := captureDialogs(s, dir); err != nil {
		return err
	}

	s.list.list.Select(1)
	s.list.editSelected()
	w.Resize(fyne.NewSize(captureSize.Width, 760)) // the whole form, without a scroll bar
	s.editor.interval.SetText("2s")
	s.editor.touched["interval"] = true
	s.editor.validate()
	s.editor.showResult(context.Background(), func() {}, status.Result{Status: status.Up, Latency: 142 * time.Millisecond})
	w.Canvas().Unfocus()
	if err := capture(w, filepath.Join(dir, "editor.png")); err != nil {
		return err
	}
	s.closeEditor()

	w.Resize(captureSize)
	s.tabs.SelectIndex(sourcesTab)
	s.sources.list.Select(0)
	if err := capture(w, filepath.Join(dir, "sources.png")); err != nil {
		return err
	}
	s.sources.list.Select(1)
	s.sources.editSelected()
	s.srcEdit.name.SetText("Office Kuma")
	w.Canvas().Unfocus()
	if err := capture(w, filepath.Join(dir, "source-editor.png")); err != nil {
		return err
	}
	s.closeSourceEditor()

	w.Resize(fyne.NewSize(captureSize.Width, 760))
	s.tabs.SelectIndex(prefsTab)
	if err := capture(w, filepath.Join(dir, "preferences.png")); err != nil {
		return err
	}
	w.Resize(captureSize)

	nt := NewNoTray(a, func() {})
	nt.Show()
	if err := capture(nt.win, filepath.Join(dir, "no-tray.png")); err != nil {
		return err
	}

	empty := config.Files{Machine: filepath.Join(tmp, "none.toml"), User: filepath.Join(tmp, "new.toml")}
	first := NewSettings(a, Deps{Files: empty, Autostart: &fakeAutostart{}}) // shows "Start Uptray when I log in"
	fw := first.Window()
	fw.Resize(captureSize)
	return capture(fw, filepath.Join(dir, "welcome.png"))
}

// dialogSize is the window size of the dialogs' captures: the settings window's
// default, where they must read well.
var dialogSize = fyne.NewSize(820, 580)

// captureDialogs writes catalog.png (Add from catalog…, searching "cloud") and
// components.png (a status page's components to tick, in the editor of Payments).
func captureDialogs(s *Settings, dir string) error {
	w := s.win
	w.Resize(dialogSize)
	s.addFromCatalog()
	s.catalog.search.SetText("cloud")
	if err := capture(w, filepath.Join(dir, "catalog.png")); err != nil {
		return err
	}
	s.catalog.close()

	do := s.do
	s.do = func(func()) {} // the answer is shown below, at once
	defer func() { s.do = do }()
	for i, svc := range s.list.items {
		if svc.Name == "Payments (Stripe)" {
			s.list.list.Select(i)
		}
	}
	s.list.editSelected()
	s.editor.openComponentPicker()
	p := s.editor.picker
	p.loaded(p.gen, samplePage, nil)
	p.list.Select(2) // ticks Checkout
	if err := capture(w, filepath.Join(dir, "components.png")); err != nil {
		return err
	}
	p.close()
	s.closeEditor()
	w.Resize(captureSize)
	return nil
}

// samplePage is what a payment provider's status page lists.
var samplePage = []string{
	"API", "Dashboard", "Checkout", "Card networks", "Card networks/Visa", "Card networks/Mastercard",
	"Card networks/American Express", "Bank transfers", "Bank transfers/SEPA Credit Transfer",
	"Bank transfers/ACH", "Payment Links", "Webhooks", "Europe", "Europe/Frankfurt, Germany - (FRA)",
}

func capture(w fyne.Window, path string) error {
	img := w.Canvas().Capture()
	return writePNG(img, path)
}

func writePNG(img image.Image, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

const sampleMachine = `
[[services]]
name = "VPN gateway"
kind = "tcp"
target = "vpn.example.com:443"
group = "Network"
fallback = "Work from the office network"
critical = true

[[sources]]
name = "Ops Gatus"
kind = "gatus"
url = "https://status.internal.example.com"
exclude = ["test-*"]
`

const sampleUser = `
[[services]]
name = "Intranet"
kind = "http"
target = "https://intranet.example.com/health"
group = "Web"
expect_status = [200]
fallback = "Use the wiki mirror at wiki2.example.com"

[[services]]
name = "Mail (IMAP)"
kind = "tls"
target = "mail.example.com:993"
group = "Mail"

[[services]]
name = "Company DNS"
kind = "dns"
target = "intranet.example.com"
group = "Network"
resolver = "10.0.0.53:53"

[[services]]
name = "Payments (Stripe)"
kind = "statuspage"
target = "https://status.stripe.com"
group = "Vendors"
components = ["API", "Dashboard"]

[[sources]]
name = "Office Kuma"
kind = "uptime-kuma"
url = "https://uptime.office.example.com"
slug = "office"
token = "not-shown"

[[sources.rules]]
match = "Door*"
fallback = "Call reception on 100 to be let in"
critical = true

[[sources]]
name = "Prometheus alerts"
kind = "alertmanager"
url = "https://alertmanager.example.com:9093"
labels = { team = "it" }
`
