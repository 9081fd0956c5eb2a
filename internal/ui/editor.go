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

// kindLabels say what each kind of check is, for people who do not know the words.
var kindLabels = choices{
	"http":       "Website or web address (http)",
	"tcp":        "Network port is open (tcp)",
	"dns":        "Name lookup (dns)",
	"tls":        "Certificate is valid (tls)",
	"ping":       "Computer answers ping (ping)",
	"statuspage": "Vendor status page (Atlassian Statuspage)",
	"instatus":   "Vendor status page (Instatus)",
	"feed":       "Incident feed (RSS/Atom)",
}

func kindLabel(kind string) string { return kindLabels.label(kind) }

func kindOf(label string) string { return kindLabels.key(label) }

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
	case "statuspage", "instatus":
		f = append(f, "components")
	case "feed":
		f = append(f, "feed_window")
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
	"components":           "Components",
	"feed_window":          "Recent for",
	"group":                "Group",
	"fallback":             "When it is down",
	"critical":             "Critical",
}

var fieldHints = map[string]string{
	"components":  "Only these components count; empty = the whole page.",
	"feed_window": "An unresolved entry newer than this counts as a problem.",
}

// targetPlaceholder is the Address field's example for a kind.
func targetPlaceholder(kind string) string {
	h := config.TargetHint(kind)
	if h == "what to check" {
		return "https://status.vendor.com"
	}
	return h
}

// newService is what Add starts from.
func newService() config.Service { return config.Service{Kind: "http"} }

// editor is the form for one service, shown in place of the list.
type editor struct {
	*fieldForm
	s        *Settings
	origName string // the name of the user's service being edited; "" for a new one
	base     config.Service

	name, target, interval, timeout       *field
	expectStatus, body, maxLatency        *field
	expectValue, resolver, certDays, fall *field
	components, feedWindow                *field
	kind, recordType                      *selectField
	insecure, critical                    *checkField
	group                                 *choiceField

	test_    *widget.Button
	progress *widget.ProgressBarInfinite
	result   *widget.Label
	stopTest context.CancelFunc
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
	e := &editor{fieldForm: newFieldForm(title, fieldLabels, fieldHints), s: s, origName: origName, base: svc}
	e.showAll = origName != ""
	e.onSave, e.onCancel, e.onChange = e.save, e.cancel, e.changed
	spec := s.loaded.Merged.SpecFor(config.Service{})
	e.name = e.entry("name", "What staff call it, like Intranet")
	e.kind = e.choice("kind", kindLabels.labelsOf(config.Kinds))
	e.kind.OnChanged = func(string) { e.kindChanged() }
	e.target = e.entry("target", targetPlaceholder(svc.Kind))
	e.interval = e.entry("interval", config.Format(spec.Interval)+" (the default), or like 30s, 5m")
	e.timeout = e.entry("timeout", config.Format(spec.Timeout)+" (the default)")
	e.expectStatus = e.entry("expect_status", "any 2xx or 3xx, or like 200, 204")
	e.body = e.entry("body_contains", "optional text the page must show")
	e.maxLatency = e.entry("max_latency", "optional, like 2s")
	e.recordType = e.choice("record_type", config.RecordTypes)
	e.expectValue = e.entry("expect_value", "optional, like 192.0.2.10")
	e.resolver = e.entry("resolver", "the computer's own, or ip:port like 10.0.0.53:53")
	e.certDays = e.entry("cert_min_days", fmt.Sprintf("%d (the default)", config.DefaultCertMinDays))
	e.components = e.entry("components", "optional, like API, Web")
	e.feedWindow = e.entry("feed_window", config.Format(config.DefaultFeedWindow)+" (the default)")
	e.insecure = newCheckField("Don't verify the certificate (unsafe)", func(bool) { e.fieldForm.changed("insecure_skip_verify") })
	e.add("insecure_skip_verify", e.insecure)
	e.group = newChoiceField(s.groups())
	e.group.onEscape = func() { e.fieldForm.onCancel() }
	e.group.PlaceHolder = "optional: choose one or type a new one"
	e.group.OnChanged = func(string) { e.fieldForm.changed("group") }
	e.group.OnSubmitted = func(string) { e.save() }
	e.add("group", e.group)
	e.fall = e.entry("fallback", "like: use the VPN, or call the help desk on 1234")
	e.critical = newCheckField("Notify even during quiet hours", func(bool) { e.fieldForm.changed("critical") })
	e.add("critical", e.critical)

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
	var codes []string
	for _, c := range svc.ExpectStatus {
		codes = append(codes, strconv.Itoa(c))
	}
	e.expectStatus.SetText(strings.Join(codes, ", "))
	e.body.SetText(svc.BodyContains)
	e.maxLatency.SetText(durText(svc.MaxLatency))
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
	e.components.SetText(strings.Join(svc.Components, ", "))
	e.feedWindow.SetText(durText(svc.FeedWindow))
	e.group.SetText(svc.Group)
	e.fall.SetText(svc.Fallback)
	e.critical.SetChecked(svc.Critical)
	e.loading = false
	e.layoutForm()
	e.validate()
}

// layoutForm shows the rows of the selected kind.
func (e *editor) layoutForm() {
	kind := kindOf(e.kind.Selected)
	e.target.SetPlaceHolder(targetPlaceholder(kind))
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

	svc.ExpectStatus, svc.BodyContains, svc.InsecureSkipVerify = nil, "", false
	svc.MaxLatency = config.Duration{}
	svc.RecordType, svc.ExpectValue, svc.Resolver = "", "", ""
	svc.CertMinDays = 0
	svc.Components, svc.FeedWindow = nil, config.Duration{}
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
	case "statuspage", "instatus":
		svc.Components = splitList(e.components.Text)
	case "feed":
		svc.FeedWindow = parseDuration(e.feedWindow.Text)
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
