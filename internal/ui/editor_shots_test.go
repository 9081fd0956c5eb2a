package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
)

const shotsMachine = lockedService + `
[[sources]]
name = "Org Alerts"
kind = "alertmanager"
url = "https://am.example.com"
labels = { team = "ops" }
[[sources.rules]]
match = "Payroll*"
fallback = "Call the payroll desk on 4321"
critical = true
`

// TestEditorShots renders the service and monitoring-server editors, new, with a
// custom duration and a test result, and read-only, in English and Korean, at the
// settings window's default size. UPTRAY_SHOTS=dir keeps the PNGs for a look.
func TestEditorShots(t *testing.T) {
	dir := os.Getenv("UPTRAY_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	for _, lang := range []string{"en", "ko"} {
		t.Run(lang, func(t *testing.T) {
			i18n.SetLanguage(lang)
			defer i18n.SetLanguage("en")
			h := newHarness(t, shotsMachine, sourceToTest+oneService, Deps{
				Test: httpCheck,
				TestSource: func(context.Context, config.Source) ([]status.Result, error) {
					return nil, nil
				},
				Components: func(context.Context, config.Service) ([]string, error) { return samplePage, nil },
			})
			h.s.app.Settings().SetTheme(lightTheme{theme.DefaultTheme()})
			h.w.Resize(fyne.NewSize(820, 580))
			shot := func(name string) {
				t.Helper()
				h.w.Canvas().Unfocus()
				if err := capture(h.w, filepath.Join(dir, name+"-"+lang+".png")); err != nil {
					t.Fatal(err)
				}
			}

			h.selectService("Intranet")
			h.s.list.editSelected()
			e := h.s.editor
			e.intervalPick.sel.SetSelected(e.intervalPick.customLabel())
			e.interval.SetText("90s")
			e.showResult(context.Background(), func() {}, status.Result{Status: status.Up, Latency: 142 * time.Millisecond})
			shot("editor-custom")
			h.s.closeEditor()

			svc, _ := h.s.loaded.Merged.Service("Payroll")
			h.s.openEditor(svc, svc.Name, i18n.F("“%s” (set by your organisation)", svc.Name))
			shot("editor-locked")
			h.w.Resize(fyne.NewSize(820, 900)) // the whole form: the test driver does not clip a scroll's edge
			shot("editor-locked-tall")
			h.w.Resize(fyne.NewSize(820, 580))
			h.s.closeEditor()

			h.s.tabs.SelectIndex(sourcesTab)
			h.selectSource("Ops Gatus")
			h.s.sources.editSelected()
			se := h.s.srcEdit
			se.auth.SetSelected(i18n.T(authToken))
			se.token.SetText("s3cr3t")
			se.net.setOpen(true)
			se.net.ca.SetText("/etc/ssl/company-ca.pem")
			se.tester.show(context.Background(), func() {}, []status.Result{{Status: status.Up}, {Status: status.Down}, {Status: status.Up}}, nil)
			shot("source-editor")
			h.w.Resize(fyne.NewSize(820, 1000))
			shot("source-editor-tall")
			h.w.Resize(fyne.NewSize(820, 580))
			h.s.closeSourceEditor()

			h.selectSource("Org Alerts")
			shot("sources-view")
			h.s.sources.editSelected()
			shot("source-locked")
			h.w.Resize(fyne.NewSize(820, 1100))
			shot("source-locked-tall")
			h.w.Resize(fyne.NewSize(820, 580))
			h.s.closeSourceEditor()

			h.s.tabs.SelectIndex(servicesTab)
			h.s.addFromCatalog()
			h.s.catalog.search.SetText("git")
			shot("catalog")
			h.s.catalog.close()
			h.s.openEditor(config.Service{Name: "Stripe", Kind: "statuspage", Target: "https://status.stripe.com"}, "", "Stripe")
			h.s.editor.openComponentPicker()
			p := h.s.editor.picker
			h.q.waitFor(t, "the page's components", func() bool { return p.read })
			p.list.Select(2)
			shot("components")
			p.close()
		})
	}
}
