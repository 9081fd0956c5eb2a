// Package ui holds Uptray's windows. They talk to the engine through small
// interfaces they declare, and never touch the network themselves.
package ui

import (
	"context"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/autostart"
	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
)

// Engine is what the settings window needs of the running engine: the live state
// behind the status dots.
type Engine interface{ Snapshot() status.Snapshot }

// Deps are the settings window's collaborators; cmd/uptray provides the real ones.
type Deps struct {
	Files  config.Files
	Engine Engine // may be nil: every dot stays grey
	// Test runs one check of a service once, with the form's current values; it
	// blocks up to the timeout. It is never called on the UI goroutine.
	Test func(ctx context.Context, spec config.Spec) status.Result
	// Saved is called on the UI goroutine after a successful save with the newly
	// loaded layers; cmd applies it to the engine and the notifier.
	Saved func(*config.Loaded)
	// Details opens a service's details view (history and chart); nil hides the button.
	Details func(name string)
	// Autostart switches "start when I log in"; nil hides the checkbox.
	Autostart autostart.Manager
	// Components lists the component names of a service's page (its kind and
	// target), as the service would write them ("Group/Child"), for the editor's
	// "Choose from the page…"; nil hides that button. It blocks until ctx's deadline
	// at most and is never called on the UI goroutine.
	Components func(ctx context.Context, svc config.Service) ([]string, error)
	// TestSource reads a monitoring server once with the source editor's values and
	// returns the state of each check it lists, for the editor's Test (sources.go);
	// nil hides Test. It returns by ctx's deadline and is never called on the UI
	// goroutine.
	TestSource func(ctx context.Context, src config.Source) ([]status.Result, error)
	// Secrets is the OS keychain for tokens and passwords (secrets.go); nil keeps
	// them in the config file.
	Secrets Secrets
}

// Settings is the one settings window, created on first use and reused: closing it
// hides it and never quits the app.
type Settings struct {
	app  fyne.App
	deps Deps
	// do runs f on the UI goroutine (fyne.Do; tests queue instead).
	do func(f func())

	loaded  *config.Loaded
	loadErr error
	states  map[string]status.ServiceState
	snap    status.Snapshot // the latest, for the checks that sources bring

	win      fyne.Window
	tabs     *container.AppTabs
	banner   *widget.Label
	bannerBx *fyne.Container
	svcArea  *fyne.Container // shows the list, the welcome or the editor
	list     *serviceList
	welcome  *welcomeView
	editor   *editor         // the open editor, nil when none
	srcArea  *fyne.Container // shows the sources or the source editor
	sources  *sourceList
	srcEdit  *sourceEditor // the open source editor, nil when none
	prefs    *prefsView
	// modalKey takes the keys typed while one of the editor's dialogs is shown and no
	// field has the focus (Escape closes it); nil when none is shown.
	modalKey func(*fyne.KeyEvent)
	catalog  *catalogDialog // the catalog, while it is shown
	// dialogs are the dialogs shown by showDialog, the newest last: Escape with no
	// button focused closes the newest.
	dialogs  []dialog.Dialog
	stopPoll chan struct{}
	onHide   func()
	forget   bool // drop the window when it is next closed (ForgetOnHide)
}

// NewSettings reads the configuration files and prepares the window (built on first
// Show or Window).
func NewSettings(a fyne.App, d Deps) *Settings {
	s := &Settings{app: a, deps: d, do: fyne.Do, states: map[string]status.ServiceState{}}
	s.loaded, s.loadErr = config.Load(d.Files)
	return s
}

// Show opens the window, or brings it to the front. Call on the UI goroutine.
func (s *Settings) Show() {
	w := s.Window()
	w.Show()
	w.RequestFocus()
	s.startPolling()
}

// ShowService shows the window at one service, as a notification's Details asks: the
// user's own service opens in its editor, one the organisation manages is selected
// in the list, and a check that a monitoring server brings shows that server with
// its checks. An editor with unsaved changes is left open rather than lost. Call on
// the UI goroutine.
func (s *Settings) ShowService(name string) {
	s.Show()
	if s.editor != nil && (s.editor.origName == name || len(s.editor.touched) > 0) {
		s.tabs.SelectIndex(servicesTab)
		return
	}
	if svc, ok := s.loaded.Merged.Service(name); ok {
		if !svc.Managed {
			s.openEditor(svc, svc.Name, i18n.F("Edit “%s”", svc.Name))
			return
		}
		s.closeEditor()
		s.tabs.SelectIndex(servicesTab)
		s.list.show(name)
		return
	}
	if _, ok := s.states[name]; !ok && s.deps.Engine != nil {
		s.applySnapshot(s.deps.Engine.Snapshot()) // not polled yet: the check may be new
	}
	if src, ok := s.sourceOf(name); ok {
		s.tabs.SelectIndex(sourcesTab)
		if s.srcEdit == nil {
			s.sources.show(src)
		}
		return
	}
	s.tabs.SelectIndex(servicesTab)
}

// sourceOf names the monitoring server a check comes from: the engine puts its checks
// in the server's group (or a group under it), and names the line it shows when the
// server cannot be read after the server.
func (s *Settings) sourceOf(name string) (string, bool) {
	group := s.states[name].Group
	for _, src := range s.loaded.Merged.Sources {
		if name == src.Name || group == src.Name || strings.HasPrefix(group, src.Name+" · ") {
			return src.Name, true
		}
	}
	return "", false
}

// Window returns the settings window, building it on first use.
func (s *Settings) Window() fyne.Window {
	if s.win == nil {
		s.build()
	}
	return s.win
}

// ReloadFromDisk re-reads both files, as when one changed on disk while the window is
// open. When they are invalid the window keeps what it had, shows the problems, and
// returns them.
func (s *Settings) ReloadFromDisk() error {
	l, err := config.Load(s.deps.Files)
	if err != nil {
		s.loadErr = err
		s.refresh()
		return err
	}
	s.loaded, s.loadErr = l, nil
	s.refresh()
	return nil
}

func (s *Settings) hide() {
	s.stopPolling()
	s.win.Hide()
	if s.forget {
		// The language changed: the next Show builds the window in the new one.
		s.forget = false
		s.closeEditor()
		s.closeSourceEditor()
		for len(s.dialogs) > 0 {
			s.dialogs[len(s.dialogs)-1].Hide() // each takes itself off the list
		}
		s.modalKey, s.catalog = nil, nil
		s.win.SetCloseIntercept(nil)
		s.win.Close()
		s.win = nil
	}
	if s.onHide != nil {
		s.onHide()
	}
}

// ForgetOnHide makes the next closing of the window drop it, so that it is built
// anew (in the language now set) when shown again. On the UI goroutine.
func (s *Settings) ForgetOnHide() { s.forget = s.win != nil }

// SetOnHide registers f, called on the UI goroutine whenever the window is closed
// (hidden): the windows process quits when its last window is gone.
func (s *Settings) SetOnHide(f func()) { s.onHide = f }

func (s *Settings) build() {
	s.win = s.app.NewWindow(i18n.T("Uptray Settings"))
	s.win.SetCloseIntercept(s.hide)

	s.banner = widget.NewLabel("")
	s.banner.Wrapping = fyne.TextWrapWord
	s.banner.Importance = widget.DangerImportance
	s.bannerBx = container.NewBorder(nil, widget.NewSeparator(), widget.NewIcon(theme.WarningIcon()), nil, s.banner)
	s.list = newServiceList(s)
	s.welcome = newWelcomeView(s)
	s.svcArea = container.NewStack()
	s.sources = newSourceList(s)
	s.srcArea = container.NewStack()
	s.prefs = newPrefsView(s)

	services := container.NewBorder(s.bannerBx, nil, nil, nil, s.svcArea)
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(i18n.T("Services"), theme.ListIcon(), services),
		container.NewTabItemWithIcon(i18n.T("Monitoring servers"), theme.StorageIcon(), s.srcArea),
		container.NewTabItemWithIcon(i18n.T("Preferences"), theme.SettingsIcon(), s.prefs.content),
	)
	s.win.SetContent(withFocusRing(s.tabs))
	s.win.Canvas().SetOnTypedKey(s.typedKey)
	// The tabs' buttons take no focus in Fyne: Ctrl+Tab and Ctrl+Page Down move to the
	// next tab, with Shift or Page Up to the one before, as browsers and editors do.
	for _, sc := range []struct {
		key  fyne.KeyName
		mod  fyne.KeyModifier
		step int
	}{
		{fyne.KeyTab, fyne.KeyModifierControl, 1}, {fyne.KeyPageDown, fyne.KeyModifierControl, 1},
		{fyne.KeyTab, fyne.KeyModifierControl | fyne.KeyModifierShift, -1}, {fyne.KeyPageUp, fyne.KeyModifierControl, -1},
	} {
		step := sc.step
		s.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: sc.key, Modifier: sc.mod}, func(fyne.Shortcut) { s.nextTab(step) })
	}
	s.win.Resize(fyne.NewSize(820, 580))
	s.refresh()
}

// nextTab shows the tab step places on (or back), round.
func (s *Settings) nextTab(step int) {
	if s.win.Canvas().Overlays().Top() != nil {
		return // not behind a dialog
	}
	n := len(s.tabs.Items)
	s.tabs.SelectIndex(((s.tabs.SelectedIndex()+step)%n + n) % n)
}

// Tabs, in order.
const (
	servicesTab = iota
	sourcesTab
	prefsTab
)

// typedKey handles keys typed while no field has the focus: Enter saves the open
// editor of the tab shown, Escape cancels it.
func (s *Settings) typedKey(k *fyne.KeyEvent) {
	if s.modalKey != nil {
		s.modalKey(k)
		return
	}
	if s.win.Canvas().Overlays().Top() != nil {
		// A dialog is shown: Enter and Escape are not the form's; Escape closes it.
		if k.Name == fyne.KeyEscape && len(s.dialogs) > 0 {
			switch d := s.dialogs[len(s.dialogs)-1].(type) {
			case *dialog.FileDialog:
				d.Dismiss() // as its Cancel: the callback hears "cancelled"
			default:
				d.Hide()
			}
		}
		return
	}
	var f *fieldForm
	switch {
	case s.editor == nil && s.tabs.SelectedIndex() == servicesTab && k.Name == fyne.KeyReturn:
		s.list.detailsSelected() // Enter on a selected service: its details
		return
	case s.editor != nil && s.tabs.SelectedIndex() == servicesTab:
		f = s.editor.fieldForm
	case s.srcEdit != nil && s.tabs.SelectedIndex() == sourcesTab:
		f = s.srcEdit.fieldForm
	default:
		return
	}
	switch k.Name {
	case fyne.KeyEscape:
		f.onCancel()
	case fyne.KeyReturn, fyne.KeyEnter:
		f.onSave()
	}
}

// refresh shows the current configuration everywhere.
func (s *Settings) refresh() {
	if s.win == nil {
		return
	}
	if s.loadErr != nil {
		s.banner.SetText(loadProblem(s.loadErr, s.deps.Files.User))
		s.bannerBx.Show()
	} else {
		s.bannerBx.Hide()
	}
	s.list.reload()
	s.sources.reload()
	s.prefs.reload(false)
	s.showServicesArea()
	s.showSourcesArea()
}

func loadProblem(err error, userFile string) string {
	var b strings.Builder
	b.WriteString(i18n.T("Your settings could not be read completely:") + "\n")
	var es config.Errors
	if asErrors(err, &es) {
		for i, e := range es {
			if i == 5 {
				b.WriteString(i18n.N("…and %d more.", len(es)-5, len(es)-5) + "\n")
				break
			}
			b.WriteString("• " + fieldErrorText(e) + "\n")
		}
	} else {
		b.WriteString(configText(err) + "\n")
	}
	b.WriteString(i18n.F("Fix them here or in the file. Saving here replaces %[1]s (the old file is kept as %[1]s.bak).", userFile))
	return b.String()
}

// showServicesArea puts the editor, the welcome or the list in the Services tab.
func (s *Settings) showServicesArea() {
	var obj fyne.CanvasObject
	switch {
	case s.editor != nil:
		obj = s.editor.content
	case len(s.loaded.Merged.Services) == 0 && len(s.loaded.Merged.Sources) == 0:
		obj = s.welcome.content
	default:
		obj = s.list.content
	}
	showIn(s.svcArea, obj)
}

// showIn makes obj the one thing a tab's area shows.
func showIn(area *fyne.Container, obj fyne.CanvasObject) {
	if len(area.Objects) == 1 && area.Objects[0] == obj {
		return
	}
	area.Objects = []fyne.CanvasObject{obj}
	area.Refresh()
}

// saveUser validates a new user layer against the machine's, writes it atomically,
// reads both files back and hands the result to Deps.Saved. Nothing changes on error.
func (s *Settings) saveUser(u *config.Config) error {
	if err := config.Merge(s.loaded.Machine, u).Validate(); err != nil {
		return err
	}
	if s.deps.Files.User == "" {
		return errors.New(i18n.T("there is no place to save settings on this computer (no user configuration folder)"))
	}
	if err := config.Save(s.deps.Files.User, u); err != nil {
		return err
	}
	l, err := config.Load(s.deps.Files)
	if err != nil {
		// Saved, but the files together do not read back (e.g. the machine file
		// changed meanwhile): show it, keep going with what was written.
		s.loadErr = err
	} else {
		s.loadErr = nil
	}
	s.loaded = l
	s.refresh()
	if s.deps.Saved != nil && err == nil {
		s.deps.Saved(l)
	}
	return nil
}

// editUser saves the user's settings with edit applied to a copy of them; failed is
// the title of the error when that cannot be done ("Could not save the service").
func (s *Settings) editUser(failed string, edit func(u *config.Config)) bool {
	u := cloneConfig(s.loaded.User)
	edit(u)
	if err := s.saveUser(u); err != nil {
		s.showError(couldNot(failed), err)
		return false
	}
	return true
}

// couldNot is the title of a failed save. Editors used to pass only the verb ("save
// the service") for "Could not " to be put before it, a fragment no translation can
// order; those are mapped to whole titles here, and a whole title is kept.
func couldNot(what string) string {
	switch what {
	case "save the service":
		return i18n.T("Could not save the service")
	case "save the monitoring server":
		return i18n.T("Could not save the monitoring server")
	case "remove it":
		return i18n.T("Could not remove it")
	case "move it to the keychain", i18n.T("move it to the keychain"):
		return i18n.T("Could not move it to the keychain")
	}
	if r, _ := utf8.DecodeRuneInString(what); unicode.IsLower(r) {
		return i18n.F("Could not %s", what) // a verb of an older caller
	}
	return what
}

// saveForm saves an editor's form once it has no problems (else it shows them all)
// and closes it.
func (s *Settings) saveForm(f *fieldForm, validate func(), what string, edit func(u *config.Config), done func()) {
	f.showAll = true
	validate()
	if len(f.errs) == 0 && s.editUser(what, edit) {
		done()
	}
}

// showError shows a problem in a dialog whose text wraps.
func (s *Settings) showError(title string, err error) {
	msg := widget.NewLabel(configText(err))
	msg.Wrapping = fyne.TextWrapWord
	d, ok := askDialog(title, container.NewVScroll(msg), s.win,
		choice{text: i18n.T("OK"), importance: widget.HighImportance, dismiss: true})
	d.Resize(fyne.NewSize(520, 260))
	s.showDialog(d, ok)
}

// showDialog shows d, gives focus the button, and keeps d for Escape until it is
// closed.
func (s *Settings) showDialog(d dialog.Dialog, focus fyne.Focusable) {
	s.dialogs = append(s.dialogs, d)
	d.SetOnClosed(func() {
		for i, o := range s.dialogs {
			if o == d {
				s.dialogs = append(s.dialogs[:i], s.dialogs[i+1:]...)
				break
			}
		}
	})
	d.Show()
	if focus != nil {
		s.win.Canvas().Focus(focus)
	}
}

// startPolling refreshes the status dots every two seconds while the window is shown.
func (s *Settings) startPolling() {
	if s.deps.Engine == nil || s.stopPoll != nil {
		return
	}
	stop := make(chan struct{})
	s.stopPoll = stop
	eng, do := s.deps.Engine, s.do
	go func() {
		t := newTicker()
		defer t.Stop()
		for {
			snap := eng.Snapshot()
			select {
			case <-stop:
				return
			default:
			}
			do(func() { s.applySnapshot(snap) })
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
}

func (s *Settings) stopPolling() {
	if s.stopPoll != nil {
		close(s.stopPoll)
		s.stopPoll = nil
	}
}

func (s *Settings) applySnapshot(snap status.Snapshot) {
	snap.Services = offlineStates(snap)
	states := make(map[string]status.ServiceState, len(snap.Services))
	for _, st := range snap.Services {
		states[st.Name] = st
	}
	s.states = states
	s.snap = snap
	if s.list != nil {
		s.list.statesChanged()
		s.sources.statesChanged()
	}
}

// cloneConfig copies a layer deeply enough to edit it without touching the original.
func cloneConfig(c *config.Config) *config.Config {
	n := *c
	n.Services = append([]config.Service(nil), c.Services...)
	n.Sources = append([]config.Source(nil), c.Sources...)
	if c.Connectivity.Targets != nil {
		n.Connectivity.Targets = append([]string{}, c.Connectivity.Targets...)
	}
	return &n
}

// groups lists the groups in use, for the editor's choice.
func (s *Settings) groups() []string {
	seen := map[string]bool{}
	var out []string
	for _, svc := range s.loaded.Merged.Services {
		if svc.Group != "" && !seen[svc.Group] {
			seen[svc.Group] = true
			out = append(out, svc.Group)
		}
	}
	return out
}
