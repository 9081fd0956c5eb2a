package ui

import (
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
	"github.com/uptray/uptray/internal/i18n"
)

// prefsView is the Preferences tab: defaults, connectivity, notifications, language,
// autostart.
type prefsView struct {
	s *Settings

	interval, timeout, retry, remind               *durationPicker
	failures, successes                            *field
	targets                                        *field
	enabled, onDegraded, onRecovery, soundCritical *checkField
	quiet                                          *field
	language                                       *selectField
	autostart                                      *checkField

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

// languageChoices are the Language choices, in the order shown, with the config's
// value for each. A language's name is written in that language, so that someone who
// cannot read the current one still finds their own.
func languageChoices() []struct{ label, value string } {
	return []struct{ label, value string }{
		{i18n.T("System"), "system"}, // i18n:ignore the config's value
		{"English", "en"},            // i18n:ignore a language's own name
		{"한국어", "ko"},                // i18n:ignore a field key, not shown
	}
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
	picker := func(presets []time.Duration) *durationPicker {
		d := newDurationPicker(presets, p.changed)
		d.setKeys(p.save, func() { p.reload(true) })
		return d
	}
	p.interval = picker(intervalPresets)
	p.timeout = picker(timeoutPresets)
	p.retry = picker(retryPresets)
	p.remind = picker(reminderPresets)
	p.failures = entry("")
	p.successes = entry("")
	p.targets = newField("")
	p.targets.MultiLine = true
	p.targets.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	p.targets.onEscape = func() { p.reload(true) }
	p.targets.SetMinRowsVisible(3)
	p.targets.PlaceHolder = i18n.T("host:port, one per line")
	p.targets.OnChanged = func(string) { p.changed() }
	check := func(text string) *checkField {
		c := newCheckField(text, func(bool) { p.changed() })
		c.setKeys(p.save, func() { p.reload(true) })
		return c
	}
	p.enabled = check(i18n.T("Show notifications"))
	p.onDegraded = check(i18n.T("Also when a service is slow or degraded"))
	p.onRecovery = check(i18n.T("When a service is back up"))
	p.soundCritical = check(i18n.T("Play a sound for critical services' Down notices"))
	p.quiet = entry(i18n.T("none, or like 22:00-07:00"))
	var labels []string
	for _, c := range languageChoices() {
		labels = append(labels, c.label)
	}
	p.language = newSelectField(labels, func(string) { p.changed() })
	p.language.setKeys(p.save, func() { p.reload(true) })
	p.autostart = newCheckField(i18n.T("Start Uptray when I log in"), p.autostartChanged)

	p.saveBtn = widget.NewButtonWithIcon(i18n.T("Save"), theme.DocumentSaveIcon(), p.save)
	p.saveBtn.Importance = widget.HighImportance
	p.revert = widget.NewButton(i18n.T("Undo changes"), func() { p.reload(true) })
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
	add(heading(i18n.T("Checks")))
	add(row("interval", i18n.T("Check every"), p.interval, i18n.T("How often each service is checked, unless it says otherwise.")))              // i18n:ignore a field key, not shown
	add(row("timeout", i18n.T("Give up after"), p.timeout, ""))                                                                                  // i18n:ignore a field key, not shown
	add(row("failure_threshold", i18n.T("Failures before Down"), p.failures, i18n.T("Failed checks in a row before a service counts as down."))) // i18n:ignore a field key, not shown
	add(row("success_threshold", i18n.T("Successes before Up"), p.successes, ""))                                                                // i18n:ignore a field key, not shown
	add(row("retry_interval", i18n.T("Re-check a failure after"), p.retry, ""))                                                                  // i18n:ignore a field key, not shown
	add(heading(i18n.T("Connection")))
	add(row("targets", i18n.T("Internet check: addresses to try"), p.targets, i18n.T("When none of these answers, Uptray shows Offline instead of blaming the services. Leave empty to only look at the network connection."))) // i18n:ignore a field key, not shown
	add(heading(i18n.T("Notifications")))
	add(row("enabled", i18n.T("Notify me"), p.enabled, ""))                                                                 // i18n:ignore a field key, not shown
	add(row("on_degraded", "", p.onDegraded, ""))                                                                           // i18n:ignore a field key, not shown
	add(row("on_recovery", "", p.onRecovery, ""))                                                                           // i18n:ignore a field key, not shown
	add(row("sound_critical", "", p.soundCritical, ""))                                                                     // i18n:ignore a field key, not shown
	add(row("remind_every", i18n.T("Remind me every"), p.remind, i18n.T("While a service stays down.")))                    // i18n:ignore a field key, not shown
	add(row("quiet_hours", i18n.T("Quiet hours"), p.quiet, i18n.T("No notifications then, except for critical services."))) // i18n:ignore a field key, not shown
	add(heading(i18n.T("Language")))
	add(row("language", i18n.T("Language"), p.language, i18n.T("Applies to windows opened after this; the tray menu and notifications change at once."))) // i18n:ignore a field key, not shown
	if s.deps.Autostart != nil {
		add(heading(i18n.T("System")))
		add(row("autostart", i18n.T("Log in"), p.autostart, i18n.T("Takes effect at once."))) // i18n:ignore a field key, not shown
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
	m, mach, u := p.s.loaded.Merged, p.s.loaded.Machine, p.s.loaded.User
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	// The user's own values; what is in force without them is the Default choice or
	// the placeholder, and says who set it: the organisation's machine-wide (or
	// managed) file, or Uptray's built-in default.
	durDefault := func(pk *durationPicker, mine, machine config.Duration, builtin time.Duration) {
		if machine.Set {
			pk.setDefault(machine.Duration, i18n.F("Set by your organisation (%s)", humanDuration(machine.Duration)))
		} else {
			pk.setDefault(builtin, "")
		}
		pk.set(mine)
	}
	numHint := func(n, machine int) string {
		if machine != 0 {
			return i18n.F("%d (set by your organisation)", n)
		}
		return i18n.F("%d (the default)", n)
	}
	durDefault(p.interval, u.Defaults.Interval, mach.Defaults.Interval, config.DefaultInterval)
	durDefault(p.timeout, u.Defaults.Timeout, mach.Defaults.Timeout, config.DefaultTimeout)
	durDefault(p.retry, u.Defaults.RetryInterval, mach.Defaults.RetryInterval, config.DefaultRetryInterval)
	durDefault(p.remind, u.Notifications.RemindEvery, mach.Notifications.RemindEvery, config.DefaultRemindEvery)
	p.failures.SetText(num(u.Defaults.FailureThreshold))
	p.failures.SetPlaceHolder(numHint(m.SpecFor(config.Service{}).FailureThreshold, mach.Defaults.FailureThreshold))
	p.successes.SetText(num(u.Defaults.SuccessThreshold))
	p.successes.SetPlaceHolder(numHint(m.SpecFor(config.Service{}).SuccessThreshold, mach.Defaults.SuccessThreshold))
	p.targets.SetText(strings.Join(m.ConnectivityTargets(), "\n"))
	n := m.Notifications
	// A switch the organisation set, and the user did not, says so after its words.
	mn, un := mach.Notifications, u.Notifications
	for _, c := range []struct {
		box           *checkField
		label         string
		on            *bool
		mine, machine *bool
	}{
		{p.enabled, i18n.T("Show notifications"), n.Enabled, un.Enabled, mn.Enabled},
		{p.onDegraded, i18n.T("Also when a service is slow or degraded"), n.OnDegraded, un.OnDegraded, mn.OnDegraded},
		{p.onRecovery, i18n.T("When a service is back up"), n.OnRecovery, un.OnRecovery, mn.OnRecovery},
		{p.soundCritical, i18n.T("Play a sound for critical services' Down notices"), n.SoundCritical, un.SoundCritical, mn.SoundCritical},
	} {
		text := c.label
		if c.machine != nil && c.mine == nil {
			text = i18n.F("%s (set by your organisation)", c.label)
		}
		c.box.SetText(text)
		c.box.SetChecked(config.On(c.on, true))
	}
	p.quiet.SetText(u.Notifications.QuietHours)
	if mq := mach.Notifications.QuietHours; mq != "" {
		p.quiet.SetPlaceHolder(i18n.F("%s (set by your organisation)", mq))
	} else {
		p.quiet.SetPlaceHolder(i18n.T("none, or like 22:00-07:00"))
	}
	lang := m.Interface.LanguageOr()
	for i, c := range languageChoices() {
		if c.value == lang {
			p.language.SetSelectedIndex(i)
		}
	}
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
	u.Defaults.Interval = p.interval.value()
	u.Defaults.Timeout = p.timeout.value()
	u.Defaults.RetryInterval = p.retry.value()
	count := func(key string, f *field) int {
		t := strings.TrimSpace(f.Text)
		if t == "" {
			return 0
		}
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 {
			problems[key] = i18n.F("“%s” is not a number of checks (1 or more)", t)
			return 0
		}
		return n
	}
	u.Defaults.FailureThreshold = count("failure_threshold", p.failures)  // i18n:ignore a field key, not shown
	u.Defaults.SuccessThreshold = count("success_threshold", p.successes) // i18n:ignore a field key, not shown

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
	flag(&u.Notifications.SoundCritical, un.SoundCritical, mn.SoundCritical, p.soundCritical.Checked)
	u.Notifications.RemindEvery = p.remind.value()
	q := strings.TrimSpace(p.quiet.Text)
	if q == mn.QuietHours && un.QuietHours == "" {
		q = ""
	}
	u.Notifications.QuietHours = q
	// The language is written when the user's file had one or it differs from what
	// is in force without it.
	if i := p.language.SelectedIndex(); i >= 0 {
		lang := languageChoices()[i].value
		if l.User.Interface.Language != "" || lang != l.Machine.Interface.LanguageOr() {
			u.Interface.Language = lang
		}
	}
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
					errs["targets"] = i18n.F("Line %[1]d: %[2]s", n, problemText(fe))
				}
				continue
			}
			if _, ok := p.errLabel[key]; ok && fe.Service == 0 {
				if _, dup := errs[key]; !dup {
					errs[key] = problemText(fe)
				}
				continue
			}
			if fe.Service > 0 && p.s.loadErr == nil {
				// A default that makes a service invalid, like a timeout above its interval.
				other = append(other, i18n.F("With these defaults, %s", strings.TrimPrefix(fieldErrorText(fe), fe.File+": ")))
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
		p.summary.SetText(i18n.N("Fix the %d problems marked in red to save.", n, n))
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
		p.s.showError(i18n.T("Could not save the preferences"), err)
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
		p.s.showError(i18n.T("Could not change starting at login"), err)
	}
}
