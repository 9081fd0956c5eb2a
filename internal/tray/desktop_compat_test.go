package tray

import (
	"slices"
	"testing"

	"github.com/uptray/uptray/internal/status"
)

// fakeMenu and fakeMenuItem have the fields of fyne.Menu and fyne.MenuItem that
// DesktopSurface sets; fakeDesktop the two methods of desktop.App it calls.
type fakeMenu struct {
	Label string
	Items []*fakeMenuItem
}

type fakeMenuItem struct {
	ChildMenu   *fakeMenu
	IsQuit      bool
	IsSeparator bool
	Label       string
	Action      func()
	Disabled    bool
}

type fakeResource interface {
	Name() string
	Content() []byte
}

type fakeDesktop struct {
	menus []*fakeMenu
	icons []string
}

func (d *fakeDesktop) SetSystemTrayMenu(m *fakeMenu)    { d.menus = append(d.menus, m) }
func (d *fakeDesktop) SetSystemTrayIcon(r fakeResource) { d.icons = append(d.icons, r.Name()) }

func TestDesktopSurfaceBuildsAFyneMenu(t *testing.T) {
	desk := &fakeDesktop{}
	a := &actions{}
	tr := New(nil, &snoozer{}, DesktopSurface{App: desk}, a.Actions(), nil)
	pay := svc("Payments", status.Down, "HTTP 503 (want 200)", 0)
	pay.Fallback = "Use cash"
	tr.Render(snapshot(pay))
	if len(desk.menus) != 1 || !slices.Equal(desk.icons, []string{"uptray-Down.png"}) {
		t.Fatalf("%d menus, icons %v", len(desk.menus), desk.icons)
	}
	var flat func(m *fakeMenu) []string
	flat = func(m *fakeMenu) []string {
		var out []string
		for _, it := range m.Items {
			if it.IsSeparator {
				out = append(out, "---")
				continue
			}
			out = append(out, it.Label)
			if it.ChildMenu != nil {
				out = append(out, "[")
				out = append(out, flat(it.ChildMenu)...)
				out = append(out, "]")
			}
		}
		return out
	}
	m := desk.menus[0]
	want := []string{"1 of 1 down", "---", "Payments — Down: HTTP 503 (want 200)", "[", LabelCheckNow, LabelDetails, "]",
		"      Instead: Use cash", "---", LabelCheckAll, LabelPause, "[", LabelHour, LabelTomorrow, LabelForever, "]",
		"---", LabelSettings, LabelAbout, LabelQuit}
	if got := flat(m); !slices.Equal(got, want) {
		t.Fatalf("menu = %q\nwant   %q", got, want)
	}
	if !m.Items[0].Disabled || m.Items[3].Disabled {
		t.Error("the summary must be disabled and the fallback line not")
	}
	quit := m.Items[len(m.Items)-1]
	if !quit.IsQuit {
		t.Error("Quit is not marked IsQuit: Fyne would append a second one")
	}
	quit.Action()
	m.Items[2].ChildMenu.Items[0].Action()
	if !slices.Equal(a.did, []string{"quit", "check Payments"}) {
		t.Fatalf("actions: %q", a.did)
	}
}
