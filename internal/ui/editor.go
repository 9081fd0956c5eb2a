package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
)

// Everything the editor knows of a kind comes from config's table of kinds: its label,
// its target's label and hint, and its own options with their labels, hints and
// controls. Nothing here names a kind. The table's words are English, the keys of
// their translations (editors.*.json): they are translated where they are shown.

// commonLabels label the fields every service has (English: translated when shown).
var commonLabels = map[string]string{
	"name":     "Name",            // i18n:ignore translated where shown
	"kind":     "Check",           // i18n:ignore translated where shown
	"target":   "Address",         // i18n:ignore translated where shown
	"interval": "Check every",     // i18n:ignore translated where shown
	"timeout":  "Give up after",   // i18n:ignore translated where shown
	"group":    "Group",           // i18n:ignore translated where shown
	"fallback": "When it is down", // i18n:ignore translated where shown
	"critical": "Critical",        // i18n:ignore translated where shown
}

// kindLabel says what a kind of check is, for people who do not know the words.
func kindLabel(kind string) string {
	if k, ok := config.KindByName(kind); ok {
		return i18n.T(k.Label)
	}
	return kind
}

// kindOf is the kind a label of the kinds' list (as kindLabel shows it) stands for.
func kindOf(label string) string {
	for _, k := range config.Kinds() {
		if i18n.T(k.Label) == label {
			return k.Name
		}
	}
	return label
}

func kindLabels() []string {
	var out []string
	for _, k := range config.Kinds() {
		out = append(out, i18n.T(k.Label))
	}
	return out
}

// editorWords are the labels and hints of every field the editor can show (the
// target's label is the selected kind's, set by layoutForm).
func editorWords() (labels, hints map[string]string) {
	labels, hints = map[string]string{}, map[string]string{}
	for k, l := range commonLabels {
		labels[k] = l
	}
	for _, f := range config.KindFields() {
		labels[f.Key], hints[f.Key] = f.Label, f.Hint
	}
	return labels, hints
}

// fieldsOf lists, in order, the fields the form shows for a kind.
func fieldsOf(kind config.Kind) []string {
	f := []string{keyName, keyKind, keyTarget}
	for _, o := range kind.Fields {
		f = append(f, o.Key)
	}
	return append(f, keyInterval, keyTimeout, keyGroup, keyFallback, keyCritical)
}

// targetPlaceholder is the Address field's example for a kind.
func targetPlaceholder(kind string) string {
	if k, ok := config.KindByName(kind); ok {
		return i18n.T(k.TargetHint)
	}
	return "https://status.vendor.com" // i18n:ignore an address
}

// durationChoice is what a kind's duration option offers in its picker: a few
// values, and what leaving it unset means (its default, or none).
type durationChoice struct {
	presets []time.Duration
	def     time.Duration // the value an unset option means; 0: none
	unset   string        // the label of the unset choice when def is 0 (English)
}

// durationChoices by option key; an option not listed gets the interval's presets
// and "Not set".
var durationChoices = map[string]durationChoice{
	"max_latency": {presets: latencyPresets, unset: "Never"}, // i18n:ignore translated where shown
	"feed_window": {presets: feedWindowPresets, def: config.DefaultFeedWindow},
}

func durationChoiceOf(key string) durationChoice {
	if c, ok := durationChoices[key]; ok {
		return c
	}
	return durationChoice{presets: intervalPresets, unset: "Not set"} // i18n:ignore translated where shown
}

// option is one of the kinds' own fields in the form: one control per key, shared by
// the kinds that take it (switching from tcp to http keeps "Slow when over").
type option struct {
	config.Field
	entry *field          // typed: text, numbers, lists
	check *checkField     // config.WidgetBool
	pick  *selectField    // config.WidgetChoice
	dur   *durationPicker // config.WidgetDuration
}

// text is the control's value as config.Field.Set reads it.
func (o *option) text() string {
	switch {
	case o.check != nil:
		if o.check.Checked {
			return "true" // i18n:ignore config keys
		}
		return ""
	case o.pick != nil:
		return o.pick.Selected
	case o.dur != nil:
		return durText(o.dur.value())
	}
	return o.entry.Text
}

// show puts a service's value in the control.
func (o *option) show(svc config.Service) {
	v := o.Get(&svc)
	switch {
	case o.check != nil:
		o.check.SetChecked(v != "")
	case o.pick != nil:
		if v == "" {
			v = o.Default
		}
		o.pick.SetSelected(v)
	case o.dur != nil:
		o.dur.set(parseDurationText(v))
	default:
		o.entry.SetText(v)
	}
}

// newOption makes the control for a field and adds it to the form.
func (e *editor) newOption(f config.Field) *option {
	o := &option{Field: f}
	switch f.Widget {
	case config.WidgetBool:
		o.check = newCheckField(i18n.T(f.Placeholder), func(bool) { e.fieldForm.changed(f.Key) })
		e.add(f.Key, o.check)
	case config.WidgetChoice:
		o.pick = e.choice(f.Key, f.Choices)
	case config.WidgetDuration:
		c := durationChoiceOf(f.Key)
		o.dur = e.duration(f.Key, c.presets)
		if c.def > 0 {
			o.dur.setDefault(c.def, "")
		} else {
			o.dur.setDefault(0, i18n.T(c.unset))
		}
	default:
		o.entry = e.entry(f.Key, i18n.T(f.Placeholder))
		e.attachPicker(o)
	}
	return o
}

// newService is what Add starts from.
func newService() config.Service { return config.Service{Kind: "http"} } // i18n:ignore config keys

// editor is the form for one service, shown in place of the list.
type editor struct {
	*fieldForm
	s        *Settings
	origName string // the name of the user's service being edited; "" for a new one
	base     config.Service

	name, target, fall        *field
	intervalPick, timeoutPick *durationPicker
	// interval and timeout are the pickers' Custom… entries: typing there sets a
	// custom value, as typing did when these were plain entries.
	interval, timeout *field
	kind              *selectField
	critical          *checkField
	group             *choiceField
	options           map[string]*option // the kinds' own fields, by key
	net               *netSection        // proxy and certificates, under "Advanced: network"

	test_      *buttonField
	progress   *widget.ProgressBarInfinite
	result     *widget.Label
	resultMark *canvas.Image // the result's shape and colour, beside its word
	tests      *testRow      // the row of the fields above
	stopTest   context.CancelFunc

	pickBtn *buttonField     // "Choose from the page…" beside the components; nil without Deps.Components
	picker  *componentPicker // its dialog, nil when not shown
}

// openEditor shows the form for svc. origName is the name of the user's service it
// edits, or "" to add a new one. A service of the organisation's (Managed) opens
// read-only: every field shown, greyed, nothing to save.
func (s *Settings) openEditor(svc config.Service, origName, title string) {
	if s.editor != nil {
		s.editor.close()
	}
	s.editor = newEditor(s, svc, origName, title)
	s.tabs.SelectIndex(servicesTab)
	s.showServicesArea()
	if svc.Managed {
		s.win.Canvas().Focus(s.editor.cancelBtn)
		return
	}
	s.win.Canvas().Focus(s.editor.name)
}

// openService opens a service of the configuration in the editor: the user's to edit,
// the organisation's (Managed) read-only, each with its title. For the list's Edit
// (View, for a locked one), ShowService and the like.
func (s *Settings) openService(svc config.Service) {
	if svc.Managed {
		s.openEditor(svc, svc.Name, i18n.F("“%s” (set by your organisation)", svc.Name))
		return
	}
	s.openEditor(svc, svc.Name, i18n.F("Edit “%s”", svc.Name))
}

func newEditor(s *Settings, svc config.Service, origName, title string) *editor {
	labels, hints := editorWords()
	e := &editor{fieldForm: newFieldForm(title, labels, hints), s: s, origName: origName, base: svc,
		options: map[string]*option{}}
	e.showAll = origName != ""
	e.readOnly = svc.Managed // before build and fill: see setReadOnly
	e.onSave, e.onCancel, e.onChange = e.save, e.cancel, e.changed
	spec := s.loaded.Merged.SpecFor(config.Service{})
	e.name = e.entry(keyName, i18n.T("What staff call it, like Intranet"))
	e.kind = e.choice(keyKind, kindLabels())
	e.kind.OnChanged = func(string) { e.kindChanged() }
	e.target = e.entry(keyTarget, targetPlaceholder(svc.Kind))
	e.intervalPick = e.duration(keyInterval, intervalPresets)
	e.intervalPick.setDefault(spec.Interval, "")
	e.interval = e.intervalPick.custom
	e.timeoutPick = e.duration(keyTimeout, timeoutPresets)
	e.timeoutPick.setDefault(spec.Timeout, "")
	e.timeout = e.timeoutPick.custom
	for _, f := range config.KindFields() {
		e.options[f.Key] = e.newOption(f)
	}
	e.group = newChoiceField(s.groups())
	e.group.onEscape = e.escape
	e.group.PlaceHolder = i18n.T("optional: choose one or type a new one")
	e.group.OnChanged = func(string) { e.fieldForm.changed(keyGroup) }
	e.group.OnSubmitted = func(string) { e.submit() }
	e.add(keyGroup, e.group)
	e.fall = e.entry(keyFallback, i18n.T("like: use the VPN, or call the help desk on 1234"))
	e.critical = newCheckField(i18n.T("Notify even during quiet hours"), func(bool) { e.fieldForm.changed(keyCritical) })
	e.add(keyCritical, e.critical)
	e.net = newNetSection(e.fieldForm, e.layoutForm)

	if origName == "" && !svc.Managed {
		fill := newButtonField(i18n.T("Fill from the catalog…"), theme.SearchIcon(), e.fromCatalog)
		fill.onEscape = e.escape
		e.titleExtra = fill
	}
	e.tests = newTestRow(i18n.T("Test runs the check once with these values, without saving."), e.runTest, e.escape)
	e.test_, e.progress, e.result, e.resultMark = e.tests.button, e.tests.progress, e.tests.result, e.tests.mark
	testRow := e.tests.content
	if s.deps.Test == nil {
		testRow.Hide()
	}
	e.build(testRow)
	e.fill(svc)
	if svc.Managed {
		e.setReadOnly()
		e.readOnlyFallback()
		e.net.setOpen(true) // every setting of the organisation's shown
		e.net.toggle.Hide() // and nothing to hide or show
	}
	return e
}

// readOnlyFallback shows a locked service's whole fallback, wrapped: it is what staff
// are told to do, and a greyed one-line field would cut it off.
func (e *editor) readOnlyFallback() {
	e.fall.MultiLine = true
	e.fall.Wrapping = fyne.TextWrapWord
	e.fall.SetMinRowsVisible(max(1, min(4, len(e.fall.Text)/60+1)))
	e.fall.Refresh()
}

// fill puts a service's values in the form.
func (e *editor) fill(svc config.Service) {
	e.loading = true
	defer func() { e.loading = false }()
	e.name.SetText(svc.Name)
	kind := svc.Kind
	if kind == "" {
		kind = "http" // i18n:ignore config keys
	}
	e.kind.SetSelected(kindLabel(kind))
	e.target.SetText(svc.Target)
	e.intervalPick.set(svc.Interval)
	e.timeoutPick.set(svc.Timeout)
	for _, o := range e.options {
		o.show(svc)
	}
	e.group.SetText(svc.Group)
	e.fall.SetText(svc.Fallback)
	e.critical.SetChecked(svc.Critical)
	e.net.set(svc.Proxy, svc.CAFile, svc.CertFile, svc.KeyFile)
	e.loading = false
	e.layoutForm()
	e.validate()
}

// layoutForm shows the rows of the selected kind.
func (e *editor) layoutForm() {
	name := kindOf(e.kind.Selected)
	kind, _ := config.KindByName(name)
	e.labels["target"] = commonLabels["target"] // English: layout translates it
	if kind.TargetLabel != "" {
		e.labels["target"] = kind.TargetLabel
	}
	e.target.SetPlaceHolder(targetPlaceholder(name))
	e.layout(append(fieldsOf(kind), e.net.keys(name)...))
}

func (e *editor) kindChanged() {
	if e.loading {
		return
	}
	e.layoutForm()
	e.fieldForm.changed(keyKind)
}

// changed follows a change by the user: the last test result no longer applies.
func (e *editor) changed(key string) {
	if e.stopTest == nil && key != keyName && key != keyGroup && key != keyFallback && key != keyCritical {
		e.tests.stale()
	}
	e.validate()
}

// service builds the service the form describes; problems the config type cannot
// hold (a status code that is not a number) come back by field.
func (e *editor) service() (config.Service, map[string]string) {
	problems := map[string]string{}
	svc := e.base
	if !e.readOnly {
		svc.Managed, svc.Origin = false, ""
	}
	svc.Name = strings.TrimSpace(e.name.Text)
	svc.Kind = kindOf(e.kind.Selected)
	svc.Target = strings.TrimSpace(e.target.Text)
	svc.Interval = e.intervalPick.value()
	svc.Timeout = e.timeoutPick.value()
	svc.Group = strings.TrimSpace(e.group.Text)
	svc.Fallback = strings.TrimSpace(e.fall.Text)
	svc.Critical = e.critical.Checked
	if !e.readOnly { // read-only, the form shows the proxy's password as stars: keep base's
		svc.Proxy, svc.CAFile, svc.CertFile, svc.KeyFile = e.net.values()
	}

	// Only the kind's own options are kept: switching kind drops the others'.
	for _, o := range e.options {
		_ = o.Set(&svc, "")
	}
	kind, _ := config.KindByName(svc.Kind)
	for _, f := range kind.Fields {
		if err := f.Set(&svc, e.options[f.Key].text()); err != nil {
			problems[f.Key] = configText(err)
		}
	}
	return svc, problems
}

// validate runs the configuration's own validator over the form and shows each
// problem under its field.
func (e *editor) validate() {
	svc, problems := e.service()
	errs := e.collectErrors(problems, e.s.loaded.Merged.ValidateService(svc))
	if _, ok := errs["name"]; !ok && !e.readOnly {
		if msg := e.s.nameClash(svc.Name, e.origName, false); msg != "" {
			errs["name"] = msg
		}
	}
	e.net.showErrors(errs)
	e.show(errs)
	e.updateTestButton()
	e.updatePickButton()
}

func (e *editor) updateTestButton() {
	if e.stopTest != nil {
		return // a test is running
	}
	for k := range e.errs {
		if k != "name" && k != "group" && k != "fallback" {
			e.test_.Disable()
			return
		}
	}
	e.test_.Enable()
}

// humanize makes a validator message read as a sentence under its field: the
// validator says "is missing", the form "Address is missing". The validator's words
// are English (config's messages are not translated yet): in another language the
// label and the message stay apart ("주소: is missing"), not run into one sentence.
// labelFirst says the validator words msg to be read after the label (its English is
// "is missing"), so that a translated one gets the label first too ("주소: 값이 없습니다").
func humanize(label, msg string, labelFirst bool) string {
	if labelFirst && i18n.Language() != "en" {
		return label + ": " + msg
	}
	for _, p := range []string{"is ", "must ", "applies ", "has "} { // i18n:ignore the validator's words, matched
		if strings.HasPrefix(msg, p) {
			if i18n.Language() != "en" {
				return label + ": " + msg
			}
			return label + " " + msg
		}
	}
	return msg
}

// plural is English only: kept for callers not yet translated (i18n.N replaces it).
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// save writes the service into the user's file. With problems left, it shows them all
// and saves nothing.
func (e *editor) save() {
	if e.readOnly {
		return
	}
	e.s.saveForm(e.fieldForm, e.validate, i18n.T("Could not save the service"), func(u *config.Config) {
		svc, _ := e.service()
		u.Services = upsert(u.Services, e.origName, serviceName, svc)
	}, e.s.closeEditor)
}

func (e *editor) cancel() { e.s.closeEditor() }

func serviceName(s config.Service) string { return s.Name }

func (e *editor) close() {
	if e.stopTest != nil {
		e.stopTest()
	}
	if e.picker != nil {
		e.picker.close()
	}
}

func (s *Settings) closeEditor() {
	if s.editor == nil {
		return
	}
	s.editor.close()
	s.editor = nil
	s.win.Canvas().Unfocus()
	s.showServicesArea()
}

// runTest checks the service once with the form's values, off the UI goroutine.
func (e *editor) runTest() {
	if e.s.deps.Test == nil || e.stopTest != nil {
		return
	}
	svc, _ := e.service()
	spec := e.s.loaded.Merged.SpecFor(svc)
	ctx, cancel := context.WithCancel(context.Background())
	e.stopTest = cancel
	e.tests.start()
	test, do := e.s.deps.Test, e.s.do
	go func() {
		res := test(ctx, spec)
		do(func() { e.showResult(ctx, cancel, res) })
	}()
}

func (e *editor) showResult(ctx context.Context, cancel context.CancelFunc, res status.Result) {
	cancelled := ctx.Err() != nil
	cancel()
	e.stopTest = nil
	e.tests.stop()
	e.updateTestButton()
	if cancelled {
		return
	}
	e.tests.show(resultText(res), res.Status)
}

// resultText words a test's result: "Up in 120 ms", "Down: HTTP 503 (want 200)", with
// a warning the check passed in spite of in brackets. The reason and the warning come
// from the probe, in the user's language where they are the probe's words (i18n.Reason).
func resultText(res status.Result) string {
	word, lat := i18n.StatusWord(res.Status), status.FormatLatency(res.Latency)
	res.Reason, res.Warning = i18n.Reason(res.Reason), i18n.Reason(res.Warning)
	var text string
	switch {
	case lat != "" && res.Reason != "":
		text = i18n.F("%[1]s in %[2]s: %[3]s", word, lat, res.Reason)
	case lat != "":
		text = i18n.F("%[1]s in %[2]s", word, lat)
	case res.Reason != "":
		text = i18n.F("%[1]s: %[2]s", word, res.Reason)
	default:
		text = word
	}
	if res.Warning != "" {
		text = i18n.F("%[1]s (%[2]s)", text, res.Warning)
	}
	return text
}
