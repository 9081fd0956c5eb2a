package config

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/redact"
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
func elsewhere(where, origin, from string) string {
	if origin != "" && origin != from {
		return where + " in " + origin
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
	switch {
	case s.Kind == "":
		l.add("kind", "is missing (one of %s)", strings.Join(Kinds, ", "))
	case !slices.Contains(Kinds, s.Kind):
		l.add("kind", "%q is not a kind of check (one of %s)", s.Kind, strings.Join(Kinds, ", "))
	}
	if strings.TrimSpace(s.Target) == "" {
		l.add("target", "is missing (%s)", targetHint(s.Kind))
	} else if err := checkTarget(s.Kind, s.Target); err != nil {
		l.add("target", "%v", err)
	}
	checkDuration(l, "interval", s.Interval, MinInterval, MaxTiming)
	checkDuration(l, "timeout", s.Timeout, time.Millisecond, MaxTiming)
	checkDuration(l, "max_latency", s.MaxLatency, time.Millisecond, MaxTiming)
	if s.Timeout.Set && s.Timeout.Valid && (!s.Interval.Set || s.Interval.Valid) && spec.Timeout >= spec.Interval {
		l.add("timeout", "%s is not below the interval (%s)", Format(spec.Timeout), Format(spec.Interval))
	}
	for _, code := range s.ExpectStatus {
		if code < 100 || code > 599 {
			l.add("expect_status", "%d is not an HTTP status code (100 to 599)", code)
		}
	}
	if s.RecordType != "" && !slices.Contains(RecordTypes, strings.ToUpper(s.RecordType)) {
		l.add("record_type", "%q is not a record type (one of %s)", s.RecordType, strings.Join(RecordTypes, ", "))
	}
	if s.Resolver != "" {
		if err := checkHostPort(s.Resolver); err != nil {
			l.add("resolver", "%v", err)
		}
	}
	if s.CertMinDays < 0 {
		l.add("cert_min_days", "%d must not be negative", s.CertMinDays)
	} else if s.CertMinDays > MaxCertMinDays {
		l.add("cert_min_days", "%d is too many (at most %d, ten years)", s.CertMinDays, MaxCertMinDays)
	}
	checkDuration(l, "feed_window", s.FeedWindow, MinFeedWindow, MaxFeedWindow)
	for _, name := range s.Components {
		if strings.TrimSpace(name) == "" {
			l.add("components", "holds an empty name")
			break
		}
	}
	s.checkKindFields(l)
}

// checkKindFields reports options that do nothing for the service's kind: a typo'd
// kind or a copied block would otherwise be silently ignored.
func (s Service) checkKindFields(l *errorList) {
	only := func(field string, set bool, kinds ...string) {
		if set && s.Kind != "" && !slices.Contains(kinds, s.Kind) {
			l.add(field, "applies only to %s checks, not %s", strings.Join(kinds, " and "), s.Kind)
		}
	}
	only("expect_status", len(s.ExpectStatus) > 0, "http")
	only("body_contains", s.BodyContains != "", "http")
	only("insecure_skip_verify", s.InsecureSkipVerify, "http")
	only("max_latency", s.MaxLatency.Set, "http", "tcp", "ping")
	only("record_type", s.RecordType != "", "dns")
	only("expect_value", s.ExpectValue != "", "dns")
	only("resolver", s.Resolver != "", "dns")
	only("cert_min_days", s.CertMinDays != 0, "tls")
	only("components", len(s.Components) > 0, "statuspage", "instatus")
	only("feed_window", s.FeedWindow.Set, "feed")
}

func checkDuration(l *errorList, field string, d Duration, atLeast, atMost time.Duration) {
	switch {
	case !d.Set:
	case !d.Valid:
		l.add(field, "%s is not a duration (try \"30s\")", clip(d.Raw))
	case d.Duration < atLeast:
		l.add(field, "%s is too short (at least %s)", Format(d.Duration), Format(atLeast))
	case d.Duration > atMost:
		l.add(field, "%s is too long (at most %s)", Format(d.Duration), Format(atMost))
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

// TargetHint describes what a target of that kind looks like (the editor's placeholder).
func targetHint(kind string) string {
	switch kind {
	case "http":
		return "a URL like https://intranet.example.com/health"
	case "tcp", "tls":
		return "host:port, like mail.example.com:993"
	case "dns":
		return "a DNS name, like example.com"
	case "ping":
		return "a host name or IP address"
	case "statuspage":
		return "the status page's address, like https://status.example.com"
	case "instatus":
		return "the Instatus page's address, like https://example.instatus.com"
	case "feed":
		return "an RSS or Atom feed's URL, like https://status.example.com/history.atom"
	}
	return "what to check"
}

// TargetHint is exported for the settings window.
func TargetHint(kind string) string { return targetHint(kind) }

func checkTarget(kind, target string) error {
	if strings.ContainsAny(target, " \t\n") {
		return fmt.Errorf("%s contains spaces", shown(target))
	}
	switch kind {
	case "http", "statuspage", "instatus", "feed":
		u, err := url.Parse(target)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%s is not an http(s) URL (try https://%s)", shown(target), clip(strings.TrimPrefix(redact.URL(target), "//")))
		}
	case "tcp", "tls":
		return checkHostPort(target)
	case "dns", "ping":
		if strings.Contains(target, "/") || (strings.Contains(target, ":") && net.ParseIP(target) == nil) ||
			!validHostname(target) && net.ParseIP(target) == nil {
			return fmt.Errorf("%s is not a host name (%s)", shown(target), targetHint(kind))
		}
	}
	return nil
}

func checkHostPort(s string) error {
	host, port, err := net.SplitHostPort(s)
	if err != nil || host == "" {
		return fmt.Errorf("%s is not host:port (like mail.example.com:993)", shown(s))
	}
	var p int
	if _, err := fmt.Sscanf(port, "%d", &p); err != nil || p < 1 || p > 65535 || fmt.Sprint(p) != port {
		return fmt.Errorf("%s has no valid port (1 to 65535)", shown(s))
	}
	return nil
}

func validHostname(h string) bool {
	h = strings.TrimSuffix(h, ".")
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return false
			}
		}
	}
	return true
}
