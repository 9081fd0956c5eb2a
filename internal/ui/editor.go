package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// Everything the editor knows of a kind comes from config's table of kinds: its label,
// its target's label and hint, and its own options with their labels, hints and
// controls. Nothing here names a kind.

// commonLabels label the fields every service has.
var commonLabels = map[string]string{
	"name":     "Name",
	"kind":     "Check",
	"target":   "Address",
	"interval": "Check every",
	"timeout":  "Give up after",
	"group":    "Group",
	"fallback": "When it is down",
	"critical": "Critical",
}

// kindLabel says what a kind of check is, for people who do not know the words.
func kindLabel(kind string) string {
	if k, ok := config.KindByName(kind); ok {
		return k.Label
	}
	return kind
}

// kindOf is the kind a label of the kinds' list stands for.
func kindOf(label string) string {
	for _, k := range config.Kinds() {
		if k.Label == label {
			return k.Name
		}
	}
	return label
}

func kindLabels() []string {
	var out []string
	for _, k := range config.Kinds() {
		out = append(out, k.Label)
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
	f := []string{"name", "kind", "target"}
	for _, o := range kind.Fields {
		f = append(f, o.Key)
	}
	return append(f, "interval", "timeout", "group", "fallback", "critical")
}

// targetPlaceholder is the Address field's example for a kind.
func targetPlaceholder(kind string) string {
	if k, ok := config.KindByName(kind); ok {
		return k.TargetHint
	}
	return "https://status.vendor.com"
}

// option is one of the kinds' own fields in the form: one control per key, shared by
// the kinds that take it (switching from tcp to http keeps "Slow when over").
type option struct {
	config.Field
	entry *field       // typed: text, numbers, durations, lists
	check *checkField  // config.WidgetBool
	pick  *selectField // config.WidgetChoice
}

// text is the control's value as config.Field.Set reads it.
func (o *option) text() string {
	switch {
	case o.check != nil:
		if o.check.Checked {
			return "true"
		}
		return ""
	case o.pick != nil:
		return o.pick.Selected
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
	default:
		o.entry.SetText(v)
	}
}

// newOption makes the control for a field and adds it to the form.
func (e *editor) newOption(f config.Field) *option {
	o := &option{Field: f}
	switch f.Widget {
	case config.WidgetBool:
		o.check = newCheckField(f.Placeholder, func(bool) { e.fieldForm.changed(f.Key) })
		e.add(f.Key, o.check)
	case config.WidgetChoice:
		o.pick = e.choice(f.Key, f.Choices)
	default:
		o.entry = e.entry(f.Key, f.Placeholder)
		e.attachPicker(o)
	}
	return o
}

// newService is what Add starts from.
func newService() config.Service { return config.Service{Kind: "http"} }

// editor is the form for one service, shown in place of the list.
type editor struct {
	*fieldForm
	s        *Settings
	origName string // the name of the user's service being edited; "" for a new one
	base     config.Service

	name, target, interval, timeout, fall *field
	kind                                  *selectField
	critical                              *checkField
	group                                 *choiceField
	options                               map[string]*option // the kinds' own fields, by key

	test_    *widget.Button
	progress *widget.ProgressBarInfinite
	result   *widget.Label
	stopTest context.CancelFunc

	pickBtn *buttonField     // "Choose from the page…" beside the components; nil without Deps.Components
	picker  *componentPicker // its dialog, nil when not shown
}

// openEditor shows the form for svc. origName is the name of the user's service it
// edits, or "" to add a new one.
func (s *Settings) openEditor(svc config.Service, origName, title string) {
	if svc.Managed {
		return
	}
	if s.editor != nil {
		s.editor.close()
	}
	s.editor = newEditor(s, svc, origName, title)
	s.tabs.SelectIndex(servicesTab)
	s.showServicesArea()
	s.win.Canvas().Focus(s.editor.name)
}

func newEditor(s *Settings, svc config.Service, origName, title string) *editor {
	labels, hints := editorWords()
	e := &editor{fieldForm: newFieldForm(title, labels, hints), s: s, origName: origName, base: svc,
		options: map[string]*option{}}
	e.showAll = origName != ""
	e.onSave, e.onCancel, e.onChange = e.save, e.cancel, e.changed
	spec := s.loaded.Merged.SpecFor(config.Service{})
	e.name = e.entry("name", "What staff call it, like Intranet")
	e.kind = e.choice("kind", kindLabels())
	e.kind.OnChanged = func(string) { e.kindChanged() }
	e.target = e.entry("target", targetPlaceholder(svc.Kind))
	e.interval = e.entry("interval", config.Format(spec.Interval)+" (the default), or like 30s, 5m")
	e.timeout = e.entry("timeout", config.Format(spec.Timeout)+" (the default)")
	for _, f := range config.KindFields() {
		e.options[f.Key] = e.newOption(f)
	}
	e.group = newChoiceField(s.groups())
	e.group.onEscape = func() { e.fieldForm.onCancel() }
	e.group.PlaceHolder = "optional: choose one or type a new one"
	e.group.OnChanged = func(string) { e.fieldForm.changed("group") }
	e.group.OnSubmitted = func(string) { e.save() }
	e.add("group", e.group)
	e.fall = e.entry("fallback", "like: use the VPN, or call the help desk on 1234")
	e.critical = newCheckField("Notify even during quiet hours", func(bool) { e.fieldForm.changed("critical") })
	e.add("critical", e.critical)

	if origName == "" {
		e.titleExtra = widget.NewButtonWithIcon("Fill from the catalog…", theme.SearchIcon(), e.fromCatalog)
	}
	e.test_ = widget.NewButtonWithIcon("Test", theme.MediaPlayIcon(), e.runTest)
	e.progress = widget.NewProgressBarInfinite()
	e.progress.Stop()
	e.progress.Hide()
	e.result = widget.NewLabel("Test runs the check once with these values, without saving.")
	e.result.Wrapping = fyne.TextWrapWord
	testRow := container.NewBorder(nil, nil, e.test_, nil, container.NewStack(e.progress, e.result))
	if s.deps.Test == nil {
		testRow.Hide()
	}
	e.build(testRow)
	e.fill(svc)
	return e
}

// fill puts a service's values in the form.
func (e *editor) fill(svc config.Service) {
	e.loading = true
	defer func() { e.loading = false }()
	e.name.SetText(svc.Name)
	kind := svc.Kind
	if kind == "" {
		kind = "http"
	}
	e.kind.SetSelected(kindLabel(kind))
	e.target.SetText(svc.Target)
	e.interval.SetText(durText(svc.Interval))
	e.timeout.SetText(durText(svc.Timeout))
	for _, o := range e.options {
		o.show(svc)
	}
	e.group.SetText(svc.Group)
	e.fall.SetText(svc.Fallback)
	e.critical.SetChecked(svc.Critical)
	e.loading = false
	e.layoutForm()
	e.validate()
}

// layoutForm shows the rows of the selected kind.
func (e *editor) layoutForm() {
	name := kindOf(e.kind.Selected)
	kind, _ := config.KindByName(name)
	e.labels["target"] = commonLabels["target"]
	if kind.TargetLabel != "" {
		e.labels["target"] = kind.TargetLabel
	}
	e.target.SetPlaceHolder(targetPlaceholder(name))
	e.layout(fieldsOf(kind))
}

func (e *editor) kindChanged() {
	if e.loading {
		return
	}
	e.layoutForm()
	e.fieldForm.changed("kind")
}

// changed follows a change by the user: the last test result no longer applies.
func (e *editor) changed(key string) {
	if e.stopTest == nil && e.result.Importance != widget.MediumImportance && key != "name" && key != "group" && key != "fallback" && key != "critical" {
		e.result.Importance = widget.MediumImportance
		e.result.SetText("Changed since the last test.")
	}
	e.validate()
}

// service builds the service the form describes; problems the config type cannot
// hold (a status code that is not a number) come back by field.
func (e *editor) service() (config.Service, map[string]string) {
	problems := map[string]string{}
	svc := e.base
	svc.Managed, svc.Origin = false, ""
	svc.Name = strings.TrimSpace(e.name.Text)
	svc.Kind = kindOf(e.kind.Selected)
	svc.Target = strings.TrimSpace(e.target.Text)
	svc.Interval = parseDuration(e.interval.Text)
	svc.Timeout = parseDuration(e.timeout.Text)
	svc.Group = strings.TrimSpace(e.group.Text)
	svc.Fallback = strings.TrimSpace(e.fall.Text)
	svc.Critical = e.critical.Checked

	// Only the kind's own options are kept: switching kind drops the others'.
	for _, o := range e.options {
		_ = o.Set(&svc, "")
	}
	kind, _ := config.KindByName(svc.Kind)
	for _, f := range kind.Fields {
		if err := f.Set(&svc, e.options[f.Key].text()); err != nil {
			problems[f.Key] = err.Error()
		}
	}
	return svc, problems
}

func parseDuration(text string) config.Duration {
	text = strings.TrimSpace(text)
	if text == "" {
		return config.Duration{}
	}
	d, err := time.ParseDuration(text)
	if err != nil {
		return config.Duration{Set: true, Raw: strconv.Quote(text)}
	}
	return config.D(d)
}

// validate runs the configuration's own validator over the form and shows each
// problem under its field.
func (e *editor) validate() {
	svc, problems := e.service()
	errs := collectErrors(problems, e.s.loaded.Merged.ValidateService(svc))
	if _, ok := errs["name"]; !ok {
		if msg := e.s.nameClash(svc.Name, e.origName, false); msg != "" {
			errs["name"] = msg
		}
	}
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

// humanize makes a validator message read as a sentence under its field.
func humanize(label, msg string) string {
	for _, p := range []string{"is ", "must ", "applies ", "has "} {
		if strings.HasPrefix(msg, p) {
			return label + " " + msg
		}
	}
	return msg
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// save writes the service into the user's file. With problems left, it shows them all
// and saves nothing.
func (e *editor) save() {
	e.s.saveForm(e.fieldForm, e.validate, "save the service", func(u *config.Config) {
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
	e.test_.Disable()
	e.test_.SetText("Testing…")
	e.result.SetText("")
	e.result.Hide()
	e.progress.Show()
	e.progress.Start()
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
	e.progress.Stop()
	e.progress.Hide()
	e.test_.SetText("Test")
	e.updateTestButton()
	if cancelled {
		return
	}
	text := res.Status.String()
	if lat := status.FormatLatency(res.Latency); lat != "" {
		text += " in " + lat
	}
	if res.Reason != "" {
		text += ": " + res.Reason
	}
	if res.Warning != "" {
		text += " (" + res.Warning + ")"
	}
	e.result.SetText(text)
	e.result.Importance = statusImportance(res.Status)
	e.result.Show()
	e.result.Refresh()
}
