package config

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/redact"
)

// SourceKinds are the monitoring servers a [[sources]] entry can read.
var SourceKinds = []string{"gatus", "uptime-kuma", "alertmanager"}

// Source is a monitoring server whose checks are imported: each remote check becomes a
// service in a group named after the source, following the remote state.
type Source struct {
	Name     string   `toml:"name"`           // unique across services and sources; also the group
	Kind     string   `toml:"kind"`           // gatus | uptime-kuma | alertmanager
	URL      string   `toml:"url"`            // the server's base URL
	Slug     string   `toml:"slug,omitempty"` // uptime-kuma: the status page's slug
	Interval Duration `toml:"interval,omitempty"`
	Timeout  Duration `toml:"timeout,omitempty"`

	// Credentials: a bearer token, or basic auth. Never logged, never shown.
	Token    string `toml:"token,omitempty"`
	Username string `toml:"username,omitempty"`
	Password string `toml:"password,omitempty"`

	// Proxy, CAFile, CertFile, KeyFile: how requests leave the machine (network.go).
	Proxy    string `toml:"proxy,omitempty"`
	CAFile   string `toml:"ca_file,omitempty"`
	CertFile string `toml:"cert_file,omitempty"`
	KeyFile  string `toml:"key_file,omitempty"`

	// Include and Exclude are name patterns (MatchName: `*` matches across "/" too) on
	// the remote checks' names: with Include only matching checks are imported;
	// Exclude drops matching ones.
	Include []string `toml:"include,omitempty"`
	Exclude []string `toml:"exclude,omitempty"`
	// Labels (alertmanager) keep only alerts carrying every one of these labels.
	Labels map[string]string `toml:"labels,omitempty"`
	// Rules give imported checks what a service of one's own has: a fallback and
	// critical. The first rule whose pattern matches a check applies to it.
	Rules []SourceRule `toml:"rules,omitempty"`

	// Origin is the file the source was loaded from (not written to files).
	Origin string `toml:"-"`
	// Managed is true for sources from the machine-wide file: read-only for the user.
	Managed bool `toml:"-"`
}

// SourceRule is one [[sources.rules]] entry.
type SourceRule struct {
	// Match is a name pattern (MatchName) on the check's name and on "group/name".
	Match    string `toml:"match"`
	Fallback string `toml:"fallback,omitempty"`
	Critical bool   `toml:"critical,omitempty"`
}

// String names the source without its credentials (a password or token written
// into its URL is masked too), so printing one is safe.
func (s Source) String() string {
	return fmt.Sprintf("%s source %q at %s", s.Kind, s.Name, redact.URL(s.URL))
}

// Wants reports whether a remote check passes Include and Exclude. names are the
// ways to call it (its name, and "group/name" where the server groups checks): a
// pattern matching any of them counts. Patterns were validated; a bad one matches
// nothing.
func (s Source) Wants(names ...string) bool {
	if len(s.Include) > 0 && !matchAny(s.Include, names) {
		return false
	}
	return !matchAny(s.Exclude, names)
}

// RuleFor returns the first rule matching a remote check, called by any of names
// (its name, and "group/name"), and whether there is one.
func (s Source) RuleFor(names ...string) (SourceRule, bool) {
	for _, r := range s.Rules {
		for _, name := range names {
			if MatchName(r.Match, name) {
				return r, true
			}
		}
	}
	return SourceRule{}, false
}

func matchAny(patterns, names []string) bool {
	for _, p := range patterns {
		for _, name := range names {
			if MatchName(p, name) {
				return true
			}
		}
	}
	return false
}

// SourceTiming resolves a source's interval and timeout against the defaults, the
// same way SpecFor does for a service.
func (c *Config) SourceTiming(s Source) (interval, timeout time.Duration) {
	sp := c.SpecFor(Service{Interval: s.Interval, Timeout: s.Timeout})
	return sp.Interval, sp.Timeout
}

// Source returns the source with that name, if any.
func (c *Config) Source(name string) (Source, bool) {
	for _, s := range c.Sources {
		if s.Name == name {
			return s, true
		}
	}
	return Source{}, false
}

func sourceWhere(i int, name string) string {
	if name == "" {
		return fmt.Sprintf("sources[%d]", i+1)
	}
	return fmt.Sprintf("sources[%d] %q", i+1, clip(name))
}

// ValidateSource checks one source against a configuration's defaults, as the
// settings editor needs while the user types. Errors carry Source = 0.
func (c *Config) ValidateSource(s Source) Errors {
	l := &errorList{}
	l.atSource(fmt.Sprintf("%q", s.Name), 0)
	s.validateInto(l, c)
	return l.errs
}

func (s Source) validateInto(l *errorList, c *Config) {
	checkName(l, "name", s.Name)
	switch {
	case s.Kind == "":
		l.add("kind", "is missing (one of %s)", strings.Join(SourceKinds, ", "))
	case !slices.Contains(SourceKinds, s.Kind):
		l.add("kind", "%q is not a kind of source (one of %s)", s.Kind, strings.Join(SourceKinds, ", "))
	}
	if strings.TrimSpace(s.URL) == "" {
		l.add("url", "is missing (the server's address, like https://status.example.com)")
	} else if err := checkTarget("http", s.URL); err != nil {
		l.add("url", "%v", err)
	}
	if s.Kind == "uptime-kuma" && strings.TrimSpace(s.Slug) == "" {
		l.add("slug", "is missing (the status page's slug: the part after /status/ in its address)")
	}
	if s.Slug != "" && s.Kind != "" && s.Kind != "uptime-kuma" {
		l.add("slug", "applies only to uptime-kuma sources, not %s", s.Kind)
	}
	if s.Slug != "" && strings.ContainsAny(s.Slug, "/?# \t") {
		l.add("slug", "%q is not a slug (letters, digits and dashes)", s.Slug)
	}
	if len(s.Labels) > 0 && s.Kind != "" && s.Kind != "alertmanager" {
		l.add("labels", "applies only to alertmanager sources, not %s", s.Kind)
	}
	checkDuration(l, "interval", s.Interval, MinInterval, MaxTiming)
	checkDuration(l, "timeout", s.Timeout, time.Millisecond, MaxTiming)
	if s.Timeout.Set && s.Timeout.Valid && (!s.Interval.Set || s.Interval.Valid) {
		if interval, timeout := c.SourceTiming(s); timeout >= interval {
			l.add("timeout", "%s is not below the interval (%s)", Format(timeout), Format(interval))
		}
	}
	checkNetwork(l, s.Network(), "")
	if s.Token != "" && (s.Username != "" || s.Password != "") {
		l.add("token", "use a token or a username and password, not both")
	}
	if s.Password != "" && s.Username == "" {
		l.add("password", "is set without a username")
	}
	checkPatterns(l, "include", s.Include)
	checkPatterns(l, "exclude", s.Exclude)
	for i, r := range s.Rules {
		field := fmt.Sprintf("rules[%d].match", i+1)
		if strings.TrimSpace(r.Match) == "" {
			l.add(field, "is missing (a name pattern, like \"prod/payments*\")")
		} else {
			checkPatterns(l, field, []string{r.Match})
		}
	}
}

func checkPatterns(l *errorList, field string, patterns []string) {
	for _, p := range patterns {
		if checkPattern(p) != nil || p == "" {
			l.add(field, "%q is not a name pattern (like \"web-*\" or \"db?\")", p)
		}
	}
}
