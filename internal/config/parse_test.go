package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestFullExample(t *testing.T) {
	c, err := LoadFile(filepath.Join("testdata", "valid", "full.toml"))
	if err != nil {
		t.Fatalf("full.toml: %v", err)
	}

	d := c.Defaults
	if d.Interval != D(time.Minute) || d.Timeout != D(20*time.Second) || d.RetryInterval != D(15*time.Second) {
		t.Errorf("defaults durations = %+v %+v %+v", d.Interval, d.Timeout, d.RetryInterval)
	}
	if d.FailureThreshold != 3 || d.SuccessThreshold != 2 || d.MaxConcurrent != 8 || c.MaxConcurrent() != 8 {
		t.Errorf("defaults ints = %+v", d)
	}
	if got := c.ConnectivityTargets(); !slices.Equal(got, []string{"1.1.1.1:443", "9.9.9.9:53"}) {
		t.Errorf("connectivity targets = %v", got)
	}
	n := c.Notifications
	if !On(n.Enabled, false) || On(n.OnDegraded, true) || !On(n.OnRecovery, false) {
		t.Errorf("notification switches = %v %v %v", n.Enabled, n.OnDegraded, n.OnRecovery)
	}
	if n.RemindEvery != D(time.Hour) || n.QuietHours != "22:00-07:00" {
		t.Errorf("remind_every = %+v, quiet_hours = %q", n.RemindEvery, n.QuietHours)
	}
	q, ok, err := ParseQuietHours(n.QuietHours)
	if err != nil || !ok || q != (QuietHours{Start: 22 * time.Hour, End: 7 * time.Hour}) {
		t.Errorf("quiet hours = %+v %v %v", q, ok, err)
	}

	if len(c.Services) != 8 {
		t.Fatalf("%d services, want 8", len(c.Services))
	}
	var kinds []string
	for _, s := range c.Services {
		kinds = append(kinds, s.Kind)
		if s.Origin != filepath.Join("testdata", "valid", "full.toml") || s.Managed {
			t.Errorf("%s: Origin %q Managed %v", s.Name, s.Origin, s.Managed)
		}
	}
	// One of each kind full.toml was written for (a newer kind needs no entry here).
	if want := []string{"http", "tcp", "dns", "tls", "ping", "statuspage", "instatus", "feed"}; !slices.Equal(kinds, want) ||
		!slices.Equal(KindNames()[:len(want)], want) {
		t.Errorf("kinds = %v, want one of each %v", kinds, want)
	}

	web, _ := c.Service("Intranet")
	if !slices.Equal(web.ExpectStatus, []int{200, 204}) || web.BodyContains != "ok" || !web.InsecureSkipVerify ||
		!web.Critical || web.Group != "Office" || web.Fallback != "Use the VPN portal" || web.MaxLatency != D(800*time.Millisecond) {
		t.Errorf("Intranet = %+v", web)
	}
	dns, _ := c.Service("Resolver")
	if dns.RecordType != "MX" || dns.ExpectValue != "mx.example.com." || dns.Resolver != "9.9.9.9:53" {
		t.Errorf("Resolver = %+v", dns)
	}
	cert, _ := c.Service("Certificate")
	if cert.CertMinDays != 21 {
		t.Errorf("Certificate cert_min_days = %d", cert.CertMinDays)
	}
	pay, _ := c.Service("Payments")
	if !slices.Equal(pay.Components, []string{"API", "Dashboard"}) {
		t.Errorf("Payments components = %q", pay.Components)
	}
	chat, _ := c.Service("Chat")
	if !slices.Equal(chat.Components, []string{"Messaging"}) {
		t.Errorf("Chat components = %q", chat.Components)
	}
	cloud, _ := c.Service("Cloud")
	if cloud.FeedWindow != D(12*time.Hour) {
		t.Errorf("Cloud feed_window = %+v", cloud.FeedWindow)
	}
	if _, ok := c.Service("nope"); ok {
		t.Error(`Service("nope") found something`)
	}

	// Resolved timing: own values win; else the defaults; where the default timeout
	// (20s) is not below the interval (Router's 10s) it is lowered to interval/2.
	want := map[string][2]time.Duration{ // interval, timeout
		"Intranet":    {30 * time.Second, 10 * time.Second},
		"Mail":        {time.Minute, 20 * time.Second}, // no interval: defaults.interval
		"Resolver":    {5 * time.Minute, 20 * time.Second},
		"Certificate": {time.Hour, 20 * time.Second},
		"Router":      {10 * time.Second, 5 * time.Second},
		"Payments":    {time.Minute, 20 * time.Second},
		"Chat":        {time.Minute, 20 * time.Second},
		"Cloud":       {time.Minute, 20 * time.Second},
	}
	specs := c.Specs()
	for i, sp := range specs {
		if sp.Name != c.Services[i].Name {
			t.Errorf("Specs()[%d] is %q", i, sp.Name)
		}
		w := want[sp.Name]
		if sp.Interval != w[0] || sp.Timeout != w[1] {
			t.Errorf("%s: interval %v timeout %v, want %v %v", sp.Name, sp.Interval, sp.Timeout, w[0], w[1])
		}
		if sp.FailureThreshold != 3 || sp.SuccessThreshold != 2 || sp.RetryInterval != 15*time.Second {
			t.Errorf("%s: thresholds %d/%d retry %v", sp.Name, sp.FailureThreshold, sp.SuccessThreshold, sp.RetryInterval)
		}
	}
}

func TestBuiltInDefaults(t *testing.T) {
	c, err := LoadFile(filepath.Join("testdata", "valid", "minimal.toml"))
	if err != nil {
		t.Fatal(err)
	}
	sp := c.SpecFor(c.Services[0])
	if sp.Interval != DefaultInterval || sp.Timeout != DefaultTimeout || sp.FailureThreshold != DefaultFailureThreshold ||
		sp.SuccessThreshold != DefaultSuccessThreshold || sp.RetryInterval != DefaultRetryInterval {
		t.Errorf("spec = %+v", sp)
	}
	if c.MaxConcurrent() != 16 || !slices.Equal(c.ConnectivityTargets(), DefaultConnectivityTargets) {
		t.Errorf("MaxConcurrent %d, targets %v", c.MaxConcurrent(), c.ConnectivityTargets())
	}

	// A short interval with the built-in timeout: timeout is halved, not equal.
	short := c.SpecFor(Service{Name: "x", Interval: D(8 * time.Second)})
	if short.Timeout != 4*time.Second {
		t.Errorf("timeout for an 8s interval = %v, want 4s", short.Timeout)
	}
	// A default timeout at or above the interval is lowered the same way.
	slow := (&Config{Defaults: Defaults{Timeout: D(90 * time.Second)}}).SpecFor(Service{Name: "x"})
	if slow.Interval != DefaultInterval || slow.Timeout != DefaultInterval/2 {
		t.Errorf("default timeout 90s, default interval: %v/%v, want %v/%v", slow.Interval, slow.Timeout, DefaultInterval, DefaultInterval/2)
	}
	// An explicit timeout is never changed.
	own := c.SpecFor(Service{Name: "x", Interval: D(8 * time.Second), Timeout: D(3 * time.Second)})
	if own.Timeout != 3*time.Second {
		t.Errorf("own timeout = %v", own.Timeout)
	}
}

func TestOtherValidFiles(t *testing.T) {
	c, err := LoadFile(filepath.Join("testdata", "valid", "empty.toml"))
	if err != nil || len(c.Services) != 0 {
		t.Errorf("empty.toml: %v, %d services", err, len(c.Services))
	}
	c, err = LoadFile(filepath.Join("testdata", "valid", "inline.toml"))
	if err != nil {
		t.Fatalf("inline.toml: %v", err)
	}
	// targets = [] means "interfaces only", which is not the same as leaving it out.
	if got := c.ConnectivityTargets(); got == nil || len(got) != 0 {
		t.Errorf("targets = %#v, want empty non-nil", got)
	}
	if len(c.Services) != 2 || c.Services[1].Target != "[::1]:5432" {
		t.Errorf("services = %+v", c.Services)
	}
	c, err = LoadFile(filepath.Join(t.TempDir(), "absent.toml"))
	if err != nil || c == nil || len(c.Services) != 0 {
		t.Errorf("missing file: %v %v", c, err)
	}
}

// Each file in testdata/invalid holds one mistake (three_mistakes.toml, three).
func TestInvalidFiles(t *testing.T) {
	tests := []struct {
		file  string
		where string // the locator, `services[2] "Mail"`; "" for none
		field string
		word  string
		line  int // the line the error names: values of the wrong type, unknown keys, syntax
	}{
		{"bad_duration", `services[2] "Mail"`, "interval", `"5" is not a duration (try "30s")`, 0},
		{"interval_too_short", `services[1] "Mail"`, "interval", "too short", 0},
		{"retry_interval_too_short", "defaults", "retry_interval", "too short (at least 1s)", 0},
		{"timeout_not_below_interval", `services[1] "Mail"`, "timeout", "not below the interval", 0},
		{"timeout_not_below_default_interval", `services[1] "Mail"`, "timeout", "45s is not below the interval (30s)", 0},
		{"missing_name", `services[1]`, "name", "missing", 0},
		{"missing_target", `services[1] "Mail"`, "target", "missing", 0},
		{"duplicate_names", `services[2] "mail"`, "name", "services[1] too", 0},
		{"http_target_not_url", `services[1] "Web"`, "target", "URL", 0},
		{"tcp_target_no_port", `services[1] "Mail"`, "target", "host:port", 0},
		{"dns_target_slash", `services[1] "Lookup"`, "target", "not a host name", 0},
		{"unknown_kind", `services[1] "Web"`, "kind", `"https" is not a kind of check`, 0},
		{"unknown_service_key", `services[1] "Mail"`, "intervall", `unknown key (did you mean "interval"?)`, 5},
		{"unknown_inline_service_key", `services[1] "Mail"`, "intervall", `did you mean "interval"?`, 1},
		{"unknown_section", "", "defualts", `did you mean "defaults"?`, 1},
		{"unknown_defaults_key", "defaults", "intreval", `did you mean "interval"?`, 2},
		{"bad_record_type", `services[1] "Lookup"`, "record_type", "not a record type", 0},
		{"bad_quiet_hours", "notifications", "quiet_hours", "not a span of hours", 0},
		{"expect_status_999", `services[1] "Web"`, "expect_status", "999 is not an HTTP status code", 0},
		{"max_latency_on_dns", `services[1] "Lookup"`, "max_latency", "applies only to", 0},
		{"syntax_error", "", "", "line ", 2},
		{"integer_duration", `services[1] "Web"`, "interval", "30 is not a duration", 0},
		{"bad_connectivity_target", "connectivity", "targets[1]", "not host:port", 0},
		{"components_on_http", `services[1] "Web"`, "components", "applies only to statuspage", 0},
		{"feed_window_on_statuspage", `services[1] "Payments"`, "feed_window", "applies only to feed checks", 0},
		{"feed_window_too_short", `services[1] "Cloud"`, "feed_window", "10s is too short (at least 1m)", 0},
		{"statuspage_target_not_url", `services[1] "Payments"`, "target", "is not an http(s) URL", 0},
		{"source_missing_name", "sources[1]", "name", "missing", 0},
		{"source_unknown_kind", `sources[1] "Ops"`, "kind", `"nagios" is not a kind of source (one of gatus, uptime-kuma, alertmanager)`, 0},
		{"source_url_not_http", `sources[1] "Ops"`, "url", "is not an http(s) URL", 0},
		{"source_missing_slug", `sources[1] "Kuma"`, "slug", "missing", 0},
		{"source_slug_on_gatus", `sources[1] "Ops"`, "slug", "applies only to uptime-kuma", 0},
		{"source_interval_too_short", `sources[1] "Ops"`, "interval", "2s is too short (at least 5s)", 0},
		{"source_bad_pattern", `sources[1] "Ops"`, "include", `"web-[a" is not a name pattern`, 0},
		{"source_unknown_key", `sources[1] "Ops"`, "tokn", `unknown key (did you mean "token"?)`, 5},
		{"source_name_used_by_service", `sources[1] "mail"`, "name", `"mail" is used by services[1] "Mail" too`, 0},
		{"duplicate_source_names", `sources[2] "ops"`, "name", `is used by sources[1] "Ops" too`, 0},
		{"source_labels_on_gatus", `sources[1] "Ops"`, "labels", "applies only to alertmanager", 0},
		{"source_token_and_password", `sources[1] "Ops"`, "token", "not both", 0},
		{"source_rule_bad_pattern", `sources[1] "Ops"`, "rules[2].match", `"web-[a" is not a name pattern`, 0},
		{"source_rule_unknown_key", `sources[1] "Ops"`, "rules[1].fallbak", `unknown key (did you mean "fallback"?)`, 8},
		{"source_rule_missing_match", `sources[1] "Ops"`, "rules[1].match", "is missing", 0},
		{"source_rule_critical_not_bool", `sources[1] "Ops"`, "rules[1].critical", `"yes" is not true or false`, 8},
		{"critical_not_bool", `services[1] "Payments"`, "critical", `"yes" is not true or false`, 5},
		{"cert_min_days_too_many", `services[1] "Cert"`, "cert_min_days", "106752 is too many (at most 3650, ten years)", 0},
		{"failure_threshold_too_many", "defaults", "failure_threshold", "101 is too many (at most 100)", 0},
		{"success_threshold_too_many", "defaults", "success_threshold", "1000 is too many (at most 100)", 0},
		{"max_concurrent_too_many", "defaults", "max_concurrent", "100000 is too many (at most 1000)", 0},
		{"remind_every_too_short", "notifications", "remind_every", `30s is too short (at least 1m, or "0s" for never)`, 0},
		{"interval_too_long", `services[1] "Mail"`, "interval", "48h is too long (at most 24h)", 0},
		{"name_control_character", `services[1] "Mail\x1b[31m"`, "name", `"Mail\x1b[31m" contains a control character (U+001B)`, 0},
		{"name_nul", `services[1] "Mail\x00"`, "name", "contains a control character (U+0000)", 0},
		{"name_too_long", `services[1] "` + strings.Repeat("M", 101) + `"`, "name", "is 101 characters long (at most 100)", 0},
		{"group_control_character", `services[1] "Mail"`, "group", "contains a control character (U+0007)", 0},
		{"source_name_bidi_override", `sources[1] "Ops\u202egnp.exe"`, "name", "contains a bidi override (U+202E)", 0},
		{"defaults_threshold_not_int", "defaults", "failure_threshold", `"three" is not a whole number`, 5},
		{"second_service_type_error", `services[2] "Shop"`, "expect_status", `"200" is not a whole number`, 11},
		{"http_target_password_not_url", `services[2] "Intranet"`, "target", `"htps://bob:xxxxx@intranet.example.com/health?token=xxxxx" is not an http(s) URL`, 0},
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "invalid", "*.toml"))
	covered := map[string]bool{"three_mistakes": true}
	for _, tt := range tests {
		covered[tt.file] = true
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "invalid", tt.file+".toml")
			_, err := LoadFile(path)
			if err == nil {
				t.Fatal("no error")
			}
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("error is %T, not Errors: %v", err, err)
			}
			if len(es) != 1 {
				t.Errorf("%d errors, want 1:\n%v", len(es), err)
			}
			e := es[0]
			if e.File != path || e.Where != tt.where || e.Field != tt.field {
				t.Errorf("File/Where/Field = %q %q %q, want %q %q %q", e.File, e.Where, e.Field, path, tt.where, tt.field)
			}
			if e.Line != tt.line {
				t.Errorf("Line = %d, want %d", e.Line, tt.line)
			}
			msg := err.Error()
			at := path + ": "
			if tt.line > 0 {
				at = fmt.Sprintf("%s: line %d: ", path, tt.line)
			}
			for _, part := range []string{at, tt.where, tt.field + ": ", tt.word} {
				if !strings.Contains(msg, part) {
					t.Errorf("error %q does not contain %q", msg, part)
				}
			}
			if tt.where != "" && !strings.Contains(msg, tt.where+": "+tt.field+": ") {
				t.Errorf("error %q does not read %q", msg, tt.where+": "+tt.field+": ")
			}
		})
	}
	for _, f := range files {
		if name := strings.TrimSuffix(filepath.Base(f), ".toml"); !covered[name] {
			t.Errorf("%s has no test case", f)
		}
	}
}

func TestThreeMistakesReportedAtOnce(t *testing.T) {
	_, err := LoadFile(filepath.Join("testdata", "invalid", "three_mistakes.toml"))
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("error %T %v", err, err)
	}
	if len(es) != 3 {
		t.Fatalf("%d errors, want 3:\n%v", len(es), err)
	}
	want := map[string]bool{"target": true, "interval": true, "intervall": true}
	for _, e := range es {
		if e.Where != `services[2] "Mail"` || e.Service != 2 || !want[e.Field] {
			t.Errorf("unexpected %+v", e)
		}
		delete(want, e.Field)
	}
	if len(want) > 0 {
		t.Errorf("not reported: %v", want)
	}
	if lines := strings.Split(err.Error(), "\n"); len(lines) != 3 {
		t.Errorf("Error() has %d lines, want one per problem:\n%s", len(lines), err)
	}
	// Same order every time (the settings window and tests rely on it).
	for range 20 {
		_, again := LoadFile(filepath.Join("testdata", "invalid", "three_mistakes.toml"))
		if again.Error() != err.Error() {
			t.Fatalf("order changed:\n%v\n---\n%v", err, again)
		}
	}
}

func TestErrorsFor(t *testing.T) {
	_, err := Parse([]byte(`
[defaults]
interval = "1s"

[[services]]
name = "A"
kind = "tcp"
target = "a"
interval = "x"

[[services]]
name = "B"
kind = "tcp"
target = "b"
interval = "1s"
`))
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("%T %v", err, err)
	}
	check := func(svc int, field string, want ...string) {
		t.Helper()
		got := es.For(svc, field)
		if len(got) != len(want) {
			t.Fatalf("For(%d, %q) = %v, want %d entries", svc, field, got, len(want))
		}
		for i, e := range got {
			if e.Service != svc || e.Field != field || !strings.Contains(e.Error(), want[i]) {
				t.Errorf("For(%d, %q)[%d] = %+v, want %q", svc, field, i, e, want[i])
			}
		}
	}
	check(0, "interval", `defaults: interval: 1s is too short`)
	check(1, "interval", `services[1] "A": interval: "x" is not a duration`)
	check(1, "target", `services[1] "A": target: "a" is not host:port`)
	check(2, "interval", `services[2] "B": interval: 1s is too short`)
	check(2, "timeout")
	check(3, "interval")
}

func TestFieldErrorText(t *testing.T) {
	e := FieldError{File: "/x/config.toml", Where: `services[2] "Mail"`, Service: 2, Field: "interval", Msg: "bad"}
	if got := e.Error(); got != `/x/config.toml: services[2] "Mail": interval: bad` {
		t.Errorf("got %q", got)
	}
	if got := (FieldError{Msg: "line 3: oops"}).Error(); got != "line 3: oops" {
		t.Errorf("got %q", got)
	}
}

func TestValidateService(t *testing.T) {
	c := &Config{Defaults: Defaults{Interval: D(30 * time.Second)}}
	if es := c.ValidateService(Service{Name: "A", Kind: "tcp", Target: "a:1"}); len(es) != 0 {
		t.Errorf("valid service: %v", es)
	}
	es := c.ValidateService(Service{Name: "A", Kind: "tcp", Target: "a:1", Timeout: D(time.Minute)})
	if len(es) != 1 || es[0].Field != "timeout" || es[0].Service != 0 {
		t.Errorf("timeout above the default interval: %v", es)
	}
	es = c.ValidateService(Service{Name: "A", Kind: "ping", Target: "a:1", RecordType: "A", CertMinDays: -1})
	var fields []string
	for _, e := range es {
		fields = append(fields, e.Field)
	}
	slices.Sort(fields)
	if !slices.Equal(fields, []string{"cert_min_days", "cert_min_days", "record_type", "target"}) {
		t.Errorf("fields = %v (%v)", fields, es)
	}
}

func TestTargets(t *testing.T) {
	tests := []struct {
		kind, target string
		ok           bool
	}{
		{"http", "https://example.com/x", true},
		{"http", "ftp://example.com", false},
		{"http", "https://", false},
		{"tcp", "example.com:22", true},
		{"tcp", "[::1]:22", true},
		{"tcp", "example.com:0", false},
		{"tcp", "example.com:65536", false},
		{"tcp", "example.com:+22", false},
		{"tcp", ":22", false},
		{"tls", "example.com", false},
		{"dns", "example.com.", true},
		{"dns", "_srv.example.com", true},
		{"dns", "-bad.example.com", false},
		{"dns", "a..b", false},
		{"ping", "10.0.0.1", true},
		{"ping", "::1", true},
		{"ping", "host:22", false},
		{"ping", "has space", false},
	}
	for _, tt := range tests {
		err := checkTarget(tt.kind, tt.target)
		if (err == nil) != tt.ok {
			t.Errorf("checkTarget(%q, %q) = %v, want ok=%v", tt.kind, tt.target, err, tt.ok)
		}
	}
	if TargetHint("tcp") == TargetHint("http") || TargetHint("other") == "" {
		t.Error("TargetHint")
	}
}

func TestValidateProgrammatic(t *testing.T) {
	if err := (&Config{}).Validate(); err != nil {
		t.Errorf("empty config: %v", err)
	}
	c := &Config{
		Defaults:      Defaults{FailureThreshold: -1, Interval: D(10 * time.Second), Timeout: D(10 * time.Second)},
		Notifications: Notifications{RemindEvery: D(-time.Minute)},
		Services:      []Service{{Name: "x", Kind: "tcp", Target: "x:1"}, {Name: "X", Kind: "tcp", Target: "x:1"}},
	}
	err := c.Validate()
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("%T %v", err, err)
	}
	for _, want := range [][2]any{{0, "failure_threshold"}, {0, "timeout"}, {0, "remind_every"}, {2, "name"}} {
		if len(es.For(want[0].(int), want[1].(string))) != 1 {
			t.Errorf("no error for %v in\n%v", want, err)
		}
	}
	if len(es) != 4 {
		t.Errorf("%d errors:\n%v", len(es), err)
	}
}

func TestReadError(t *testing.T) {
	dir := t.TempDir()
	_, err := LoadFile(dir) // a directory: neither missing nor readable as a file
	if err == nil {
		t.Fatal("no error reading a directory")
	}
	if err := os.WriteFile(filepath.Join(dir, "wrongtype.toml"), []byte("services = 5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = LoadFile(filepath.Join(dir, "wrongtype.toml"))
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 || es[0].File == "" {
		t.Errorf("wrong type: %#v", err)
	}
}

// Errors reach the log and notifications: a password or token in a target is
// never repeated there, in the value or in the hint.
func TestErrorsHideSecrets(t *testing.T) {
	path := filepath.Join("testdata", "invalid", "http_target_password_not_url.toml")
	_, err := LoadFile(path)
	l, lenientErr := LoadLenient(Files{User: path})
	intranet, _ := l.Merged.Service("Intranet")
	src := Source{Name: "Ops", Kind: "gatus", URL: "https://ops:hunter2@gatus.example.com/?token=abc"}
	for _, text := range []string{err.Error(), lenientErr.Error(), intranet.ConfigError, src.String(),
		(&Config{}).ValidateService(Service{Name: "X", Kind: "http", Target: "https://bob:hunter2@h/?token=abc x"}).Error(),
		(&Config{}).ValidateService(Service{Name: "X", Kind: "tcp", Target: "bob:hunter2@h"}).Error(),
		(&Config{}).ValidateSource(Source{Name: "X", Kind: "gatus", URL: "gatus:hunter2@h#x?token=abc"}).Error(),
	} {
		if strings.Contains(text, "hunter2") || strings.Contains(text, "abc") || !strings.Contains(text, "xxxxx") {
			t.Errorf("a secret shows, or nothing says it was hidden: %s", text)
		}
	}
}
