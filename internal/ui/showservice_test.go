package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/uptray/uptray/internal/status"
)

func TestShowService(t *testing.T) {
	eng := &fakeEngine{snap: status.Snapshot{Services: []status.ServiceState{
		{Name: "VPN", Status: status.Up},
		{Name: "Intranet", Status: status.Down},
		{Name: "Git server", Group: "Team Kuma · Core", Status: status.Down},
	}}}
	h := newHarness(t, managedService, oneService+twoSources, Deps{Engine: eng})

	// The user's own service: its editor.
	h.s.tabs.SelectIndex(prefsTab)
	h.s.ShowService("Intranet")
	if h.s.editor == nil || h.s.editor.origName != "Intranet" || h.s.tabs.SelectedIndex() != servicesTab {
		t.Fatal("ShowService does not open the service's editor")
	}
	test.Tap(h.s.editor.cancelBtn)

	// Managed: selected in the list, even when a filter hid it.
	h.s.list.filter.SetText("intranet")
	h.s.ShowService("VPN")
	if svc, ok := h.s.list.current(); !ok || svc.Name != "VPN" || h.s.editor != nil {
		t.Fatalf("a managed service is not selected: %+v %v", svc, ok)
	}

	// A check a monitoring server brings: that server, with its checks.
	h.s.ShowService("Git server")
	if src, ok := h.s.sources.current(); h.s.tabs.SelectedIndex() != sourcesTab || !ok || src.Name != "Team Kuma" {
		t.Fatalf("tab %d, source %+v", h.s.tabs.SelectedIndex(), src)
	}
	if len(h.s.sources.checkItems) != 1 || h.s.sources.checkItems[0].Name != "Git server" {
		t.Errorf("the server's checks: %+v", h.s.sources.checkItems)
	}

	// Unknown: the window, at the list.
	h.s.ShowService("Gone")
	if h.s.tabs.SelectedIndex() != servicesTab || h.s.editor != nil {
		t.Error("an unknown name does not show the list")
	}

	// An editor with unsaved changes is never thrown away.
	h.s.ShowService("Intranet")
	test.Type(h.s.editor.fall, "Use the wiki")
	h.s.ShowService("VPN")
	if h.s.editor == nil || h.s.editor.fall.Text != "Use the wiki" {
		t.Error("ShowService threw away unsaved changes")
	}
}
