package config

import (
	"fmt"
	"strings"
	"time"
)

// Validate checks a configuration and returns every problem at once (as Errors), or nil.
func (c *Config) Validate() error {
	l := &errorList{}
	c.validateInto(l)
	if len(l.errs) == 0 {
		return nil
	}
	return l.errs
}

func (c *Config) validateInto(l *errorList) {
	d := c.Defaults
	l.at("defaults", 0)
	checkDuration(l, "interval", d.Interval, MinInterval, MaxTiming)
	checkDuration(l, "timeout", d.Timeout, time.Millisecond, MaxTiming)
	checkDuration(l, "retry_interval", d.RetryInterval, MinRetryInterval, MaxTiming)
	checkCount(l, "failure_threshold", d.FailureThreshold, MaxThreshold)
	checkCount(l, "success_threshold", d.SuccessThreshold, MaxThreshold)
	checkCount(l, "max_concurrent", d.MaxConcurrent, MaxMaxConcurrent)
	checkNetwork(l, d.Network(), "")
	if d.Interval.Valid && d.Timeout.Valid && d.Interval.Set && d.Timeout.Set && d.Timeout.Duration >= d.Interval.Duration {
		l.add("timeout", "%s is not below the interval (%s)", Format(d.Timeout.Duration), Format(d.Interval.Duration))
	}

	l.at("connectivity", 0)
	for i, t := range c.Connectivity.Targets {
		if err := checkHostPort(t); err != nil {
			l.add(fmt.Sprintf("targets[%d]", i+1), "%v", err)
		}
	}

	n := c.Notifications
	l.at("notifications", 0)
	switch r := n.RemindEvery; {
	case r.Set && !r.Valid:
		l.add("remind_every", "%s is not a duration (try \"30m\", or \"0s\" for never)", clip(r.Raw))
	case r.Duration < 0:
		l.add("remind_every", "must not be negative")
	case r.Duration > 0 && r.Duration < MinRemindEvery:
		l.add("remind_every", "%s is too short (at least %s, or \"0s\" for never)", Format(r.Duration), Format(MinRemindEvery))
	case r.Duration > MaxRemindEvery:
		l.add("remind_every", "%s is too long (at most %s, or \"0s\" for never)", Format(r.Duration), Format(MaxRemindEvery))
	}
	if _, _, err := ParseQuietHours(n.QuietHours); err != nil {
		l.add("quiet_hours", "%v", err)
	}
	c.Interface.validateInto(l)
	c.Managed.validateInto(l)

	// Names are unique across services and sources. A clash between the machine-wide
	// file and the user's is reported in the user's file, where it can be fixed.
	seen := map[string]int{}
	managedSources := map[string]int{}
	for k, src := range c.Sources {
		if src.Managed && src.Name != "" {
			if _, dup := managedSources[strings.ToLower(src.Name)]; !dup {
				managedSources[strings.ToLower(src.Name)] = k
			}
		}
	}
	for i, s := range c.Services {
		l.at(serviceWhere(i, s.Name), i+1)
		s.validateInto(l, c.SpecFor(s))
		if s.Name == "" {
			continue
		}
		if j, dup := seen[strings.ToLower(s.Name)]; dup {
			other := fmt.Sprintf("services[%d]", j+1)
			if o := c.Services[j]; o.Origin != "" && o.Origin != s.Origin {
				other = fmt.Sprintf("%s in %s", serviceWhere(j, o.Name), o.Origin)
			}
			l.add("name", "%q is used by %s too (names must be unique)", s.Name, other)
		} else {
			seen[strings.ToLower(s.Name)] = i
			if k, dup := managedSources[strings.ToLower(s.Name)]; dup && !s.Managed {
				o := c.Sources[k]
				l.add("name", "%q is used by %s too (names must be unique)", s.Name, elsewhere(sourceWhere(k, o.Name), o.Origin, s.Origin))
			}
		}
	}
	seenSources := map[string]int{}
	for k, src := range c.Sources {
		l.atSource(sourceWhere(k, src.Name), k+1)
		src.validateInto(l, c)
		if src.Name == "" {
			continue
		}
		key := strings.ToLower(src.Name)
		if i, dup := seen[key]; dup {
			if o := c.Services[i]; !(src.Managed && !o.Managed) { // else reported on the service
				l.add("name", "%q is used by %s too (names must be unique)", src.Name, elsewhere(serviceWhere(i, o.Name), o.Origin, src.Origin))
			}
		} else if j, dup := seenSources[key]; dup {
			o := c.Sources[j]
			l.add("name", "%q is used by %s too (names must be unique)", src.Name, elsewhere(sourceWhere(j, o.Name), o.Origin, src.Origin))
		} else {
			seenSources[key] = k
		}
	}
}

// elsewhere names another entry, with its file when that is not the same file.
func elsewhere(where, origin, from string) any {
	if origin != "" && origin != from {
		return msgf("%s in %s", where, origin)
	}
	return where
}

// ValidateService checks one service against a configuration's defaults, as the
// settings editor needs while the user types. Errors carry Service = 0.
func (c *Config) ValidateService(s Service) Errors {
	l := &errorList{}
	l.at(fmt.Sprintf("%q", s.Name), 0)
	s.validateInto(l, c.SpecFor(s))
	return l.errs
}

func (s Service) validateInto(l *errorList, spec Spec) {
	checkName(l, "name", s.Name)
	if s.Group != "" {
		checkName(l, "group", s.Group)
	}
	kind := kindNamed(s.Kind)
	switch {
	case s.Kind == "":
		l.add("kind", "is missing (one of %s)", strings.Join(KindNames(), ", "))
	case kind == nil:
		l.add("kind", "%q is not a kind of check (one of %s)", s.Kind, strings.Join(KindNames(), ", "))
	}
	if strings.TrimSpace(s.Target) == "" {
		l.add("target", "is missing (%s)", Phrase(TargetHint(s.Kind)))
	} else if err := checkTarget(s.Kind, s.Target); err != nil {
		l.add("target", "%v", err)
	}
	checkDuration(l, "interval", s.Interval, MinInterval, MaxTiming)
	checkDuration(l, "timeout", s.Timeout, time.Millisecond, MaxTiming)
	if s.Timeout.Set && s.Timeout.Valid && (!s.Interval.Set || s.Interval.Valid) && spec.Timeout >= spec.Interval {
		l.add("timeout", "%s is not below the interval (%s)", Format(spec.Timeout), Format(spec.Interval))
	}
	s.checkOptions(l, kind)
	checkNetwork(l, s.Network(), s.Kind)
}

// checkOptions checks each option the service sets, whatever its kind (every problem
// at once: a wrong kind and a wrong value are two), and reports options that do
// nothing for the service's kind (nil: a kind that does not exist), which a typo'd kind
// or a copied block would otherwise leave silently ignored.
func (s Service) checkOptions(l *errorList, kind *Kind) {
	for _, f := range options {
		if !f.IsSet(&s) {
			continue
		}
		if f.Validate != nil {
			addEach(l, f.Key, f.Validate(&s))
		}
		if s.Kind == "" {
			continue
		}
		if kind != nil {
			if _, ok := kind.Field(f.Key); ok {
				continue
			}
		}
		l.add(f.Key, "applies only to %s checks, not %s", andList(kindsWith(f.Key)), s.Kind)
	}
}

// addEach reports err under field, each of a joined error's problems on its own.
func addEach(l *errorList, field string, err error) {
	if err == nil {
		return
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			addEach(l, field, e)
		}
		return
	}
	l.add(field, "%v", err)
}

// joinAnd joins words as a sentence does: "a", "a and b", "a, b and c".
func joinAnd(words []string) string { return fmt.Sprint(andList(words)) }

// andList is joinAnd as a value of a Message, so that a window words "and" too.
func andList(words []string) any {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return msgf("%s and %s", strings.Join(words[:len(words)-1], ", "), words[len(words)-1])
}

func checkDuration(l *errorList, field string, d Duration, atLeast, atMost time.Duration) {
	if err := durationProblem(d, atLeast, atMost); err != nil {
		l.add(field, "%v", err)
	}
}

// checkCount checks a count that may be unset (0).
func checkCount(l *errorList, field string, v, atMost int) {
	switch {
	case v < 0:
		l.add(field, "%d must be 1 or more", v)
	case v > atMost:
		l.add(field, "%d is too many (at most %d)", v, atMost)
	}
}
