package ui

import (
	"context"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/redact"
	"github.com/uptray/uptray/internal/status"
)

// sourceKindLabels name the monitoring servers a source can read (English: the keys
// of their translations, which choices.label shows).
var sourceKindLabels = choices{
	"gatus":        "Gatus",                     // i18n:ignore translated where shown
	"uptime-kuma":  "Uptime Kuma (status page)", // i18n:ignore translated where shown (choices.label)
	"alertmanager": "Prometheus Alertmanager",   // i18n:ignore translated where shown (choices.label)
}

var sourceColumns = &columns{
	fixed:   []float32{20, 0, 0, 0, 0},
	weights: []float32{0, 2.5, 3, 3.5, 3.5},
}

// checkColumns lay out the checks a source brings: name, the server's group, state.
var checkColumns = &columns{
	fixed:   []float32{20, 0, 0, 0},
	weights: []float32{0, 3, 2, 5},
}

// sourceList is the Monitoring servers tab: the sources, and the checks the selected
// one brings (read-only: they come from the server).
type sourceList struct {
	s        *Settings
	list     *widget.List
	items    []config.Source
	selected int // index into items, -1 when none

	add, edit, remove *widget.Button
	info              *widget.Label
	checksTitle       *widget.Label
	checks            *widget.List
	checkItems        []status.ServiceState
	content           fyne.CanvasObject
}

func newSourceList(s *Settings) *sourceList {
	l := &sourceList{s: s, selected: -1}
	l.add = widget.NewButtonWithIcon(i18n.T("Add"), theme.ContentAddIcon(), func() {
		s.openSourceEditor(config.Source{Kind: "gatus"}, "", i18n.T("Add a monitoring server")) // i18n:ignore config keys
	})
	l.add.Importance = widget.HighImportance
	l.edit = widget.NewButtonWithIcon(i18n.T("Edit"), theme.DocumentCreateIcon(), l.editSelected)
	l.remove = widget.NewButtonWithIcon(i18n.T("Remove"), theme.DeleteIcon(), l.removeSelected)
	l.info = widget.NewLabel("")
	l.info.Truncation = fyne.TextTruncateEllipsis

	l.list = widget.NewList(
		func() int { return len(l.items) },
		rowMaker(sourceColumns, 3),
		func(id widget.ListItemID, o fyne.CanvasObject) { l.updateRow(id, o) },
	)
	l.list.OnSelected = func(id widget.ListItemID) { l.selected = id; l.updateActions() }
	l.list.OnUnselected = func(widget.ListItemID) { l.selected = -1; l.updateActions() }

	l.checks = widget.NewList(
		func() int { return len(l.checkItems) },
		rowMaker(checkColumns, 2),
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(l.checkItems) {
				st := l.checkItems[id]
				src, _ := l.current()
				text, imp := describe(st)
				setRow(o, shownStatus(st), false, st.Name, remoteGroup(st, src.Name), text)
				styleCell(o, 1, imp)
			}
		},
	)
	l.checksTitle = boldLabel("")
	l.checksTitle.Truncation = fyne.TextTruncateEllipsis

	intro := widget.NewLabel(i18n.T("Each check of these servers shows in Uptray as a service of its own."))
	intro.Wrapping = fyne.TextWrapWord
	toolbar := container.NewBorder(nil, nil, nil, container.NewHBox(l.add, l.edit, l.remove), intro)
	top := container.NewVBox(toolbar, listHeader(sourceColumns, i18n.T("Name"), i18n.T("Server"), i18n.T("Address"), i18n.T("Its checks")))
	sources := container.NewBorder(top, nil, nil, nil, l.list)
	checks := container.NewBorder(container.NewVBox(widget.NewSeparator(), l.checksTitle,
		listHeader(checkColumns, i18n.T("Check"), i18n.T("Server's group"), i18n.T("State"))), nil, nil, nil, l.checks)
	split := container.NewVSplit(sources, checks)
	split.Offset = 0.45
	l.content = container.NewPadded(container.NewBorder(nil,
		container.NewVBox(widget.NewSeparator(), l.info), nil, nil, split))
	l.updateActions()
	return l
}

func (l *sourceList) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(l.items) {
		return
	}
	src := l.items[id]
	checks := l.s.remoteChecks(src.Name)
	var states []status.Status
	for _, c := range checks {
		states = append(states, c.Status)
	}
	setRow(o, status.Worst(states...), src.Managed, src.Name,
		shortLabel(sourceKindLabels.label(src.Kind)), redact.URL(src.URL), checksText(src.Name, checks))
}

// shortLabel drops a label's explanation in brackets, for a narrow column.
func shortLabel(label string) string {
	short, _, _ := strings.Cut(label, " (")
	return short
}

// reload takes the sources from the loaded configuration.
func (l *sourceList) reload() {
	l.items = append(l.items[:0], l.s.loaded.Merged.Sources...)
	l.list.UnselectAll()
	l.selected = -1
	l.list.Refresh()
	l.updateActions()
}

// show selects the source with that name, which lists its checks.
func (l *sourceList) show(name string) {
	for i, src := range l.items {
		if src.Name == name {
			l.list.Select(i)
			l.list.ScrollTo(i)
			return
		}
	}
}

func (l *sourceList) statesChanged() {
	l.list.Refresh()
	l.updateActions()
}

func (l *sourceList) current() (config.Source, bool) {
	if l.selected < 0 || l.selected >= len(l.items) {
		return config.Source{}, false
	}
	return l.items[l.selected], true
}

// updateActions enables what applies to the selection, says what it is, and lists
// the checks it brings. A server the organisation manages can be viewed (Edit reads
// View and opens it read-only), not removed.
func (l *sourceList) updateActions() {
	src, ok := l.current()
	editOrView(l.edit, ok && src.Managed)
	if ok {
		l.edit.Enable()
	} else {
		l.edit.Disable()
	}
	if ok && !src.Managed {
		l.remove.Enable()
	} else {
		l.remove.Disable()
	}
	switch {
	case !ok:
		text := i18n.N("%d monitoring servers. Select one to see its checks.", len(l.items), len(l.items))
		for _, src := range l.items {
			if src.Managed {
				text = i18n.N("%d monitoring servers. Select one to see its checks. The locked ones are managed by your organisation.",
					len(l.items), len(l.items))
				break
			}
		}
		l.info.SetText(text)
		l.checksTitle.SetText(i18n.T("Checks of the selected server"))
		l.checkItems = nil
	case src.Managed:
		l.info.SetText(i18n.F("%s is managed by your organisation: you can view it, not change it.", src.Name))
	default:
		l.info.SetText(i18n.F("%[1]s: %[2]s at %[3]s.", src.Name, sourceKindLabels.label(src.Kind), redact.URL(src.URL)))
	}
	if ok {
		l.checkItems = l.s.remoteChecks(src.Name)
		title := i18n.F("Checks from %s (read-only: they follow the server)", src.Name)
		if len(l.checkItems) == 0 {
			title = i18n.F("Checks from %s: not read yet", src.Name)
		}
		l.checksTitle.SetText(title)
	}
	l.checks.Refresh()
}

func (l *sourceList) editSelected() {
	src, ok := l.current()
	if !ok {
		return
	}
	if src.Managed {
		l.s.openSourceEditor(src, src.Name, i18n.F("“%s” (set by your organisation)", src.Name))
		return
	}
	l.s.openSourceEditor(src, src.Name, i18n.F("Edit “%s”", src.Name))
}

func (l *sourceList) removeSelected() {
	src, ok := l.current()
	if !ok || src.Managed {
		return
	}
	l.s.confirmRemove(i18n.T("Remove monitoring server"),
		i18n.F("Remove “%s”? Its checks will no longer show in Uptray.", src.Name),
		func(u *config.Config) { u.Sources = without(u.Sources, src.Name, sourceName); l.s.forgetSecrets(src) })
}

func sourceName(s config.Source) string { return s.Name }

// remoteChecks are the services the engine made from a source's checks: those in its
// group (or a group under it) that are not services of the configuration.
func (s *Settings) remoteChecks(source string) []status.ServiceState {
	configured := map[string]bool{}
	for _, svc := range s.loaded.Merged.Services {
		configured[svc.Name] = true
	}
	var out []status.ServiceState
	for _, st := range s.snap.Services {
		if !configured[st.Name] && (st.Group == source || strings.HasPrefix(st.Group, source+" · ")) {
			out = append(out, st)
		}
	}
	return out
}

// remoteCheckCount is how many checks all sources bring.
func (s *Settings) remoteCheckCount() int {
	n := 0
	for _, src := range s.loaded.Merged.Sources {
		n += len(s.remoteChecks(src.Name))
	}
	return n
}

// unreadable reports whether a source's checks are the one line the engine shows
// when it cannot read the server.
func unreadable(source string, checks []status.ServiceState) bool {
	return len(checks) == 1 && checks[0].Name == source && checks[0].Status == status.Unknown
}

// checksText sums up a source's checks: "12 checks, 1 down".
func checksText(source string, checks []status.ServiceState) string {
	switch {
	case len(checks) == 0:
		return i18n.T("not read yet")
	case unreadable(source, checks):
		return i18n.T("can't be read")
	}
	var states []status.Status
	for _, c := range checks {
		states = append(states, c.Status)
	}
	return countText(states)
}

// countText sums up checks by state, one sentence a case: "12 checks, 1 down, 2
// degraded".
func countText(states []status.Status) string {
	n, down, degraded := tally(states)
	switch {
	case down > 0 && degraded > 0:
		return i18n.N("%[1]d checks, %[2]d down, %[3]d degraded", n, n, down, degraded)
	case down > 0:
		return i18n.N("%[1]d checks, %[2]d down", n, n, down)
	case degraded > 0:
		return i18n.N("%[1]d checks, %[2]d degraded", n, n, degraded)
	}
	return i18n.N("%d checks", n, n)
}

func remoteGroup(st status.ServiceState, source string) string {
	return strings.TrimPrefix(strings.TrimPrefix(st.Group, source), " · ")
}

// Auth choices of the source editor, in English: the Select shows them translated
// (authChoice reads them back).
const (
	authNone  = "None: the server is open" // i18n:ignore translated where shown (authLabels)
	authToken = "Token (bearer)"           // i18n:ignore translated where shown (authLabels)
	authBasic = "Username and password"    // i18n:ignore translated where shown (authLabels)
)

// authLabels are the sign-in choices as the Select shows them.
func authLabels() []string {
	return []string{i18n.T(authNone), i18n.T(authToken), i18n.T(authBasic)}
}

// The labels and hints of the source editor's fields are English, the keys of their
// translations: the form translates them where it shows them.
var sourceLabels = map[string]string{
	"name":     "Name",                   // i18n:ignore translated where shown
	"kind":     "Server",                 // i18n:ignore translated where shown
	"url":      "Address",                // i18n:ignore translated where shown
	"slug":     "Status page",            // i18n:ignore translated where shown
	"labels":   "Only alerts with",       // i18n:ignore translated where shown
	"include":  "Only checks named",      // i18n:ignore translated where shown
	"exclude":  "Leave out checks named", // i18n:ignore translated where shown
	"auth":     "Sign in",                // i18n:ignore translated where shown
	"token":    "Token",                  // i18n:ignore translated where shown
	"username": "Username",               // i18n:ignore translated where shown
	"password": "Password",               // i18n:ignore translated where shown
	"interval": "Check every",            // i18n:ignore translated where shown
	"timeout":  "Give up after",          // i18n:ignore translated where shown
	"rules":    "Fallbacks",              // i18n:ignore translated where shown

	"rules.match":    "Checks named",    // i18n:ignore translated where shown
	"rules.fallback": "When it is down", // i18n:ignore translated where shown
	"rules.critical": "Critical",        // i18n:ignore translated where shown
}

var sourceHints = map[string]string{
	"name":    "Also the group its checks appear in.",                                                                         // i18n:ignore translated where shown (fieldForm.add)
	"include": "Names of the server's checks, comma-separated: * matches any text (\"/\" too), ? one character. Empty = all.", // i18n:ignore translated where shown (fieldForm.add)
	"labels":  "Comma-separated label=value pairs; empty = every active alert.",                                               // i18n:ignore translated where shown (fieldForm.add)
	"token":   "Never shown in the menu or the log.",                                                                          // i18n:ignore translated where shown (fieldForm.add)
}

// sourceFields lists, in order, the fields the form shows.
func sourceFields(kind, auth string) []string {
	f := []string{keyName, keyKind, keyURL}
	switch kind {
	case "uptime-kuma":
		f = append(f, keySlug)
	case "alertmanager":
		f = append(f, keyLabels)
	}
	f = append(f, keyInclude, keyExclude, keyAuth)
	switch auth {
	case authToken:
		f = append(f, keyToken)
	case authBasic:
		f = append(f, keyUsername, keyPassword)
	}
	return append(f, keyInterval, keyTimeout, keyRules)
}

func sourceURLHint(kind string) string {
	switch kind {
	case "uptime-kuma":
		return i18n.T("the server's address, like https://uptime.example.com")
	case "alertmanager":
		return i18n.T("like https://alertmanager.example.com:9093")
	}
	return i18n.T("the server's address, like https://status.example.com")
}

// sourceEditor is the form for one source, shown in place of the sources.
type sourceEditor struct {
	*fieldForm
	s        *Settings
	origName string // the name of the user's source being edited; "" for a new one
	base     config.Source

	name, url, slug, labels, include, exclude *field
	token, username, password                 *field
	intervalPick, timeoutPick                 *durationPicker
	interval, timeout                         *field // the pickers' Custom… entries
	kind, auth                                *selectField
	rules                                     *rulesEditor
	net                                       *netSection   // proxy and certificates
	tester                                    *sourceTester // the Test row; nil without Deps.TestSource
	kc                                        *keychainRow  // secrets.go
}

// openSourceEditor shows the form for src. origName is the name of the user's source
// it edits, or "" to add a new one. A source of the organisation's (Managed) opens
// read-only: every field shown, greyed, nothing to save.
func (s *Settings) openSourceEditor(src config.Source, origName, title string) {
	if s.srcEdit != nil {
		s.srcEdit.close()
	}
	s.srcEdit = newSourceEditor(s, src, origName, title)
	s.tabs.SelectIndex(sourcesTab)
	s.showSourcesArea()
	if src.Managed {
		s.win.Canvas().Focus(s.srcEdit.cancelBtn)
		return
	}
	s.win.Canvas().Focus(s.srcEdit.name)
}

func (s *Settings) closeSourceEditor() {
	if s.srcEdit == nil {
		return
	}
	s.srcEdit.close()
	s.srcEdit = nil
	s.win.Canvas().Unfocus()
	s.showSourcesArea()
}

// showSourcesArea puts the source editor or the sources in their tab.
func (s *Settings) showSourcesArea() {
	if s.srcEdit != nil {
		showIn(s.srcArea, s.srcEdit.content)
	} else {
		showIn(s.srcArea, s.sources.content)
	}
}

func newSourceEditor(s *Settings, src config.Source, origName, title string) *sourceEditor {
	e := &sourceEditor{fieldForm: newFieldForm(title, sourceLabels, sourceHints), s: s, origName: origName, base: src}
	e.showAll = origName != ""
	e.readOnly = src.Managed // before build and fill: see setReadOnly
	e.onSave, e.onCancel = e.saveWithKeychain, s.closeSourceEditor
	e.onChange = func(string) { e.tester.changed(); e.validate() }
	interval, timeout := s.loaded.Merged.SourceTiming(config.Source{})
	e.name = e.entry(keyName, i18n.T("like Ops Gatus"))
	e.kind = e.choice(keyKind, sourceKindLabels.labelsOf(config.SourceKinds))
	e.kind.OnChanged = func(string) { e.relayout(keyKind) }
	e.url = e.entry(keyURL, sourceURLHint(src.Kind))
	e.slug = e.entry(keySlug, i18n.T("the part after /status/ in the page's address, like ops"))
	e.labels = e.entry(keyLabels, i18n.T("like team=ops, env=prod"))
	e.include = e.entry(keyInclude, i18n.T("all, or like web-*, db?"))
	e.exclude = e.entry(keyExclude, i18n.T("none, or like test-*"))
	e.auth = e.choice(keyAuth, authLabels())
	e.auth.OnChanged = func(string) { e.relayout(keyAuth) }
	e.token = e.secret(keyToken, i18n.T("sent as Authorization: Bearer …"))
	e.username = e.entry(keyUsername, "")
	e.password = e.secret(keyPassword, "")
	e.intervalPick = e.duration(keyInterval, intervalPresets)
	e.intervalPick.setDefault(interval, "")
	e.interval = e.intervalPick.custom
	e.timeoutPick = e.duration(keyTimeout, timeoutPresets)
	e.timeoutPick.setDefault(timeout, "")
	e.timeout = e.timeoutPick.custom
	e.net = newNetSection(e.fieldForm, func() { e.relayout("") })
	e.rules = newRulesEditor(e.fieldForm)
	e.add(keyRules, e.rules.content)
	if s.deps.TestSource != nil {
		e.tester = newSourceTester(e)
	}
	keychain := fyne.CanvasObject(container.NewStack())
	if !e.readOnly { // the organisation's secrets are not the user's to move
		keychain = e.newKeychainRow()
	}
	e.build(keychain, e.testRow())
	e.fill(src)
	if src.Managed {
		e.setReadOnly()
		e.rules.setReadOnly()
		e.net.setOpen(true) // every setting of the organisation's shown
		e.net.toggle.Hide() // and nothing to hide or show
	}
	return e
}

// fill puts a source's values in the form.
func (e *sourceEditor) fill(src config.Source) {
	e.loading = true
	defer func() { e.loading = false }()
	e.name.SetText(src.Name)
	kind := src.Kind
	if kind == "" {
		kind = "gatus" // i18n:ignore config keys
	}
	e.kind.SetSelected(sourceKindLabels.label(kind))
	e.url.SetText(src.URL)
	e.slug.SetText(src.Slug)
	var pairs []string
	for k, v := range src.Labels {
		pairs = append(pairs, k+"="+v)
	}
	sort.Strings(pairs)
	e.labels.SetText(strings.Join(pairs, ", "))
	e.include.SetText(strings.Join(src.Include, ", "))
	e.exclude.SetText(strings.Join(src.Exclude, ", "))
	switch {
	case src.Token != "":
		e.auth.SetSelected(i18n.T(authToken))
	case src.Username != "" || src.Password != "":
		e.auth.SetSelected(i18n.T(authBasic))
	default:
		e.auth.SetSelected(i18n.T(authNone))
	}
	e.token.SetText(src.Token)
	e.username.SetText(src.Username)
	e.password.SetText(src.Password)
	e.intervalPick.set(src.Interval)
	e.timeoutPick.set(src.Timeout)
	e.rules.set(src.Rules)
	e.net.set(src.Proxy, src.CAFile, src.CertFile, src.KeyFile)
	e.loading = false
	e.relayout("")
}

// relayout shows the fields of the chosen kind and sign-in.
func (e *sourceEditor) relayout(key string) {
	if e.loading {
		return
	}
	kind := sourceKindLabels.key(e.kind.Selected)
	e.url.SetPlaceHolder(sourceURLHint(kind))
	fields := sourceFields(kind, e.authChoice()) // ends with the rules, which stay last
	e.layout(append(append(fields[:len(fields)-1:len(fields)-1], e.net.keys("")...), fields[len(fields)-1]))
	if key != "" {
		e.fieldForm.changed(key)
	} else {
		e.validate()
	}
}

// source builds the source the form describes; problems the config type cannot hold
// (a label without "=") come back by field. Fields the form does not show are left
// empty.
func (e *sourceEditor) source() (config.Source, map[string]string) {
	problems := map[string]string{}
	src := e.base
	if !e.readOnly {
		src.Managed, src.Origin = false, ""
	}
	src.Name = strings.TrimSpace(e.name.Text)
	src.Kind = sourceKindLabels.key(e.kind.Selected)
	src.URL = strings.TrimSpace(e.url.Text)
	src.Slug, src.Labels = "", nil
	switch src.Kind {
	case "uptime-kuma":
		src.Slug = strings.TrimSpace(e.slug.Text)
	case "alertmanager":
		for _, pair := range splitList(e.labels.Text) {
			k, v, ok := strings.Cut(pair, "=")
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			if !ok || k == "" {
				problems["labels"] = i18n.F("“%s” is not label=value", pair)
				continue
			}
			if src.Labels == nil {
				src.Labels = map[string]string{}
			}
			src.Labels[k] = v
		}
	}
	src.Include = splitList(e.include.Text)
	src.Exclude = splitList(e.exclude.Text)
	src.Token, src.Username, src.Password = "", "", ""
	switch e.authChoice() {
	case authToken:
		src.Token = strings.TrimSpace(e.token.Text)
		if src.Token == "" {
			problems["token"] = i18n.T("The token is missing (or choose None under Sign in).")
		}
	case authBasic:
		src.Username = strings.TrimSpace(e.username.Text)
		src.Password = e.password.Text
		if src.Username == "" {
			problems["username"] = i18n.T("The username is missing (or choose None under Sign in).")
		}
	}
	src.Interval = e.intervalPick.value()
	src.Timeout = e.timeoutPick.value()
	src.Rules, _ = e.rules.rules()
	if !e.readOnly { // read-only, the form shows the proxy's password as stars: keep base's
		src.Proxy, src.CAFile, src.CertFile, src.KeyFile = e.net.values()
	}
	return src, problems
}

// validate runs the configuration's own validator over the form and shows each
// problem under its field.
func (e *sourceEditor) validate() {
	src, problems := e.source()
	_, rowOf := e.rules.rules()
	errs := renumber(e.collectErrors(problems, e.s.loaded.Merged.ValidateSource(src)), rowOf)
	if _, ok := errs["name"]; !ok && !e.readOnly {
		if msg := e.s.nameClash(src.Name, e.origName, true); msg != "" {
			errs["name"] = msg
		}
	}
	e.net.showErrors(errs)
	e.show(errs)
	e.tester.update()
}

// authChoice is the sign-in chosen, as one of the auth constants.
func (e *sourceEditor) authChoice() string {
	for _, a := range []string{authNone, authToken, authBasic} {
		if e.auth.Selected == i18n.T(a) {
			return a
		}
	}
	return authNone
}

// save writes the source into the user's file. With problems left, it shows them
// all and saves nothing.
func (e *sourceEditor) save() {
	if e.readOnly {
		return
	}
	e.s.saveForm(e.fieldForm, e.validate, i18n.T("Could not save the monitoring server"), func(u *config.Config) {
		src, _ := e.source()
		u.Sources = upsert(u.Sources, e.origName, sourceName, src)
	}, e.s.closeSourceEditor)
}

// close stops what the editor has under way (a test).
func (e *sourceEditor) close() { e.tester.cancelRun() }

// testRow is the row of Test, or nothing when the settings cannot read servers.
func (e *sourceEditor) testRow() fyne.CanvasObject {
	if e.tester == nil {
		return container.NewStack()
	}
	return e.tester.content
}

// sourceTester is the source editor's Test: it reads the server once with the form's
// values (Deps.TestSource, off the UI goroutine, within the form's timeout) and says
// how many checks it found and how many are down, or why it could not read them.
type sourceTester struct {
	*testRow // its mark shows the worst state found
	e        *sourceEditor
	cancel   context.CancelFunc
}

func newSourceTester(e *sourceEditor) *sourceTester {
	t := &sourceTester{e: e}
	t.testRow = newTestRow(i18n.T("Test reads the server once with these values, without saving."), t.run, e.escape)
	return t
}

// update enables Test while the fields it needs are good, and says that a result
// shown no longer matches the form. Safe on a nil tester.
func (t *sourceTester) update() {
	if t == nil || t.cancel != nil {
		return
	}
	for k := range t.e.errs {
		if k != "name" && !strings.HasPrefix(k, "rules") {
			t.button.Disable()
			return
		}
	}
	t.button.Enable()
}

// changed follows a change by the user: the last result no longer applies.
func (t *sourceTester) changed() {
	if t == nil || t.cancel != nil {
		return
	}
	t.stale()
}

func (t *sourceTester) run() {
	if t == nil || t.cancel != nil || t.e.s.deps.TestSource == nil {
		return
	}
	src, _ := t.e.source()
	_, timeout := t.e.s.loaded.Merged.SourceTiming(src)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.cancel = cancel
	t.start()
	test, do := t.e.s.deps.TestSource, t.e.s.do
	go func() {
		results, err := test(ctx, src)
		do(func() { t.show(ctx, cancel, results, err) })
	}()
}

// show puts a reading's outcome in words, with the worst state's mark.
func (t *sourceTester) show(ctx context.Context, cancel context.CancelFunc, results []status.Result, err error) {
	stopped := ctx.Err() == context.Canceled
	cancel()
	t.cancel = nil
	t.testRow.stop()
	t.update()
	if stopped || t.e.s.srcEdit != t.e {
		return // the editor was closed meanwhile
	}
	var states []status.Status
	for _, r := range results {
		states = append(states, r.Status)
	}
	switch {
	case err != nil:
		t.testRow.show(i18n.F("Could not read the server: %s", i18n.Reason(err.Error())), status.Down)
	case len(results) == 0:
		t.testRow.show(i18n.T("The server answered, with no checks: look at the names under Only checks named and Leave out checks named."), status.Unknown)
	default:
		t.testRow.show(foundText(states), status.Worst(states...))
	}
}

// foundText says what a test found: "12 checks found, 1 down".
func foundText(states []status.Status) string {
	n, down, degraded := tally(states)
	switch {
	case down > 0:
		return i18n.N("%[1]d checks found, %[2]d down", n, n, down)
	case degraded > 0:
		return i18n.N("%[1]d checks found, none down, %[2]d degraded", n, n, degraded)
	}
	return i18n.N("%d checks found, none down", n, n)
}

// cancelRun calls off a test under way. Safe on a nil tester.
func (t *sourceTester) cancelRun() {
	if t != nil && t.cancel != nil {
		t.cancel()
	}
}
