package i18n

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// The configuration's problems are worded in English by package config: the command
// line shows them so, and the engine hands a broken service's first problem on as text
// (status.ServiceState.ConfigError, "interval: \"fast\" is not a duration (try
// \"30s\")"). The windows word a problem they hold whole (config.FieldError, with its
// format and values) themselves; ConfigProblem reads one back from its English, as
// Reason reads a reason, for the tray and the notifications.

// problemFormats are the formats of package config's problems (the keys of
// lang/config.*.json but the phrases), read with Reason's matcher. A verb is read back
// as the verb it is (%d, %q, %s, %U); problemNested names the values that are a
// config.Message or a config.Phrase, translated in turn. Earlier formats win: a
// format comes before a more general one of the same shape.
var problemFormats = []string{
	// Values of the wrong type (decode.go).
	"%s is not text (write it in quotes)",
	"%s is not text",
	"%s is not true or false",
	"%s is not a whole number",
	"%s is not a list (like %s)",
	"%s is not a table (like { team = \"web\" })",
	"%s is not a list of tables (write [[%s.%s]] sections)",
	"%s is not a list of tables (write [[%s]] sections)",
	"%s is not a table (write a [%s] section)",
	"is not a table (write a [[%s]] section)",
	"unknown section or key%s",
	"unknown key%s",

	// Values (validate.go, kinds.go, text.go, source.go, network.go, interface.go).
	"is missing",
	"is missing (one of %s)",
	"is missing (a name pattern, like \"prod/payments*\")",
	"is missing (the address of the company's config file)",
	"is missing (the server's address, like https://status.example.com)",
	"is missing (the status page's slug: the part after /status/ in its address)",
	"is missing (%s)",
	"is %d characters long (at most %d)",
	"is not valid UTF-8 text",
	"holds an empty name",
	"%q contains a control character (%U)",
	"%q contains a bidi override (%U), which shows it in another order than written",
	"%q is used by %s too (names must be unique)",
	"%q is not a kind of check (one of %s)",
	"%q is not a kind of source (one of %s)",
	"%q is not a language Uptray speaks (use %s)",
	"%q is not a name pattern (like \"web-*\" or \"db?\")",
	"%q is not a slug (letters, digits and dashes)",
	"%q is not a span of hours (try \"22:00-07:00\")",
	"%q starts and ends at the same time",
	"%q is not a web address (https://…)",
	"%q is not true or false",
	"%s contains spaces",
	"%s is not an http(s) URL (try https://%s)",
	"%s is not host:port (like mail.example.com:993)",
	"%s has no valid port (1 to 65535)",
	"%s is not a host name (%s)",
	"%s is not a Status.io page id or an address holding one (like https://status.gitlab.com/pages/5b36dc6502d06804c08349f7)",
	"%d is not an HTTP status code (100 to 599)",
	"%d must not be negative",
	"%d is too many (at most %d, ten years)",
	"%d is too many (at most %d)",
	"%d must be 1 or more",
	"must not be negative",
	"%s is not a duration (try \"30s\")",
	"%s is not a duration (try \"30m\", or \"0s\" for never)",
	"%s is too short (at least %s, or \"0s\" for never)",
	"%s is too short (at least %s)",
	"%s is too long (at most %s, or \"0s\" for never)",
	"%s is too long (at most %s)",
	"%s is not below the interval (%s)",
	"applies only to web and tls checks, not %s",
	"applies only to web checks, not %s: %s checks connect directly",
	"applies only to alertmanager sources, not %s",
	"applies only to uptime-kuma sources, not %s",
	"applies only to %s checks, not %s",
	"use a token or a username and password, not both",
	"is set without a username",

	// The managed file and the files themselves (managed.go, readfile.go).
	"must be https:// (or set public_key, so that the file is signed)",
	"must not hold a user name or password",
	"is not an ed25519 public key (base64 of 32 bytes, as `uptray keygen` prints it)",
	"only the machine-wide file may name a managed source",
	"a managed file must not name another managed source",
	"is a folder, not a configuration file",
	"is a named pipe, not a regular file: Uptray reads configuration only from regular files",
	"is a device, not a regular file: Uptray reads configuration only from regular files",
	"is not a regular file: Uptray reads configuration only from regular files",
	"is larger than %s, the most a configuration file may hold",
	"is %s, more than the %s a configuration file may hold",

	// The general shapes, last.
	"%q is not a %s (one of %s)",
	"%q is not %s",
	"%v (like %s)",
}

// problemFragments are formats only ever a value of another (a config.Message).
var problemFragments = []string{
	" (did you mean %q?)",
	"%s and %s",
	"%s in %s",
}

// problemPhrases are the keys of lang/config.*.json that are a config.Phrase (looked up
// whole), and the one that words a line number.
var problemPhrases = []string{
	"a number of days",
	"a status code: write numbers like 200, 204",
	"record type",
	"what to check",
	"line %d: ",
}

// problemNested says, for the formats with a config.Message or a config.Phrase among
// their values, how each verb is read: 'M' a Message (translated in turn when it is one
// of config's formats, else as written; it may be empty), 'P' a Phrase (looked up
// whole), '.' as the verb says.
var problemNested = map[string]string{
	"unknown section or key%s":                    "M",
	"unknown key%s":                               "M",
	"is missing (%s)":                             "P",
	"%q is used by %s too (names must be unique)": ".M",
	"%s is not a host name (%s)":                  ".P",
	"applies only to %s checks, not %s":           "M.",
	"%q is not a %s (one of %s)":                  ".P.",
	"%q is not %s":                                ".P",
	"%v (like %s)":                                "M.",
}

var (
	problemVerb = regexp.MustCompile(`%[dqsvU]`)

	configProblems = sync.OnceValue(func() *reasonTable {
		t := newTable()
		add := func(f string, fragment bool) {
			locs := problemVerb.FindAllStringIndex(f, -1)
			verbs := make([]byte, len(locs))
			for i, l := range locs {
				verbs[i] = f[l[0]+1]
				if verbs[i] == 'v' {
					verbs[i] = 's'
				}
			}
			if n, ok := problemNested[f]; ok {
				if len(n) != len(verbs) {
					panic("i18n: problemNested has " + strconv.Itoa(len(n)) + " verbs for " + strconv.Quote(f))
				}
				for i := range verbs {
					if n[i] != '.' {
						verbs[i] = n[i]
					}
				}
			}
			rf := compileFormat(f, f, locs, string(verbs))
			rf.fragment = fragment
			t.add(rf)
		}
		for _, f := range problemFormats {
			add(f, false)
		}
		for _, f := range problemFragments {
			add(f, true)
		}
		return t
	})
)

// ConfigProblem is a problem of the configuration in the language in use, read back
// from package config's English: FieldError.Error's layout ("<file>: line <n>:
// <where>: <field>: <problem>") or any tail of it, as a broken service's ConfigError
// ("<field>: <problem>") or a notice's first line. The problem is translated when it is
// one of config's formats, and so is "line <n>"; the file, the place, the field and the
// values stay as written, and text it does not know stays as it is. In English it is
// its argument.
func ConfigProblem(english string) string {
	lang := Language()
	if lang == "en" || english == "" {
		return english
	}
	return configProblems().cached(lang, english, func(t *reasonTable, rendered []string) string {
		return t.problem(english, rendered)
	})
}

// problem reads s as places and a problem: the problem is the text after the last ": "
// (not inside quotes: a name or a value may hold one) that is a whole format.
func (t *reasonTable) problem(s string, rendered []string) string {
	for end := len(s); end > 0; {
		i := strings.LastIndex(s[:end], ": ")
		if i < 0 {
			break
		}
		end = i
		if !balancedQuotes(s[:i]) {
			continue
		}
		if out, ok := t.translate(s[i+2:], rendered, false); ok {
			return places(s[:i+2]) + out
		}
	}
	out, _ := t.translate(s, rendered, false)
	return out
}

// places words the places before a problem ("config.toml: line 3: services[1]: "),
// each ending in ": ": a line number in the language in use, the rest as written.
func places(s string) string {
	if !strings.Contains(s, "line ") {
		return s
	}
	var b strings.Builder
	for s != "" {
		part, rest, _ := strings.Cut(s, ": ")
		if n, ok := strings.CutPrefix(part, "line "); ok && verbText('d', n) {
			line, _ := strconv.Atoi(n)
			b.WriteString(F("line %d: ", line))
		} else {
			b.WriteString(part + ": ")
		}
		s = rest
	}
	return b.String()
}

// balancedQuotes reports whether s closes every Go-quoted string it opens.
func balancedQuotes(s string) bool {
	in := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if in {
				i++
			}
		case '"':
			in = !in
		}
	}
	return !in
}
