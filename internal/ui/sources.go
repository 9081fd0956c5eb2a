package ui

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/redact"
	"github.com/uptray/uptray/internal/status"
)

// sourceKindLabels name the monitoring servers a source can read.
var sourceKindLabels = choices{
	"gatus":        "Gatus",
	"uptime-kuma":  "Uptime Kuma (status page)",
	"alertmanager": "Prometheus Alertmanager",
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
	l.add = widget.NewButtonWithIcon("Add", theme.ContentAddIcon(), func() {
		s.openSourceEditor(config.Source{Kind: "gatus"}, "", "Add a monitoring server")
	})
	l.add.Importance = widget.HighImportance
	l.edit = widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), l.editSelected)
	l.remove = widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), l.removeSelected)
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

	intro := widget.NewLabel("Each check of these servers shows in Uptray as a service of its own.")
	intro.Wrapping = fyne.TextWrapWord
	toolbar := container.NewBorder(nil, nil, nil, container.NewHBox(l.add, l.edit, l.remove), intro)
	top := container.NewVBox(toolbar, listHeader(sourceColumns, "Name", "Server", "Address", "Checks"))
	sources := container.NewBorder(top, nil, nil, nil, l.list)
	checks := container.NewBorder(container.NewVBox(widget.NewSeparator(), l.checksTitle,
		listHeader(checkColumns, "Check", "Server's group", "State")), nil, nil, nil, l.checks)
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
// the checks it brings.
func (l *sourceList) updateActions() {
	src, ok := l.current()
	for _, b := range []*widget.Button{l.edit, l.remove} {
		if ok && !src.Managed {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	switch {
	case !ok:
		text := fmt.Sprintf("%s. Select one to see its checks.", plural(len(l.items), "monitoring server"))
		for _, src := range l.items {
			if src.Managed {
				text += " The locked ones are managed by your organisation."
				break
			}
		}
		l.info.SetText(text)
		l.checksTitle.SetText("Checks")
		l.checkItems = nil
	case src.Managed:
		l.info.SetText(src.Name + " is managed by your organisation: it can't be changed here.")
	default:
		l.info.SetText(fmt.Sprintf("%s: %s at %s.", src.Name, sourceKindLabels.label(src.Kind), redact.URL(src.URL)))
	}
	if ok {
		l.checkItems = l.s.remoteChecks(src.Name)
		title := fmt.Sprintf("Checks from %s (read-only: they follow the server)", src.Name)
		if len(l.checkItems) == 0 {
			title = fmt.Sprintf("Checks from %s: not read yet", src.Name)
		}
		l.checksTitle.SetText(title)
	}
	l.checks.Refresh()
}

func (l *sourceList) editSelected() {
	src, ok := l.current()
	if !ok || src.Managed {
		return
	}
	l.s.openSourceEditor(src, src.Name, fmt.Sprintf("Edit %q", src.Name))
}

func (l *sourceList) removeSelected() {
	src, ok := l.current()
	if !ok || src.Managed {
		return
	}
	l.s.confirmRemove("Remove monitoring server",
		fmt.Sprintf("Remove %q? Its checks will no longer show in Uptray.", src.Name),
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
		return "not read yet"
	case unreadable(source, checks):
		return "can't be read"
	}
	parts := []string{plural(len(checks), "check")}
	for _, st := range []status.Status{status.Down, status.Degraded} {
		n := 0
		for _, c := range checks {
			if c.Status == st {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ToLower(st.String())))
		}
	}
	return strings.Join(parts, ", ")
}

func remoteGroup(st status.ServiceState, source string) string {
	return strings.TrimPrefix(strings.TrimPrefix(st.Group, source), " · ")
}

// Auth choices of the source editor.
const (
	authNone  = "None: the server is open"
	authToken = "Token (bearer)"
	authBasic = "Username and password"
)

var sourceLabels = map[string]string{
	"name":     "Name",
	"kind":     "Server",
	"url":      "Address",
	"slug":     "Status page",
	"labels":   "Only alerts with",
	"include":  "Only checks named",
	"exclude":  "Leave out checks named",
	"auth":     "Sign in",
	"token":    "Token",
	"username": "Username",
	"password": "Password",
	"interval": "Check every",
	"timeout":  "Give up after",
	"rules":    "Fallbacks",

	"rules.match":    "Checks named",
	"rules.fallback": "When it is down",
	"rules.critical": "Critical",
}

var sourceHints = map[string]string{
	"name":    "Also the group its checks appear in.",
	"include": "Names of the server's checks, comma-separated: * matches any text (\"/\" too), ? one character. Empty = all.",
	"labels":  "Comma-separated label=value pairs; empty = every active alert.",
	"token":   "Kept in your settings file; never shown in the menu or the log.",
}

// sourceFields lists, in order, the fields the form shows.
func sourceFields(kind, auth string) []string {
	f := []string{"name", "kind", "url"}
	switch kind {
	case "uptime-kuma":
		f = append(f, "slug")
	case "alertmanager":
		f = append(f, "labels")
	}
	f = append(f, "include", "exclude", "auth")
	switch auth {
	case authToken:
		f = append(f, "token")
	case authBasic:
		f = append(f, "username", "password")
	}
	return append(f, "interval", "timeout", "rules")
}

func sourceURLHint(kind string) string {
	switch kind {
	case "uptime-kuma":
		return "the server's address, like https://uptime.example.com"
	case "alertmanager":
		return "like https://alertmanager.example.com:9093"
	}
	return "the server's address, like https://status.example.com"
}

// sourceEditor is the form for one source, shown in place of the sources.
type sourceEditor struct {
	*fieldForm
	s        *Settings
	origName string // the name of the user's source being edited; "" for a new one
	base     config.Source

	name, url, slug, labels, include, exclude *field
	token, username, password, interval       *field
	timeout                                   *field
	kind, auth                                *selectField
	rules                                     *rulesEditor
	kc                                        *keychainRow // secrets.go
}

// openSourceEditor shows the form for src. origName is the name of the user's source
// it edits, or "" to add a new one.
func (s *Settings) openSourceEditor(src config.Source, origName, title string) {
	if src.Managed {
		return
	}
	s.srcEdit = newSourceEditor(s, src, origName, title)
	s.tabs.SelectIndex(sourcesTab)
	s.showSourcesArea()
	s.win.Canvas().Focus(s.srcEdit.name)
}

func (s *Settings) closeSourceEditor() {
	if s.srcEdit == nil {
		return
	}
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
	e.onSave, e.onCancel = e.saveWithKeychain, s.closeSourceEditor
	e.onChange = func(string) { e.validate() }
	interval, timeout := s.loaded.Merged.SourceTiming(config.Source{})
	e.name = e.entry("name", "like Ops Gatus")
	e.kind = e.choice("kind", sourceKindLabels.labelsOf(config.SourceKinds))
	e.kind.OnChanged = func(string) { e.relayout("kind") }
	e.url = e.entry("url", sourceURLHint(src.Kind))
	e.slug = e.entry("slug", "the part after /status/ in the page's address, like ops")
	e.labels = e.entry("labels", "like team=ops, env=prod")
	e.include = e.entry("include", "all, or like web-*, db?")
	e.exclude = e.entry("exclude", "none, or like test-*")
	e.auth = e.choice("auth", []string{authNone, authToken, authBasic})
	e.auth.OnChanged = func(string) { e.relayout("auth") }
	e.token = e.secret("token", "sent as Authorization: Bearer …")
	e.username = e.entry("username", "")
	e.password = e.secret("password", "")
	e.interval = e.entry("interval", config.Format(interval)+" (the default), or like 30s, 5m")
	e.timeout = e.entry("timeout", config.Format(timeout)+" (the default)")
	e.rules = newRulesEditor(e.fieldForm)
	e.add("rules", e.rules.content)
	e.build(e.newKeychainRow())
	e.fill(src)
	return e
}

// fill puts a source's values in the form.
func (e *sourceEditor) fill(src config.Source) {
	e.loading = true
	defer func() { e.loading = false }()
	e.name.SetText(src.Name)
	kind := src.Kind
	if kind == "" {
		kind = "gatus"
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
		e.auth.SetSelected(authToken)
	case src.Username != "" || src.Password != "":
		e.auth.SetSelected(authBasic)
	default:
		e.auth.SetSelected(authNone)
	}
	e.token.SetText(src.Token)
	e.username.SetText(src.Username)
	e.password.SetText(src.Password)
	e.interval.SetText(durText(src.Interval))
	e.timeout.SetText(durText(src.Timeout))
	e.rules.set(src.Rules)
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
	e.layout(sourceFields(kind, e.auth.Selected))
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
	src.Managed, src.Origin = false, ""
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
				problems["labels"] = fmt.Sprintf("%q is not label=value", pair)
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
	switch e.auth.Selected {
	case authToken:
		src.Token = strings.TrimSpace(e.token.Text)
		if src.Token == "" {
			problems["token"] = "is missing (or choose None under Sign in)"
		}
	case authBasic:
		src.Username = strings.TrimSpace(e.username.Text)
		src.Password = e.password.Text
		if src.Username == "" {
			problems["username"] = "is missing (or choose None under Sign in)"
		}
	}
	src.Interval = parseDuration(e.interval.Text)
	src.Timeout = parseDuration(e.timeout.Text)
	src.Rules, _ = e.rules.rules()
	return src, problems
}

// validate runs the configuration's own validator over the form and shows each
// problem under its field.
func (e *sourceEditor) validate() {
	src, problems := e.source()
	_, rowOf := e.rules.rules()
	errs := renumber(collectErrors(problems, e.s.loaded.Merged.ValidateSource(src)), rowOf)
	if _, ok := errs["name"]; !ok {
		if msg := e.s.nameClash(src.Name, e.origName, true); msg != "" {
			errs["name"] = msg
		}
	}
	e.show(errs)
}

// save writes the source into the user's file. With problems left, it shows them
// all and saves nothing.
func (e *sourceEditor) save() {
	e.s.saveForm(e.fieldForm, e.validate, "save the monitoring server", func(u *config.Config) {
		src, _ := e.source()
		u.Sources = upsert(u.Sources, e.origName, sourceName, src)
	}, e.s.closeSourceEditor)
}
