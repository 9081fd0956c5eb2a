package ui

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// kindLabels say what each kind of check is, for people who do not know the words.
var kindLabels = map[string]string{
	"http": "Website or web address (http)",
	"tcp":  "Network port is open (tcp)",
	"dns":  "Name lookup (dns)",
	"tls":  "Certificate is valid (tls)",
	"ping": "Computer answers ping (ping)",
}

func kindLabel(kind string) string {
	if l, ok := kindLabels[kind]; ok {
		return l
	}
	return kind
}

func kindOf(label string) string {
	for k, l := range kindLabels {
		if l == label {
			return k
		}
	}
	return label
}

// fieldsOf lists, in order, the fields the form shows for a kind.
func fieldsOf(kind string) []string {
	f := []string{"name", "kind", "target"}
	switch kind {
	case "http":
		f = append(f, "expect_status", "body_contains", "max_latency", "insecure_skip_verify")
	case "tcp", "ping":
		f = append(f, "max_latency")
	case "dns":
		f = append(f, "record_type", "expect_value", "resolver")
	case "tls":
		f = append(f, "cert_min_days")
	}
	return append(f, "interval", "timeout", "group", "fallback", "critical")
}

var fieldLabels = map[string]string{
	"name":                 "Name",
	"kind":                 "Check",
	"target":               "Address",
	"interval":             "Check every",
	"timeout":              "Give up after",
	"expect_status":        "Expected status codes",
	"body_contains":        "Page must contain",
	"max_latency":          "Slow when over",
	"insecure_skip_verify": "Certificate",
	"record_type":          "Record type",
	"expect_value":         "Expected answer",
	"resolver":             "DNS server",
	"cert_min_days":        "Warn days before expiry",
	"group":                "Group",
	"fallback":             "When it is down",
	"critical":             "Critical",
}

// newService is what Add starts from.
func newService() config.Service { return config.Service{Kind: "http"} }

// editor is the form for one service, shown in place of the list.
type editor struct {
	s        *Settings
	origName string // the name of the user's service being edited; "" for a new one
	base     config.Service

	name, target, interval, timeout       *field
	expectStatus, body, maxLatency        *field
	expectValue, resolver, certDays, fall *field
	kind, recordType                      *widget.Select
	insecure, critical                    *widget.Check
	group                                 *widget.SelectEntry

	widgets  map[string]fyne.CanvasObject
	errLabel map[string]*widget.Label
	touched  map[string]bool
	showAll  bool
	errs     map[string]string

	form                    *fyne.Container
	save_, cancelBtn, test_ *widget.Button
	progress                *widget.ProgressBarInfinite
	result                  *widget.Label
	summary                 *widget.Label
	title                   *widget.Label
	content                 fyne.CanvasObject
	stopTest                context.CancelFunc
	loading                 bool
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
	s.tabs.SelectIndex(0)
	s.showServicesArea()
	s.win.Canvas().Focus(s.editor.name)
}

func newEditor(s *Settings, svc config.Service, origName, title string) *editor {
	e := &editor{s: s, origName: origName, base: svc,
		touched: map[string]bool{}, errLabel: map[string]*widget.Label{}, showAll: origName != ""}
	merged := s.loaded.Merged
	spec := merged.SpecFor(config.Service{})
	entry := func(key, placeholder string) *field {
		f := newField(placeholder)
		f.onEscape = e.cancel
		f.OnSubmitted = func(string) { e.save() }
		f.OnChanged = func(string) { e.changed(key) }
		return f
	}
	e.name = entry("name", "What staff call it, like Intranet")
	e.target = entry("target", config.TargetHint(svc.Kind))
	e.interval = entry("interval", config.Format(spec.Interval)+" (the default), or like 30s, 5m")
	e.timeout = entry("timeout", config.Format(spec.Timeout)+" (the default)")
	e.expectStatus = entry("expect_status", "any 2xx or 3xx, or like 200, 204")
	e.body = entry("body_contains", "optional text the page must show")
	e.maxLatency = entry("max_latency", "optional, like 2s")
	e.expectValue = entry("expect_value", "optional, like 192.0.2.10")
	e.resolver = entry("resolver", "the computer's own, or ip:port like 10.0.0.53:53")
	e.certDays = entry("cert_min_days", fmt.Sprintf("%d (the default)", config.DefaultCertMinDays))
	e.fall = entry("fallback", "like: use the VPN, or call the help desk on 1234")

	var labels []string
	for _, k := range config.Kinds {
		labels = append(labels, kindLabel(k))
	}
	e.kind = widget.NewSelect(labels, func(string) { e.kindChanged() })
	e.recordType = widget.NewSelect(config.RecordTypes, func(string) { e.changed("record_type") })
	e.insecure = widget.NewCheck("Don't verify the certificate (unsafe)", func(bool) { e.changed("insecure_skip_verify") })
	e.critical = widget.NewCheck("Notify even during quiet hours", func(bool) { e.changed("critical") })
	e.group = widget.NewSelectEntry(s.groups())
	e.group.PlaceHolder = "optional: choose one or type a new one"
	e.group.OnChanged = func(string) { e.changed("group") }
	e.group.OnSubmitted = func(string) { e.save() }

	e.widgets = map[string]fyne.CanvasObject{
		"name": e.name, "kind": e.kind, "target": e.target, "interval": e.interval,
		"timeout": e.timeout, "expect_status": e.expectStatus, "body_contains": e.body,
		"max_latency": e.maxLatency, "insecure_skip_verify": e.insecure,
		"record_type": e.recordType, "expect_value": e.expectValue, "resolver": e.resolver,
		"cert_min_days": e.certDays, "group": e.group, "fallback": e.fall, "critical": e.critical,
	}
	for k := range e.widgets {
		e.errLabel[k] = errorLabel()
	}

	e.save_ = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), e.save)
	e.save_.Importance = widget.HighImportance
	e.cancelBtn = widget.NewButton("Cancel", e.cancel)
	e.test_ = widget.NewButtonWithIcon("Test", theme.MediaPlayIcon(), e.runTest)
	e.progress = widget.NewProgressBarInfinite()
	e.progress.Stop()
	e.progress.Hide()
	e.result = widget.NewLabel("Test runs the check once with these values, without saving.")
	e.result.Wrapping = fyne.TextWrapWord
	e.summary = widget.NewLabel("")
	e.summary.Wrapping = fyne.TextWrapWord
	e.summary.Importance = widget.DangerImportance
	e.title = widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})

	e.form = container.New(layout.NewFormLayout())
	testRow := container.NewBorder(nil, nil, e.test_, nil, container.NewStack(e.progress, e.result))
	if s.deps.Test == nil {
		testRow.Hide()
	}
	buttons := container.NewBorder(nil, nil, nil, container.NewHBox(e.cancelBtn, e.save_), e.summary)
	bottom := container.NewVBox(widget.NewSeparator(), testRow, buttons)
	e.content = container.NewPadded(container.NewBorder(e.title, bottom, nil, nil,
		container.NewVScroll(container.NewPadded(e.form))))

	e.fill(svc)
	return e
}

// fill puts a service's values in the form.
func (e *editor) fill(svc config.Service) {
	e.loading = true
	defer func() { e.loading = false }()
	dur := func(d config.Duration) string {
		switch {
		case !d.Set:
			return ""
		case !d.Valid:
			return strings.Trim(d.Raw, `"`)
		}
		return config.Format(d.Duration)
	}
	e.name.SetText(svc.Name)
	kind := svc.Kind
	if kind == "" {
		kind = "http"
	}
	e.kind.SetSelected(kindLabel(kind))
	e.target.SetText(svc.Target)
	e.interval.SetText(dur(svc.Interval))
	e.timeout.SetText(dur(svc.Timeout))
	var codes []string
	for _, c := range svc.ExpectStatus {
		codes = append(codes, strconv.Itoa(c))
	}
	e.expectStatus.SetText(strings.Join(codes, ", "))
	e.body.SetText(svc.BodyContains)
	e.maxLatency.SetText(dur(svc.MaxLatency))
	e.insecure.SetChecked(svc.InsecureSkipVerify)
	rt := strings.ToUpper(svc.RecordType)
	if rt == "" {
		rt = config.DefaultRecordType
	}
	e.recordType.SetSelected(rt)
	e.expectValue.SetText(svc.ExpectValue)
	e.resolver.SetText(svc.Resolver)
	if svc.CertMinDays != 0 {
		e.certDays.SetText(strconv.Itoa(svc.CertMinDays))
	} else {
		e.certDays.SetText("")
	}
	e.group.SetText(svc.Group)
	e.fall.SetText(svc.Fallback)
	e.critical.SetChecked(svc.Critical)
	e.loading = false
	e.layoutForm()
	e.validate()
}

// layoutForm shows the rows of the selected kind, in visual (and Tab) order.
func (e *editor) layoutForm() {
	kind := kindOf(e.kind.Selected)
	e.target.SetPlaceHolder(config.TargetHint(kind))
	var objs []fyne.CanvasObject
	for _, f := range fieldsOf(kind) {
		label := widget.NewLabel(fieldLabels[f])
		objs = append(objs, label, container.NewVBox(e.widgets[f], e.errLabel[f]))
	}
	e.form.Objects = objs
	e.form.Refresh()
}

func (e *editor) kindChanged() {
	if e.loading {
		return
	}
	e.layoutForm()
	e.changed("kind")
}

func (e *editor) changed(key string) {
	if e.loading {
		return
	}
	e.touched[key] = true
	if e.stopTest == nil && e.result.Importance != widget.MediumImportance && key != "name" && key != "group" && key != "fallback" && key != "critical" {
		// The last result was for other values.
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

	svc.ExpectStatus, svc.BodyContains, svc.InsecureSkipVerify = nil, "", false
	svc.MaxLatency = config.Duration{}
	svc.RecordType, svc.ExpectValue, svc.Resolver = "", "", ""
	svc.CertMinDays = 0
	switch svc.Kind {
	case "http":
		for _, w := range strings.FieldsFunc(e.expectStatus.Text, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
			n, err := strconv.Atoi(w)
			if err != nil {
				problems["expect_status"] = fmt.Sprintf("%q is not a status code: write numbers like 200, 204", w)
				continue
			}
			svc.ExpectStatus = append(svc.ExpectStatus, n)
		}
		svc.BodyContains = e.body.Text
		svc.InsecureSkipVerify = e.insecure.Checked
		svc.MaxLatency = parseDuration(e.maxLatency.Text)
	case "tcp", "ping":
		svc.MaxLatency = parseDuration(e.maxLatency.Text)
	case "dns":
		if rt := e.recordType.Selected; rt != config.DefaultRecordType {
			svc.RecordType = rt
		}
		svc.ExpectValue = strings.TrimSpace(e.expectValue.Text)
		svc.Resolver = strings.TrimSpace(e.resolver.Text)
	case "tls":
		if t := strings.TrimSpace(e.certDays.Text); t != "" {
			n, err := strconv.Atoi(t)
			if err != nil {
				problems["cert_min_days"] = fmt.Sprintf("%q is not a number of days", t)
			} else {
				svc.CertMinDays = n
			}
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
	errs := map[string]string{}
	for k, m := range problems {
		errs[k] = m
	}
	for _, fe := range e.s.loaded.Merged.ValidateService(svc) {
		if _, ok := errs[fe.Field]; !ok {
			errs[fe.Field] = fe.Msg
		}
	}
	if _, ok := errs["name"]; !ok && svc.Name != "" {
		for _, other := range e.s.loaded.Merged.Services {
			if !other.Managed && e.origName != "" && other.Name == e.origName {
				continue
			}
			if strings.EqualFold(other.Name, svc.Name) {
				errs["name"] = fmt.Sprintf("%q is already used by another service (names must be unique)", other.Name)
				break
			}
		}
	}
	e.errs = errs

	shown, hidden := 0, 0
	for key, l := range e.errLabel {
		msg := errs[key]
		if msg != "" && (e.showAll || e.touched[key]) {
			setError(l, humanize(fieldLabels[key], msg))
			shown++
		} else {
			setError(l, "")
		}
	}
	var other []string
	for key, msg := range errs {
		if _, ok := e.widgets[key]; !ok {
			other = append(other, key+": "+msg)
		} else if !(e.showAll || e.touched[key]) {
			hidden++
		}
	}
	sort.Strings(other)
	switch {
	case len(other) > 0:
		e.summary.SetText(strings.Join(other, "\n"))
	case shown > 0:
		e.summary.SetText(fmt.Sprintf("Fix the %s marked in red to save.", plural(shown, "problem")))
	default:
		e.summary.SetText("")
	}
	if len(errs) > 0 {
		e.save_.Disable()
	} else {
		e.save_.Enable()
	}
	e.updateTestButton()
	e.form.Refresh()
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
	e.showAll = true
	e.validate()
	if len(e.errs) > 0 {
		return
	}
	svc, _ := e.service()
	u := cloneConfig(e.s.loaded.User)
	i := slices.IndexFunc(u.Services, func(x config.Service) bool { return e.origName != "" && x.Name == e.origName })
	if i >= 0 {
		u.Services[i] = svc
	} else {
		u.Services = append(u.Services, svc)
	}
	if err := e.s.saveUser(u); err != nil {
		e.s.showError("Could not save the service", err)
		return
	}
	e.s.closeEditor()
}

func (e *editor) cancel() { e.s.closeEditor() }

func (e *editor) close() {
	if e.stopTest != nil {
		e.stopTest()
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
