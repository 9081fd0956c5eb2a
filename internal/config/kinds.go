package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/redact"
)

// Kinds of check, one row each. A row says what the kind's target looks like and how
// it is checked, and lists the kind's own options: each with its TOML key, how the
// settings editor shows it (label, placeholder, hint, widget), how it is read from and
// written to the flat Service (which stays the file format), and how it is validated.
// Validation (validate.go) and the service editor (ui/editor.go) read this table and
// nothing else about kinds.
//
// A new kind = one probe file + one registry line (probe/registry.go) + one row here.
// Its options reuse the Fields below (components, max_latency…); a new option is a
// field of Service plus one Field made with a constructor at the end of this file.
// Tests fail when a kind lacks its probe, its row or its editor rows, and when a key
// of Service belongs to no kind (and is not one every service has).
var kinds = []Kind{
	{Name: "http", Label: "Website or web address (http)", TargetLabel: "Address",
		TargetHint: "a URL like https://intranet.example.com/health", TargetExample: "https://intranet.example.com/health",
		CheckTarget: checkURL,
		Fields:      []Field{expectStatus, bodyContains, maxLatency, insecureSkipVerify}},
	{Name: "tcp", Label: "Network port is open (tcp)", TargetLabel: "Address",
		TargetHint: hostPortHint, TargetExample: "mail.example.com:993",
		CheckTarget: checkHostPort,
		Fields:      []Field{maxLatency}},
	{Name: "dns", Label: "Name lookup (dns)", TargetLabel: "Address",
		TargetHint: dnsHint, TargetExample: "example.com",
		CheckTarget: hostName(dnsHint),
		Fields:      []Field{recordType, expectValue, resolver}},
	{Name: "tls", Label: "Certificate is valid (tls)", TargetLabel: "Address",
		TargetHint: hostPortHint, TargetExample: "mail.example.com:993",
		CheckTarget: checkHostPort,
		Fields:      []Field{certMinDays}},
	{Name: "ping", Label: "Computer answers ping (ping)", TargetLabel: "Address",
		TargetHint: pingHint, TargetExample: "printer.example.com",
		CheckTarget: hostName(pingHint),
		Fields:      []Field{maxLatency}},
	{Name: "statuspage", Label: "Vendor status page (Atlassian Statuspage)", TargetLabel: "Address",
		TargetHint: "the status page's address, like https://status.example.com", TargetExample: "https://status.example.com",
		CheckTarget: checkURL,
		Fields:      []Field{components}},
	{Name: "instatus", Label: "Vendor status page (Instatus)", TargetLabel: "Address",
		TargetHint: "the Instatus page's address, like https://example.instatus.com", TargetExample: "https://example.instatus.com",
		CheckTarget: checkURL,
		Fields:      []Field{components}},
	{Name: "feed", Label: "Incident feed (RSS/Atom)", TargetLabel: "Address",
		TargetHint: "an RSS or Atom feed's URL, like https://status.example.com/history.atom", TargetExample: "https://status.example.com/history.atom",
		CheckTarget: checkURL,
		Fields:      []Field{feedWindow}},
	{Name: "incidentio", Label: "Vendor status page (incident.io)", TargetLabel: "Address",
		TargetHint: "the incident.io page's address, like https://status.openai.com", TargetExample: "https://status.openai.com",
		CheckTarget: checkURL, Fields: []Field{components}},
	{Name: "betterstack", Label: "Vendor status page (Better Stack)", TargetLabel: "Address",
		TargetHint: "the Better Stack page's address, like https://status.huggingface.co", TargetExample: "https://status.huggingface.co",
		CheckTarget: checkURL, Fields: []Field{components}},
	{Name: "slack", Label: "Slack's status (Slack Status API)", TargetLabel: "Address",
		TargetHint: "Slack's status site: https://slack-status.com", TargetExample: "https://slack-status.com",
		CheckTarget: checkURL, Fields: []Field{components}},
	{Name: "statusio", Label: "Vendor status page (Status.io)", TargetLabel: "Page",
		TargetHint:    "the Status.io page id, or its address with the id, like https://status.gitlab.com/pages/5b36dc6502d06804c08349f7",
		TargetExample: "https://status.gitlab.com/pages/5b36dc6502d06804c08349f7",
		CheckTarget:   checkStatusioTarget, Fields: []Field{components}},
}

// statusioID is a Status.io page id: 24 hexadecimal digits.
var statusioID = regexp.MustCompile(`^[0-9a-f]{24}$`)

// checkStatusioTarget accepts a page id, or an http(s) address with /pages/<id> or
// /status/<id> in its path (the page itself, or the public API).
func checkStatusioTarget(target string) error {
	if statusioID.MatchString(target) {
		return nil
	}
	if checkURL(target) == nil {
		u, _ := url.Parse(target)
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		for i := 0; i+1 < len(parts); i++ {
			if (parts[i] == "pages" || parts[i] == "status") && statusioID.MatchString(parts[i+1]) {
				return nil
			}
		}
	}
	return msgf("%s is not a Status.io page id or an address holding one (like https://status.gitlab.com/pages/5b36dc6502d06804c08349f7)", shown(target))
}

const (
	hostPortHint = "host:port, like mail.example.com:993"
	dnsHint      = "a DNS name, like example.com"
	pingHint     = "a host name or IP address"
)

// The options, each shared by the kinds that take it: one key, one label, one rule.
var (
	expectStatus = numbersField("expect_status", func(s *Service) *[]int { return &s.ExpectStatus },
		Phrase("a status code: write numbers like 200, 204"), checkStatusCode).
		words("Expected status codes", "any 2xx or 3xx, or like 200, 204", "")

	bodyContains = textField("body_contains", func(s *Service) *string { return &s.BodyContains },
		false, nil).
		words("Page must contain", "optional text the page must show", "")

	insecureSkipVerify = boolField("insecure_skip_verify",
		func(s *Service) *bool { return &s.InsecureSkipVerify }).
		words("Certificate", "Don't verify the certificate (unsafe)", "")

	maxLatency = durationField("max_latency", func(s *Service) *Duration { return &s.MaxLatency },
		time.Millisecond, MaxTiming).
		words("Slow when over", "optional, like 2s", "")

	recordType = choiceField("record_type", func(s *Service) *string { return &s.RecordType },
		Phrase("record type"), RecordTypes, DefaultRecordType).
		words("Record type", "", "")

	expectValue = textField("expect_value", func(s *Service) *string { return &s.ExpectValue },
		true, nil).
		words("Expected answer", "optional, like 192.0.2.10", "")

	resolver = textField("resolver", func(s *Service) *string { return &s.Resolver },
		true, checkHostPort).
		words("DNS server", "the computer's own, or ip:port like 10.0.0.53:53", "")

	certMinDays = numberField("cert_min_days", func(s *Service) *int { return &s.CertMinDays },
		Phrase("a number of days"), checkCertMinDays).
		words("Warn days before expiry", fmt.Sprintf("%d (the default)", DefaultCertMinDays), "")

	components = listField("components", func(s *Service) *[]string { return &s.Components },
		checkComponents).
		words("Components", "optional, like API, Web", "Only these components count; empty = the whole page.")

	feedWindow = durationField("feed_window", func(s *Service) *Duration { return &s.FeedWindow },
		MinFeedWindow, MaxFeedWindow).
		words("Recent for", Format(DefaultFeedWindow)+" (the default)", "An unresolved entry newer than this counts as a problem.")
)

// Kind describes one kind of check.
type Kind struct {
	Name  string // the value of `kind` in the file: "http"
	Label string // what the editor's list of kinds says: "Website or web address (http)"
	// TargetLabel labels the target in the editor ("Address").
	TargetLabel string
	// TargetHint says what a target looks like: the editor's placeholder, and the
	// words of "target: is missing (…)".
	TargetHint string
	// TargetExample is a target CheckTarget accepts (a test makes sure).
	TargetExample string
	// CheckTarget returns nil for a target this kind can check, or what is wrong with
	// it. It is called only with a target that is not blank and has no spaces.
	CheckTarget func(target string) error
	// Fields are the kind's own options, in the editor's order. Every service also has
	// name, kind, target, interval, timeout, group, fallback and critical.
	Fields []Field
}

// Field returns the kind's option with that TOML key.
func (k Kind) Field(key string) (Field, bool) {
	for _, f := range k.Fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// Widget is how the editor shows a field.
type Widget int

const (
	WidgetText     Widget = iota // one line of text
	WidgetNumber                 // a whole number, typed
	WidgetDuration               // a duration, typed ("30s", "5m")
	WidgetList                   // items separated by commas, typed ("API, Web")
	WidgetBool                   // a check box
	WidgetChoice                 // one of Choices
)

// Field is one option of a kind. The editor and validation meet at Get and Set: the
// value as one line of text, the way the editor shows and reads it ("" is unset).
type Field struct {
	Key   string // the TOML key: "max_latency"
	Label string // the editor's label: "Slow when over"
	// Placeholder is what the empty field shows ("optional, like 2s"); beside a
	// WidgetBool's box, its words.
	Placeholder string
	Hint        string // a grey line under the field in the editor; "" for none
	Widget      Widget
	Choices     []string // WidgetChoice: the values offered
	Default     string   // WidgetChoice: the value an unset field means, shown selected

	// IsSet, Get and Validate read the service through a pointer and never change it
	// (the validator calls them for every option of every service).

	// IsSet reports whether the service sets the option (a set option that is not the
	// service's kind's is an error).
	IsSet func(*Service) bool
	// Get returns the option's value as text: "" when unset, "true" for a ticked box,
	// items joined by ", ", a duration as written.
	Get func(*Service) string
	// Set stores text as Get writes it, or as a person types it ("" unsets; a
	// WidgetChoice's Default is stored unset). It stores what it can read and returns
	// what the Service cannot hold ("x" is not a number of days); whether a value it
	// holds is good is Validate's to say.
	Set func(s *Service, text string) error
	// Validate checks a set value: nil when it is good. Several problems come joined
	// (errors.Join) and are reported one by one. nil: any value is good.
	Validate func(*Service) error
}

// words gives a field its words in the editor.
func (f Field) words(label, placeholder, hint string) Field {
	f.Label, f.Placeholder, f.Hint = label, placeholder, hint
	return f
}

// Kinds returns every kind of check, in the order the editor lists them.
func Kinds() []Kind {
	out := slices.Clone(kinds)
	for i := range out {
		out[i].Fields = slices.Clone(out[i].Fields)
	}
	return out
}

// KindByName returns the kind called name ("http").
func KindByName(name string) (Kind, bool) {
	if k := kindNamed(name); k != nil {
		out := *k
		out.Fields = slices.Clone(k.Fields)
		return out, true
	}
	return Kind{}, false
}

// kindNamed is the table's row for a kind, nil for none: not to be changed.
func kindNamed(name string) *Kind {
	for i := range kinds {
		if kinds[i].Name == name {
			return &kinds[i]
		}
	}
	return nil
}

// KindNames lists the kinds' names, in the table's order.
func KindNames() []string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.Name
	}
	return names
}

// KindFields returns every option of some kind, once each, in the table's order: what
// a service of another kind must leave unset.
func KindFields() []Field { return slices.Clone(options) }

// options is KindFields, gathered once (validation reads it for every service).
var options = func() []Field {
	var out []Field
	seen := map[string]bool{}
	for _, k := range kinds {
		for _, f := range k.Fields {
			if !seen[f.Key] {
				seen[f.Key] = true
				out = append(out, f)
			}
		}
	}
	return out
}()

// kindsWith lists the kinds that take the option key.
func kindsWith(key string) []string {
	var out []string
	for _, k := range kinds {
		if _, ok := k.Field(key); ok {
			out = append(out, k.Name)
		}
	}
	return out
}

// TargetHint describes what a target of that kind looks like (the editor's placeholder).
func TargetHint(kind string) string {
	if k := kindNamed(kind); k != nil {
		return k.TargetHint
	}
	return "what to check"
}

// checkTarget checks a non-blank target for its kind (any target without spaces, for
// a kind that does not exist: the kind is reported instead).
func checkTarget(kind, target string) error {
	if strings.ContainsAny(target, " \t\n") {
		return msgf("%s contains spaces", shown(target))
	}
	if k := kindNamed(kind); k != nil && k.CheckTarget != nil {
		return k.CheckTarget(target)
	}
	return nil
}

// Targets.

func checkURL(target string) error {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return msgf("%s is not an http(s) URL (try https://%s)", shown(target), clip(strings.TrimPrefix(redact.URL(target), "//")))
	}
	return nil
}

func checkHostPort(s string) error {
	host, port, err := net.SplitHostPort(s)
	if err != nil || host == "" {
		return msgf("%s is not host:port (like mail.example.com:993)", shown(s))
	}
	var p int
	if _, err := fmt.Sscanf(port, "%d", &p); err != nil || p < 1 || p > 65535 || fmt.Sprint(p) != port {
		return msgf("%s has no valid port (1 to 65535)", shown(s))
	}
	return nil
}

// hostName accepts a host name or an IP address, and names hint when it is neither.
func hostName(hint string) func(string) error {
	return func(target string) error {
		if strings.Contains(target, "/") || (strings.Contains(target, ":") && net.ParseIP(target) == nil) ||
			!validHostname(target) && net.ParseIP(target) == nil {
			return msgf("%s is not a host name (%s)", shown(target), Phrase(hint))
		}
		return nil
	}
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

// Values.

func checkStatusCode(code int) error {
	if code < 100 || code > 599 {
		return msgf("%d is not an HTTP status code (100 to 599)", code)
	}
	return nil
}

func checkCertMinDays(n int) error {
	switch {
	case n < 0:
		return msgf("%d must not be negative", n)
	case n > MaxCertMinDays:
		return msgf("%d is too many (at most %d, ten years)", n, MaxCertMinDays)
	}
	return nil
}

func checkComponents(names []string) error {
	for _, name := range names {
		if strings.TrimSpace(name) == "" {
			return msgf("holds an empty name")
		}
	}
	return nil
}

// durationProblem says what is wrong with a set duration, or nil.
func durationProblem(d Duration, atLeast, atMost time.Duration) error {
	switch {
	case !d.Set:
	case !d.Valid:
		return msgf("%s is not a duration (try \"30s\")", clip(d.Raw))
	case d.Duration < atLeast:
		return msgf("%s is too short (at least %s)", Format(d.Duration), Format(atLeast))
	case d.Duration > atMost:
		return msgf("%s is too long (at most %s)", Format(d.Duration), Format(atMost))
	}
	return nil
}

// Field constructors: each reaches its value in the Service through at.

func durationField(key string, at func(*Service) *Duration, atLeast, atMost time.Duration) Field {
	return Field{Key: key, Widget: WidgetDuration,
		IsSet: func(s *Service) bool { return at(s).Set },
		Get: func(s *Service) string {
			switch d := *at(s); {
			case !d.Set:
				return ""
			case !d.Valid:
				return strings.Trim(d.Raw, `"`)
			default:
				return Format(d.Duration)
			}
		},
		Set: func(s *Service, text string) error {
			*at(s) = Duration{}
			if text = strings.TrimSpace(text); text != "" {
				if d, err := time.ParseDuration(text); err == nil {
					*at(s) = D(d)
				} else {
					*at(s) = Duration{Set: true, Raw: strconv.Quote(text)} // reported by Validate
				}
			}
			return nil
		},
		Validate: func(s *Service) error { return durationProblem(*at(s), atLeast, atMost) },
	}
}

// textField is free text; trim drops spaces around it. check may be nil.
func textField(key string, at func(*Service) *string, trim bool, check func(string) error) Field {
	f := Field{Key: key, Widget: WidgetText,
		IsSet: func(s *Service) bool { return *at(s) != "" },
		Get:   func(s *Service) string { return *at(s) },
		Set: func(s *Service, text string) error {
			if trim {
				text = strings.TrimSpace(text)
			}
			*at(s) = text
			return nil
		},
	}
	if check != nil {
		f.Validate = func(s *Service) error { return check(*at(s)) }
	}
	return f
}

// numberField is a whole number, 0 when unset; what names a number ("a number of days").
func numberField(key string, at func(*Service) *int, what Phrase, check func(int) error) Field {
	return Field{Key: key, Widget: WidgetNumber,
		IsSet: func(s *Service) bool { return *at(s) != 0 },
		Get: func(s *Service) string {
			if n := *at(s); n != 0 {
				return strconv.Itoa(n)
			}
			return ""
		},
		Set: func(s *Service, text string) error {
			*at(s) = 0
			if text = strings.TrimSpace(text); text == "" {
				return nil
			}
			n, err := strconv.Atoi(text)
			if err != nil {
				return msgf("%q is not %s", text, what)
			}
			*at(s) = n
			return nil
		},
		Validate: func(s *Service) error { return check(*at(s)) },
	}
}

// numbersField is a list of whole numbers, typed "200, 204"; what names one
// ("a status code: …"); check judges each.
func numbersField(key string, at func(*Service) *[]int, what Phrase, check func(int) error) Field {
	return Field{Key: key, Widget: WidgetList,
		IsSet: func(s *Service) bool { return len(*at(s)) > 0 },
		Get: func(s *Service) string {
			var words []string
			for _, n := range *at(s) {
				words = append(words, strconv.Itoa(n))
			}
			return strings.Join(words, ", ")
		},
		Set: func(s *Service, text string) error {
			var ns []int
			var problem error
			for _, w := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
				n, err := strconv.Atoi(w)
				if err != nil {
					if problem == nil {
						problem = msgf("%q is not %s", w, what)
					}
					continue
				}
				ns = append(ns, n)
			}
			*at(s) = ns
			return problem
		},
		Validate: func(s *Service) error {
			var errs []error
			for _, n := range *at(s) {
				errs = append(errs, check(n))
			}
			return errors.Join(errs...)
		},
	}
}

// listField is a list of names, typed "API, Web"; check judges the whole list.
func listField(key string, at func(*Service) *[]string, check func([]string) error) Field {
	return Field{Key: key, Widget: WidgetList,
		IsSet: func(s *Service) bool { return len(*at(s)) > 0 },
		Get:   func(s *Service) string { return strings.Join(*at(s), ", ") },
		Set: func(s *Service, text string) error {
			var items []string
			for _, w := range strings.Split(text, ",") {
				if w = strings.TrimSpace(w); w != "" {
					items = append(items, w)
				}
			}
			*at(s) = items
			return nil
		},
		Validate: func(s *Service) error { return check(*at(s)) },
	}
}

func boolField(key string, at func(*Service) *bool) Field {
	return Field{Key: key, Widget: WidgetBool,
		IsSet: func(s *Service) bool { return *at(s) },
		Get: func(s *Service) string {
			if *at(s) {
				return "true"
			}
			return ""
		},
		Set: func(s *Service, text string) error {
			*at(s) = false
			if text = strings.TrimSpace(text); text == "" {
				return nil
			}
			b, err := strconv.ParseBool(text)
			if err != nil {
				return msgf("%q is not true or false", text)
			}
			*at(s) = b
			return nil
		},
	}
}

// choiceField is one of choices (any case); noun names one ("record type"). def, the
// value an unset field means, is stored unset.
func choiceField(key string, at func(*Service) *string, noun Phrase, choices []string, def string) Field {
	find := func(v string) (string, bool) {
		for _, c := range choices {
			if strings.EqualFold(c, v) {
				return c, true
			}
		}
		return v, false
	}
	return Field{Key: key, Widget: WidgetChoice, Choices: choices, Default: def,
		IsSet: func(s *Service) bool { return *at(s) != "" },
		Get: func(s *Service) string {
			c, _ := find(*at(s))
			return c
		},
		Set: func(s *Service, text string) error {
			*at(s) = ""
			if text = strings.TrimSpace(text); text != "" && !strings.EqualFold(text, def) {
				*at(s) = text
			}
			return nil
		},
		Validate: func(s *Service) error {
			if _, ok := find(*at(s)); !ok {
				return msgf("%q is not a %s (one of %s)", *at(s), noun, strings.Join(choices, ", "))
			}
			return nil
		},
	}
}
