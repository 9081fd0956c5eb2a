package ui

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
)

// prefsView is the Preferences tab: defaults, connectivity, notifications, autostart.
type prefsView struct {
	s *Settings

	interval, timeout, failures, successes, retry *field
	targets                                       *field
	enabled, onDegraded, onRecovery               *checkField
	remind, quiet                                 *field
	autostart                                     *checkField

	errLabel map[string]*widget.Label
	errs     map[string]string
	summary  *widget.Label
	saveBtn  *widget.Button
	revert   *widget.Button
	scroll   *container.Scroll // around the form
	content  fyne.CanvasObject
	dirty    bool
	loading  bool
}

func newPrefsView(s *Settings) *prefsView {
	p := &prefsView{s: s, errLabel: map[string]*widget.Label{}}
	entry := func(placeholder string) *field {
		f := newField(placeholder)
		f.OnChanged = func(string) { p.changed() }
		f.OnSubmitted = func(string) { p.save() }
		f.onEscape = func() { p.reload(true) }
		return f
	}
	p.interval = entry(config.Format(config.DefaultInterval) + " (the default)")
	p.timeout = entry(config.Format(config.DefaultTimeout) + " (the default)")
	p.failures = entry(strconv.Itoa(config.DefaultFailureThreshold) + " (the default)")
	p.successes = entry(strconv.Itoa(config.DefaultSuccessThreshold) + " (the default)")
	p.retry = entry(config.Format(config.DefaultRetryInterval) + " (the default)")
	p.targets = newField("")
	p.targets.MultiLine = true
	p.targets.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	p.targets.onEscape = func() { p.reload(true) }
	p.targets.SetMinRowsVisible(3)
	p.targets.PlaceHolder = "host:port, one per line"
	p.targets.OnChanged = func(string) { p.changed() }
	check := func(text string) *checkField { return newCheckField(text, func(bool) { p.changed() }) }
	p.enabled = check("Show notifications")
	p.onDegraded = check("Also when a service is slow or degraded")
	p.onRecovery = check("When a service is back up")
	p.remind = entry(config.Format(config.DefaultRemindEvery) + " (the default); 0s for never")
	p.quiet = entry("none, or like 22:00-07:00")
	p.autostart = newCheckField("Start Uptray when I log in", p.autostartChanged)

	p.saveBtn = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), p.save)
	p.saveBtn.Importance = widget.HighImportance
	p.revert = widget.NewButton("Undo changes", func() { p.reload(true) })
	p.summary = widget.NewLabel("")
	p.summary.Wrapping = fyne.TextWrapWord
	p.summary.Importance = widget.DangerImportance

	cells := map[fyne.CanvasObject]fyne.CanvasObject{}
	row := func(key, label string, w fyne.CanvasObject, hint string) []fyne.CanvasObject {
		l := errorLabel()
		p.errLabel[key] = l
		cell := container.NewVBox(w, l)
		if hint != "" {
			cell.Add(hintText(hint))
		}
		cells[w] = cell
		return []fyne.CanvasObject{widget.NewLabel(label), cell}
	}
	heading := func(text string) []fyne.CanvasObject {
		return []fyne.CanvasObject{boldLabel(text), widget.NewLabel("")}
	}
	var objs []fyne.CanvasObject
	add := func(o []fyne.CanvasObject) { objs = append(objs, o...) }
	add(heading("Checks"))
	add(row("interval", "Check every", p.interval, "How often each service is checked, unless it says otherwise."))
	add(row("timeout", "Give up after", p.timeout, ""))
	add(row("failure_threshold", "Failures before Down", p.failures, "Failed checks in a row before a service counts as down."))
	add(row("success_threshold", "Successes before Up", p.successes, ""))
	add(row("retry_interval", "Re-check a failure after", p.retry, ""))
	add(heading("Connection"))
	add(row("targets", "Am I online? Ask", p.targets, "When none of these answers, Uptray shows Offline instead of blaming the services. Leave empty to only look at the network connection."))
	add(heading("Notifications"))
	add(row("enabled", "Notify me", p.enabled, ""))
	add(row("on_degraded", "", p.onDegraded, ""))
	add(row("on_recovery", "", p.onRecovery, ""))
	add(row("remind_every", "Remind me every", p.remind, "While a service stays down."))
	add(row("quiet_hours", "Quiet hours", p.quiet, "No notifications then, except for critical services."))
	if s.deps.Autostart != nil {
		add(heading("System"))
		add(row("autostart", "Log in", p.autostart, "Takes effect at once."))
	}
	form := container.New(layout.NewFormLayout(), objs...)
	buttons := container.NewBorder(nil, nil, nil, container.NewHBox(p.revert, p.saveBtn), p.summary)
	p.scroll = formScroll(container.NewPadded(container.New(maxWidth{w: 760}, form)))
	for w, cell := range cells {
		revealOnFocus(p.scroll, w, cell)
	}
	p.content = container.NewPadded(container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), buttons), nil, nil, p.scroll))
	p.enabled.OnChanged = func(bool) { p.changed(); p.enableNotify() }
	return p
}

// reload fills the form from the loaded configuration; unsaved changes are kept
// unless force is set.
func (p *prefsView) reload(force bool) {
	if p.dirty && !force {
		return
	}
	p.loading = true
	defer func() { p.loading = false }()
	m := p.s.loaded.Merged
	u := p.s.loaded.User
	dur := durText
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	// The user's own values; the machine's show as what is in force.
	p.interval.SetText(dur(u.Defaults.Interval))
	p.interval.SetPlaceHolder(config.Format(m.SpecFor(config.Service{}).Interval) + " (the default)")
	p.timeout.SetText(dur(u.Defaults.Timeout))
	p.timeout.SetPlaceHolder(config.Format(m.Defaults.Timeout.Or(config.DefaultTimeout)) + " (the default)")
	p.failures.SetText(num(u.Defaults.FailureThreshold))
	p.failures.SetPlaceHolder(strconv.Itoa(m.SpecFor(config.Service{}).FailureThreshold) + " (the default)")
	p.successes.SetText(num(u.Defaults.SuccessThreshold))
	p.successes.SetPlaceHolder(strconv.Itoa(m.SpecFor(config.Service{}).SuccessThreshold) + " (the default)")
	p.retry.SetText(dur(u.Defaults.RetryInterval))
	p.retry.SetPlaceHolder(config.Format(m.SpecFor(config.Service{}).RetryInterval) + " (the default)")
	p.targets.SetText(strings.Join(m.ConnectivityTargets(), "\n"))
	n := m.Notifications
	p.enabled.SetChecked(config.On(n.Enabled, true))
	p.onDegraded.SetChecked(config.On(n.OnDegraded, true))
	p.onRecovery.SetChecked(config.On(n.OnRecovery, true))
	p.remind.SetText(dur(u.Notifications.RemindEvery))
	p.remind.SetPlaceHolder(config.Format(m.Notifications.RemindEvery.Or(config.DefaultRemindEvery)) + " (the default); 0s for never")
	p.quiet.SetText(m.Notifications.QuietHours)
	if a := p.s.deps.Autostart; a != nil {
		on, err := a.Enabled()
		p.autostart.SetChecked(on && err == nil)
	}
	p.dirty = false
	p.loading = false
	p.enableNotify()
	p.validate()
}

func (p *prefsView) enableNotify() {
	for _, c := range []*checkField{p.onDegraded, p.onRecovery} {
		if p.enabled.Checked {
			c.Enable()
		} else {
			c.Disable()
		}
	}
}

func (p *prefsView) changed() {
	if p.loading {
		return
	}
	p.dirty = true
	p.validate()
}

// user builds the user's layer with the form's preferences; problems the config type
// cannot hold come back by field.
func (p *prefsView) user() (*config.Config, map[string]string) {
	problems := map[string]string{}
	l := p.s.loaded
	u := cloneConfig(l.User)
	u.Defaults.Interval = parseDuration(p.interval.Text)
	u.Defaults.Timeout = parseDuration(p.timeout.Text)
	u.Defaults.RetryInterval = parseDuration(p.retry.Text)
	count := func(key string, f *field) int {
		t := strings.TrimSpace(f.Text)
		if t == "" {
			return 0
		}
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 {
			problems[key] = fmt.Sprintf("%q is not a number of checks (1 or more)", t)
			return 0
		}
		return n
	}
	u.Defaults.FailureThreshold = count("failure_threshold", p.failures)
	u.Defaults.SuccessThreshold = count("success_threshold", p.successes)

	targets := []string{}
	for _, line := range strings.Split(p.targets.Text, "\n") {
		if t := strings.TrimSpace(line); t != "" {
			targets = append(targets, t)
		}
	}
	machineTargets := l.Machine.ConnectivityTargets()
	if l.User.Connectivity.Targets == nil && slices.Equal(targets, machineTargets) {
		u.Connectivity.Targets = nil // unchanged: keep following the machine or built-in list
	} else {
		u.Connectivity.Targets = targets
	}

	// A switch is written only when the user's file had it or it differs from what
	// the machine (or the built-in default) says.
	flag := func(dst **bool, mine, machine *bool, v bool) {
		if mine != nil || v != config.On(machine, true) {
			*dst = &v
		} else {
			*dst = nil
		}
	}
	mn, un := l.Machine.Notifications, l.User.Notifications
	flag(&u.Notifications.Enabled, un.Enabled, mn.Enabled, p.enabled.Checked)
	flag(&u.Notifications.OnDegraded, un.OnDegraded, mn.OnDegraded, p.onDegraded.Checked)
	flag(&u.Notifications.OnRecovery, un.OnRecovery, mn.OnRecovery, p.onRecovery.Checked)
	u.Notifications.RemindEvery = parseDuration(p.remind.Text)
	q := strings.TrimSpace(p.quiet.Text)
	if q == mn.QuietHours && un.QuietHours == "" {
		q = ""
	}
	u.Notifications.QuietHours = q
	return u, problems
}

func (p *prefsView) validate() {
	u, problems := p.user()
	errs := map[string]string{}
	for k, v := range problems {
		errs[k] = v
	}
	var other []string
	var es config.Errors
	if err := config.Merge(p.s.loaded.Machine, u).Validate(); err != nil && asErrors(err, &es) {
		for _, fe := range es {
			key := fe.Field
			if strings.HasPrefix(key, "targets[") {
				n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(key, "targets["), "]"))
				if _, dup := errs["targets"]; !dup {
					errs["targets"] = fmt.Sprintf("Line %d: %s", n, fe.Msg)
				}
				continue
			}
			if _, ok := p.errLabel[key]; ok && fe.Service == 0 {
				if _, dup := errs[key]; !dup {
					errs[key] = fe.Msg
				}
				continue
			}
			if fe.Service > 0 && p.s.loadErr == nil {
				// A default that makes a service invalid, like a timeout above its interval.
				other = append(other, "With these defaults, "+strings.TrimPrefix(fe.Error(), fe.File+": "))
			}
		}
	}
	p.errs = errs
	n := 0
	for key, l := range p.errLabel {
		if msg := errs[key]; msg != "" {
			setError(l, msg)
			n++
		} else {
			setError(l, "")
		}
	}
	sort.Strings(other)
	switch {
	case len(other) > 0:
		p.summary.SetText(strings.Join(other, "\n"))
	case n > 0:
		p.summary.SetText(fmt.Sprintf("Fix the %s marked in red to save.", plural(n, "problem")))
	case p.dirty:
		p.summary.SetText("")
	default:
		p.summary.SetText("")
	}
	if len(errs) > 0 || len(other) > 0 || !p.dirty {
		p.saveBtn.Disable()
	} else {
		p.saveBtn.Enable()
	}
	if p.dirty {
		p.revert.Enable()
	} else {
		p.revert.Disable()
	}
	fitContent(p.scroll)
}

func (p *prefsView) save() {
	p.validate()
	if p.saveBtn.Disabled() {
		return
	}
	u, _ := p.user()
	p.dirty = false
	if err := p.s.saveUser(u); err != nil {
		p.dirty = true
		p.validate()
		p.s.showError("Could not save the preferences", err)
	}
}

func (p *prefsView) autostartChanged(on bool) {
	if p.loading || p.s.deps.Autostart == nil {
		return
	}
	var err error
	if on {
		err = p.s.deps.Autostart.Enable()
	} else {
		err = p.s.deps.Autostart.Disable()
	}
	if err != nil {
		p.loading = true
		p.autostart.SetChecked(!on)
		p.loading = false
		p.s.showError("Could not change starting at login", err)
	}
}
