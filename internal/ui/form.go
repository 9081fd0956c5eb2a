package ui

import (
	"image/color"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/redact"
	"github.com/uptray/uptray/internal/status"
)

// The config file's keys of the fields the editors lay out themselves (the kinds'
// own fields come with their keys from config's table).
const (
	keyName     = "name"     // i18n:ignore config key
	keyKind     = "kind"     // i18n:ignore config key
	keyTarget   = "target"   // i18n:ignore config key
	keyInterval = "interval" // i18n:ignore config key
	keyTimeout  = "timeout"  // i18n:ignore config key
	keyGroup    = "group"    // i18n:ignore config key
	keyFallback = "fallback" // i18n:ignore config key
	keyCritical = "critical" // i18n:ignore config key
	keyURL      = "url"      // i18n:ignore config key
	keySlug     = "slug"     // i18n:ignore config key
	keyLabels   = "labels"   // i18n:ignore config key
	keyInclude  = "include"  // i18n:ignore config key
	keyExclude  = "exclude"  // i18n:ignore config key
	keyAuth     = "auth"     // i18n:ignore config key
	keyToken    = "token"    // i18n:ignore config key
	keyUsername = "username" // i18n:ignore config key
	keyPassword = "password" // i18n:ignore config key
	keyRules    = "rules"    // i18n:ignore config key
)

// fieldForm is what the service and source editors share: fields keyed by their name
// in the config file, laid out in a form with an error (and an optional hint) under
// each, and a summary and Save button that follow the errors.
//
// Labels and hints are kept in English, the translation files' keys (some come from
// config's table of kinds), and translated where they are shown.
//
// Keyboard: Tab follows the fields in the order they are laid out, then the buttons;
// Enter saves and Escape cancels from every control of the form (entries, Selects,
// check boxes, duration pickers), and Enter presses a focused button.
type fieldForm struct {
	labels   map[string]string // field key → its label (English: the key of its translation)
	hints    map[string]string // field key → a grey explanation under it (English)
	widgets  map[string]fyne.CanvasObject
	cells    map[string]*fyne.Container // each field with its error and hint under it
	errLabel map[string]*widget.Label
	laidOut  map[string]bool // the fields the form shows now
	touched  map[string]bool
	showAll  bool // show every problem, not only those of fields the user changed
	errs     map[string]string
	// labelFirst holds the problems in errs that the validator words to be read after
	// the field's name ("is missing"): humanize puts the label first for them, in
	// every language (the translation of such a problem has no subject either).
	labelFirst map[string]bool
	loading    bool // the form is being filled: changes are not the user's
	readOnly   bool // the entry is the organisation's: shown, not changed

	form             *fyne.Container
	scroll           *container.Scroll // around form
	title            *widget.Label
	titleExtra       fyne.CanvasObject // beside the title, when set before build
	lockNote         *fyne.Container   // "Set by your organisation — read only", shown when readOnly
	summary          *widget.Label
	save_, cancelBtn *buttonField // Enter presses a focused one, as Space does
	content          fyne.CanvasObject

	onSave, onCancel func()
	onChange         func(key string) // after a change by the user
}

func newFieldForm(title string, labels, hints map[string]string) *fieldForm {
	f := &fieldForm{labels: labels, hints: hints,
		widgets: map[string]fyne.CanvasObject{}, cells: map[string]*fyne.Container{}, errLabel: map[string]*widget.Label{},
		laidOut: map[string]bool{}, touched: map[string]bool{}}
	f.save_ = newButtonField(i18n.T("Save"), theme.DocumentSaveIcon(), func() { f.onSave() })
	f.save_.Importance = widget.HighImportance
	f.save_.onEscape = f.escape
	f.cancelBtn = newButtonField(i18n.T("Cancel"), nil, func() { f.onCancel() })
	f.cancelBtn.onEscape = f.escape
	f.summary = widget.NewLabel("")
	f.summary.Wrapping = fyne.TextWrapWord
	f.summary.Importance = widget.DangerImportance
	f.title = widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.form = container.New(layout.NewFormLayout())
	lock := widget.NewLabelWithStyle(i18n.T("Set by your organisation — read only"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	lock.Wrapping = fyne.TextWrapWord
	f.lockNote = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, lock)
	f.lockNote.Hide()
	return f
}

// add registers a field's control; a Select, check box or duration picker takes
// Enter and Escape for the form as an entry does.
func (f *fieldForm) add(key string, w fyne.CanvasObject) {
	f.widgets[key] = w
	f.errLabel[key] = errorLabel()
	f.cells[key] = container.NewVBox(w, f.errLabel[key])
	if h := f.hints[key]; h != "" {
		f.cells[key].Add(hintText(i18n.T(h)))
	}
	if k, ok := w.(keyed); ok {
		k.setKeys(f.submit, f.escape)
	}
}

// submit and escape are the form's Enter and Escape: they look onSave and onCancel
// up when pressed, since the editors set them after the fields are made.
func (f *fieldForm) submit() { f.onSave() }
func (f *fieldForm) escape() { f.onCancel() }

// duration is a duration picker whose changes count as the user's.
func (f *fieldForm) duration(key string, presets []time.Duration) *durationPicker {
	p := newDurationPicker(presets, func() { f.changed(key) })
	f.add(key, p)
	return p
}

// entry is a one-line field: Enter saves, Escape cancels. The placeholder is shown
// as given: callers translate it.
func (f *fieldForm) entry(key, placeholder string) *field {
	e := newField(placeholder)
	e.onEscape = f.escape
	e.OnSubmitted = func(string) { f.submit() }
	e.OnChanged = func(string) { f.changed(key) }
	f.add(key, e)
	return e
}

// secret is an entry whose text is masked.
func (f *fieldForm) secret(key, placeholder string) *field {
	e := f.entry(key, placeholder)
	e.Password = true
	return e
}

// choice is a Select whose changes count as the user's.
func (f *fieldForm) choice(key string, options []string) *selectField {
	s := newSelectField(options, func(string) { f.changed(key) })
	f.add(key, s)
	return s
}

func (f *fieldForm) changed(key string) {
	if f.loading || f.readOnly {
		return
	}
	f.touched[key] = true
	if f.onChange != nil {
		f.onChange(key)
	}
}

// build puts the form together: the title, the fields (scrolling), and extra rows
// above the summary and the buttons.
func (f *fieldForm) build(extra ...fyne.CanvasObject) {
	buttons := container.NewBorder(nil, nil, nil, container.NewHBox(f.cancelBtn, f.save_), f.summary)
	bottom := container.NewVBox(widget.NewSeparator())
	for _, o := range extra {
		bottom.Add(o)
	}
	bottom.Add(buttons)
	var form fyne.CanvasObject = container.NewPadded(f.form)
	if f.readOnly {
		// Greyed fields are drawn in the theme's disabled colour, too faint to read
		// a whole form in: here the values are what the user came to read.
		form = container.NewThemeOverride(form, readableTheme{})
	}
	f.scroll = formScroll(form)
	for key, w := range f.widgets {
		revealOnFocus(f.scroll, w, f.cells[key])
	}
	var top fyne.CanvasObject = f.title
	if f.titleExtra != nil {
		top = container.NewBorder(nil, nil, nil, f.titleExtra, f.title)
	}
	top = container.NewVBox(top, f.lockNote)
	f.content = container.NewPadded(container.NewBorder(top, bottom, nil, nil, f.scroll))
}

// layout shows these fields, in visual (and Tab) order.
func (f *fieldForm) layout(keys []string) {
	var objs []fyne.CanvasObject
	f.laidOut = map[string]bool{}
	for _, k := range keys {
		objs = append(objs, widget.NewLabel(i18n.T(f.labels[k])), f.cells[k])
		f.laidOut[k] = true
	}
	f.form.Objects = objs
	f.form.Refresh()
	fitContent(f.scroll)
}

// baseKey names a field of a list entry without its number: "rules[2].match" is
// "rules.match".
func baseKey(key string) string {
	head, rest, ok := strings.Cut(key, "[")
	if !ok {
		return key
	}
	if _, tail, ok := strings.Cut(rest, "]"); ok {
		return head + tail
	}
	return key
}

// shows reports whether the form shows the field key, or the list it belongs to
// ("rules[2].match" belongs to "rules").
func (f *fieldForm) shows(key string) bool {
	head, _, _ := strings.Cut(key, "[")
	return f.laidOut[key] || f.laidOut[head]
}

// collectErrors merges problems found while reading the form with the validator's
// errors: one message per field, the form's own first. It notes which of the
// validator's read after their field's name (labelFirst).
func (f *fieldForm) collectErrors(problems map[string]string, es config.Errors) map[string]string {
	errs := map[string]string{}
	for k, m := range problems {
		errs[k] = m
	}
	f.labelFirst = map[string]bool{}
	for _, fe := range es {
		if _, ok := errs[fe.Field]; !ok {
			text := problemText(fe)
			errs[fe.Field] = text
			if subjectless(fe.Msg) {
				f.labelFirst[text] = true
			}
		}
	}
	return errs
}

// show puts each error under its field (those of untouched fields wait for
// showAll), sums them up, and enables Save only when there are none.
func (f *fieldForm) show(errs map[string]string) {
	f.errs = errs
	shown := 0
	for key, l := range f.errLabel {
		if msg := errs[key]; msg != "" && f.shows(key) && (f.showAll || f.touched[key]) {
			setError(l, humanize(i18n.T(f.labels[baseKey(key)]), msg, f.labelFirst[msg]))
			shown++
		} else {
			setError(l, "")
		}
	}
	var other []string
	for key, msg := range errs {
		if !f.shows(key) {
			other = append(other, key+": "+msg)
		}
	}
	sort.Strings(other)
	switch {
	case len(other) > 0:
		f.summary.SetText(strings.Join(other, "\n"))
	case shown > 0:
		f.summary.SetText(i18n.N("Fix the %d problems marked in red to save.", shown, shown))
	default:
		f.summary.SetText("")
	}
	if f.readOnly {
		f.summary.SetText("") // nothing here can be fixed or saved
	}
	if len(errs) > 0 || f.readOnly {
		f.save_.Disable()
	} else {
		f.save_.Enable()
	}
	f.form.Refresh()
	fitContent(f.scroll)
}

// setReadOnly shows the form as the organisation's: every field shown and greyed,
// the note "Set by your organisation — read only" under the title, no Save, and
// Cancel reads Close. Controls that cannot be disabled are left as they are. The
// editor sets f.readOnly before build and fill (the values read more plainly, and
// no name clash with itself is reported), and calls this once they are filled.
func (f *fieldForm) setReadOnly() {
	f.readOnly = true
	for _, w := range f.widgets {
		disableAll(w)
		clearPlaceholders(w)
	}
	if f.titleExtra != nil {
		f.titleExtra.Hide()
	}
	f.lockNote.Show()
	f.save_.Hide()
	f.cancelBtn.SetText(i18n.T("Close"))
	f.cancelBtn.SetIcon(theme.CancelIcon())
	f.summary.SetText("")
}

// clearPlaceholders blanks the examples of o's empty entries: in a read-only form an
// example drawn like a value would read as one, and blank says "not set".
func clearPlaceholders(o fyne.CanvasObject) {
	switch w := o.(type) {
	case *field:
		w.SetPlaceHolder("")
	case *choiceField:
		w.SetPlaceHolder("")
	case *durationPicker:
		w.custom.SetPlaceHolder("")
	case *fyne.Container:
		for _, c := range w.Objects {
			clearPlaceholders(c)
		}
	}
}

// disableAll disables o, or every control inside it.
func disableAll(o fyne.CanvasObject) {
	switch w := o.(type) {
	case fyne.Disableable:
		w.Disable()
	case *fyne.Container:
		for _, c := range w.Objects {
			disableAll(c)
		}
	}
}

// readableTheme is the app's theme with the disabled colour of text darkened to a
// readable grey (about 7:1 on the fields' background, light or dark), for read-only
// forms. It asks the app for its theme on every call, so it follows a change of
// theme or of light and dark.
type readableTheme struct{}

func (readableTheme) base() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t readableTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameDisabled {
		r, g, b, _ := t.base().Color(theme.ColorNameForeground, v).RGBA()
		return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0xb8}
	}
	return t.base().Color(n, v)
}

func (t readableTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.base().Font(s) }
func (t readableTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base().Icon(n) }
func (t readableTheme) Size(n fyne.ThemeSizeName) float32       { return t.base().Size(n) }

// choices map config words to what people read in a Select (English: the keys of
// their translations).
type choices map[string]string

// label is what a Select shows for a config word, translated.
func (c choices) label(key string) string {
	if l, ok := c[key]; ok {
		return i18n.T(l)
	}
	return key
}

// key is the config word of a label as label shows it.
func (c choices) key(label string) string {
	for k := range c {
		if c.label(k) == label {
			return k
		}
	}
	return label
}

// labelsOf lists the labels of keys, in that order.
func (c choices) labelsOf(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = c.label(k)
	}
	return out
}

// splitList reads a comma-separated list, dropping empty items.
func splitList(text string) []string {
	var out []string
	for _, w := range strings.Split(text, ",") {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// durText shows a duration as it was written (an invalid one as typed).
func durText(d config.Duration) string {
	switch {
	case !d.Set:
		return ""
	case !d.Valid:
		return strings.Trim(d.Raw, `"`)
	}
	return config.Format(d.Duration)
}

// upsert replaces the entry named orig, or appends v when orig is "" or gone.
func upsert[T any](list []T, orig string, name func(T) string, v T) []T {
	for i, x := range list {
		if orig != "" && name(x) == orig {
			list[i] = v
			return list
		}
	}
	return append(list, v)
}

// without drops the entry with that name.
func without[T any](list []T, target string, name func(T) string) []T {
	for i, x := range list {
		if name(x) == target {
			return append(list[:i], list[i+1:]...)
		}
	}
	return list
}

// The network settings (proxy, ca_file, cert_file, key_file) are for the few who need
// them: the form keeps them under one row, "Advanced: network", whose button shows
// them; they are shown from the start when one is set, so nothing set is hidden.
// Which kinds use which setting is the validator's to say (a proxy for a ping check
// is reported under the field), so nothing here names a kind.

// netKeys are the network settings' fields, in the file's order.
var netKeys = []string{"proxy", "ca_file", "cert_file", "key_file"} // i18n:ignore config keys

// netRow is the form's key of the row that shows and hides them.
const netRow = "network" // i18n:ignore a form key

// netLabels and netHints are their words (English: translated where shown).
var (
	netLabels = map[string]string{
		"network":   "Advanced: network",         // i18n:ignore translated where shown
		"proxy":     "Proxy",                     // i18n:ignore translated where shown
		"ca_file":   "Trusted certificates (CA)", // i18n:ignore translated where shown
		"cert_file": "Client certificate",        // i18n:ignore translated where shown
		"key_file":  "Client certificate's key",  // i18n:ignore translated where shown
	}
	netHints = map[string]string{
		"proxy":   "For web checks and servers; tcp, dns, ping and tls checks connect directly.",   // i18n:ignore translated where shown
		"ca_file": "Trusted on top of the computer's own, for servers with a company certificate.", // i18n:ignore translated where shown
	}
)

// netSection is the form's network settings and the row that shows them.
type netSection struct {
	f                    *fieldForm
	toggle               *buttonField
	proxy, ca, cert, key *field
	open                 bool
	relayout             func() // lays the form out again
}

// newNetSection adds the network rows to f; relayout lays the form out again when
// they are shown or hidden.
func newNetSection(f *fieldForm, relayout func()) *netSection {
	n := &netSection{f: f, relayout: relayout}
	for k, l := range netLabels {
		f.labels[k] = l
	}
	for k, h := range netHints {
		f.hints[k] = h
	}
	n.toggle = newButtonField("", theme.MenuDropDownIcon(), func() {
		n.setOpen(!n.open)
		if n.open {
			if c := fyne.CurrentApp(); c != nil {
				if cv := c.Driver().CanvasForObject(n.toggle); cv != nil {
					cv.Focus(n.proxy)
				}
			}
		}
	})
	n.toggle.Importance = widget.LowImportance
	n.toggle.Alignment = widget.ButtonAlignLeading
	n.toggle.onEscape = f.escape
	f.add(netRow, container.NewHBox(n.toggle))
	// The form follows the focus of its fields, not of a button inside a box.
	n.toggle.setOnFocus(func() { reveal(f.scroll, f.cells[netRow], n.toggle) })
	n.proxy = f.entry(netKeys[0], i18n.T("the computer's setting; none; or like http://proxy.example.com:3128"))
	n.ca = f.entry(netKeys[1], i18n.T("optional: a PEM file, like /etc/ssl/company-ca.pem"))
	n.cert = f.entry(netKeys[2], i18n.T("optional: a PEM file, for servers that ask for one"))
	n.key = f.entry(netKeys[3], i18n.T("the certificate's private key, a PEM file"))
	n.label()
	return n
}

func (n *netSection) label() {
	if n.open {
		n.toggle.SetText(i18n.T("Hide proxy and certificates"))
		n.toggle.SetIcon(theme.MenuDropUpIcon())
	} else {
		n.toggle.SetText(i18n.T("Show proxy and certificates"))
		n.toggle.SetIcon(theme.MenuDropDownIcon())
	}
}

func (n *netSection) setOpen(open bool) {
	if n.open == open {
		return
	}
	n.open = open
	n.label()
	n.relayout()
}

// set shows the values, and the rows when one is set. A proxy's password is shown
// as stars in a read-only form (the organisation's).
func (n *netSection) set(proxy, ca, cert, key string) {
	if n.f.readOnly {
		proxy = redact.URL(proxy)
	}
	n.proxy.SetText(proxy)
	n.ca.SetText(ca)
	n.cert.SetText(cert)
	n.key.SetText(key)
	if proxy != "" || ca != "" || cert != "" || key != "" {
		n.open = true
		n.label()
	}
}

// values are the settings as typed.
func (n *netSection) values() (proxy, ca, cert, key string) {
	return strings.TrimSpace(n.proxy.Text), strings.TrimSpace(n.ca.Text),
		strings.TrimSpace(n.cert.Text), strings.TrimSpace(n.key.Text)
}

// keys are the rows to lay out for a kind ("" for a monitoring server): the toggle,
// and the settings when shown: those the kind uses, and any other that holds a value
// (so the validator's "applies only to…" shows beside it). None for a kind that uses
// none and has none set (tcp, dns, ping).
func (n *netSection) keys(kind string) []string {
	uses := config.NetworkKeys(kind)
	var shown []string
	for i, k := range netKeys {
		if slices.Contains(uses, k) || n.valueAt(i) != "" {
			shown = append(shown, k)
		}
	}
	switch {
	case len(shown) == 0:
		return nil
	case n.open:
		return append([]string{netRow}, shown...)
	}
	return []string{netRow}
}

// valueAt is the i-th setting as typed, in netKeys' order.
func (n *netSection) valueAt(i int) string {
	proxy, ca, cert, key := n.values()
	return []string{proxy, ca, cert, key}[i]
}

// showErrors opens the rows when the validator has something to say about one, so
// that the problem shows under its field.
func (n *netSection) showErrors(errs map[string]string) {
	for _, k := range netKeys {
		if _, bad := errs[k]; bad && !n.open {
			n.setOpen(true)
			return
		}
	}
}

// testRow is an editor's Test: the button, and what the last test found in words,
// coloured, with its state's shape beside them (never colour alone), or a progress
// bar while it runs.
type testRow struct {
	button   *buttonField
	progress *widget.ProgressBarInfinite
	result   *widget.Label
	mark     *canvas.Image
	content  *fyne.Container
}

// newTestRow makes the row; hint says what Test does until it has run.
func newTestRow(hint string, run, escape func()) *testRow {
	r := &testRow{progress: widget.NewProgressBarInfinite(), result: widget.NewLabel(hint), mark: newStateMark()}
	r.button = newButtonField(i18n.T("Test"), theme.MediaPlayIcon(), run)
	r.button.onEscape = escape
	r.progress.Stop()
	r.progress.Hide()
	r.result.Wrapping = fyne.TextWrapWord
	r.mark.SetMinSize(fyne.NewSquareSize(theme.IconInlineSize()))
	r.mark.Hide()
	result := container.NewBorder(nil, nil, container.NewPadded(container.NewCenter(r.mark)), nil, r.result)
	r.content = container.NewBorder(nil, nil, r.button, nil, container.NewStack(r.progress, result))
	return r
}

// start shows the test running.
func (r *testRow) start() {
	r.button.Disable()
	r.button.SetText(i18n.T("Testing…"))
	r.result.SetText("")
	r.result.Hide()
	r.mark.Hide()
	r.progress.Show()
	r.progress.Start()
}

// stop ends the running look; the caller enables the button when the form allows.
func (r *testRow) stop() {
	r.progress.Stop()
	r.progress.Hide()
	r.button.SetText(i18n.T("Test"))
}

// show says what the test found, in the state's colour and shape.
func (r *testRow) show(text string, st status.Status) {
	r.result.SetText(text)
	r.result.Importance = statusImportance(st)
	r.result.Show()
	r.result.Refresh()
	setStateMark(r.mark, st)
	r.mark.Show()
}

// stale says the result shown no longer matches the form, once.
func (r *testRow) stale() {
	if !r.mark.Visible() {
		return
	}
	r.mark.Hide()
	r.result.Importance = widget.MediumImportance
	r.result.SetText(i18n.T("Changed since the last test."))
}

// tally counts states: all, down, degraded.
func tally(states []status.Status) (n, down, degraded int) {
	for _, st := range states {
		switch st {
		case status.Down:
			down++
		case status.Degraded:
			degraded++
		}
	}
	return len(states), down, degraded
}
