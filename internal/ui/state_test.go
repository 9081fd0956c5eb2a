package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/status"
)

const threeServices = oneService + `
[[services]]
name = "Mail"
kind = "tcp"
target = "mail.example.com:993"

[[services]]
name = "Wiki"
kind = "http"
target = "https://wiki.example.com"
`

// rowOf renders the list row of a service as the list would, and returns its state
// mark and its state cell.
func (h *harness) rowOf(name string) (*canvas.Image, *widget.TextSegment) {
	h.t.Helper()
	for i, svc := range h.s.list.items {
		if svc.Name == name {
			row := rowMaker(serviceColumns, 4)()
			h.s.list.updateRow(i, row)
			_, seg := cellText(row, 0)
			return row.(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*canvas.Image), seg
		}
	}
	h.t.Fatalf("no %q in the list", name)
	return nil, nil
}

func TestOfflineRowsAreGreyAndSaySo(t *testing.T) {
	up := status.Result{Status: status.Up, Latency: 300 * time.Microsecond}
	for _, engineMarks := range []bool{true, false} {
		// The engine marks every service Offline; an older one only says the
		// snapshot is offline and leaves the last results: the rows say Offline either way.
		st := status.Up
		if engineMarks {
			st = status.Offline
		}
		eng := &fakeEngine{snap: status.Snapshot{Offline: true, Overall: status.Offline, Services: []status.ServiceState{
			{Name: "Intranet", Status: st, Last: up},
			{Name: "Mail", Status: st, Last: up},
			{Name: "Wiki", Status: status.Unknown, ConfigError: `interval: "5" is not a duration (try "30s")`},
		}}}
		h := newHarness(t, "", threeServices, Deps{Engine: eng})
		h.s.Show()
		h.q.waitFor(t, "the snapshot", func() bool { return h.s.snap.Offline })
		for _, name := range []string{"Intranet", "Mail"} {
			dot, cell := h.rowOf(name)
			if cell.Text != "Offline — not checked" || cell.Style.ColorName != theme.ColorNamePlaceHolder {
				t.Errorf("engine marks %v: %s row says %q (colour %v)", engineMarks, name, cell.Text, cell.Style.ColorName)
			}
			if dot.Resource.Name() != "unknown-32.png" {
				t.Errorf("engine marks %v: %s mark is %s, not the grey dash", engineMarks, name, dot.Resource.Name())
			}
		}
		dot, cell := h.rowOf("Wiki")
		if cell.Text != `Config error: interval: "5" is not a duration (try "30s")` || cell.Style.ColorName != theme.ColorNamePlaceHolder ||
			dot.Resource.Name() != "unknown-32.png" {
			t.Errorf("broken service row: %q (colour %v)", cell.Text, cell.Style.ColorName)
		}
		text := h.allText()
		if strings.Contains(text, "Up, ") || !strings.Contains(text, "Offline — not checked") {
			t.Errorf("the window shows:\n%s", text)
		}
		h.selectService("Mail")
		if h.s.list.info.Text != "Mail: Offline — not checked." {
			t.Errorf("info = %q", h.s.list.info.Text)
		}
	}
}

func TestDescribeStates(t *testing.T) {
	for _, c := range []struct {
		st   status.ServiceState
		text string
		imp  widget.Importance
	}{
		{status.ServiceState{Status: status.Up, Last: status.Result{Latency: 120 * time.Millisecond}}, "Up, 120 ms", widget.MediumImportance},
		{status.ServiceState{Status: status.Down, Last: status.Result{Reason: "HTTP 503"}}, "Down: HTTP 503", widget.DangerImportance},
		{status.ServiceState{Status: status.Degraded, Last: status.Result{Reason: "slow"}}, "Degraded: slow", widget.WarningImportance},
		{status.ServiceState{Status: status.Offline, Last: status.Result{Latency: time.Millisecond, Reason: "connect: refused"}}, "Offline — not checked", widget.LowImportance},
		{status.ServiceState{Status: status.Paused}, "Paused", widget.LowImportance},
		{status.ServiceState{}, "Not checked yet", widget.LowImportance},
		// An engine that words a broken configuration only in the reason.
		{status.ServiceState{Last: status.Result{Reason: "Config error: target: missing port — open Settings"}}, "Config error: target: missing port", widget.LowImportance},
	} {
		if text, imp := describe(c.st); text != c.text || imp != c.imp {
			t.Errorf("%+v: %q %v, want %q %v", c.st, text, imp, c.text, c.imp)
		}
	}
}
