package i18n

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// Reasons (status.Result.Reason, an offline reason) are made in English where checks
// run, and stay English in the history, the logs and on the command line. Reason
// translates one where it is shown: it knows the formats the probes, the page and
// source readers and the transport write (reasonFormats), reads the values back out of
// the text and renders the same format in the user's language. Text it does not know
// (a vendor's words, an error string of the OS) stays as it was written.

// reasonFormats are the formats of the reasons our code writes, each its own
// translation key in lang/reasons.*.json. The verbs are read back as:
//
//	%d  an integer
//	%q  a Go-quoted string (a remote word: rendered quoted as it was)
//	%s  any text, kept as written (a host, a duration, a vendor's name or state)
//	%R  a reason of our own inside this one, translated in turn; its key spells it %s
//	%C  a problem of the configuration (ConfigProblem); its key spells it %s
//
// Earlier formats win, so a specific format comes before a general one of the same
// shape. reasonFragments (tried next) are parts only a %R holds (a span, a list of
// status codes): alone, such short text is more likely a vendor's. reasonShapes come
// last.
var reasonFormats = []string{
	// web.Describe: the network, DNS and TLS.
	"connect: connection refused",
	"connect: no route to host",
	"connect: network is unreachable",
	"connect: connection timed out",
	"connect: host is down",
	"connect: connection reset by peer",
	"read: connection reset by peer",
	"write: connection reset by peer",
	"write: broken pipe",
	"connectex: No connection could be made because the target machine actively refused it.",
	"connection closed by the server",
	"timed out",
	"timed out before the check started",
	"timed out after %s",
	"DNS: no such host %s",
	"DNS: %s does not exist (NXDOMAIN)",
	"DNS: server answered %s for %s",
	"DNS: %s looking up %s",
	"DNS server %s: %R",
	"TLS: certificate signed by unknown authority",
	"TLS: remote error: %s",
	"TLS: the server did not answer with TLS",
	"TLS: %R",
	"certificate is not valid before %s",
	"certificate has expired",
	"certificate is not for %s",
	"certificate is for %s, not %s",
	"TLS certificate not verified (insecure_skip_verify)",

	// Proxies (web.Describe, transport.ProxyError).
	"proxy %s answered %s",
	"proxy %s refused the connection",
	"proxy %s did not answer (%R)",
	"proxy %s did not answer",
	"proxy %s not found (DNS: no such host %s)",
	"proxy %s failed",
	"proxy %s: %R",
	"%R (proxy auto-discovery (WPAD) not supported on Linux)",
	"%R (proxy auto-config not supported on Linux: %s)",
	"proxy auto-discovery (WPAD) not supported on Linux",
	"proxy auto-config not supported on Linux: %s",

	// The http probe.
	"bad URL",
	"bad URL: %s",
	"check canceled",
	"HTTP %d (want %R)",
	"body does not contain %q",
	"body does not contain %q (in the first 1 MiB)",
	"body not finished within %s",
	"body not finished in time",
	"response cut short: connection reset",
	"response cut short: connection closed",
	"response cut short: %R",
	"malformed response: invalid chunked encoding",
	"too many redirects (more than %d)",
	"slow: %s (max %s), %R",
	"slow: %s (max %s)",
	"unknown kind %q",
	"internal error",

	// The tls, ping, dns and connectivity probes.
	"certificate expired %R ago",
	"certificate expires in %R",
	"certificate valid for %R",
	`ping not allowed for this user (Linux: sysctl net.ipv4.ping_group_range="0 2147483647")`,
	"no address for %s",
	"no reply to ping (%d sent)",
	"%d of %d pings lost",
	"unsupported record type %q",
	"no %s record for %s",
	"%s record for %s is %s, want %s",
	"%s records for %s are %s; want %s",
	"no network interface is up",
	"no connectivity target answered: %R",

	// Status pages and feeds (web.Error with web.StatusPageWords, the page probes).
	"status page unreachable: %R",
	"status page: %R",
	"HTTP %d from status page",
	"reading the status page: %R",
	"status page larger than %s",
	"status page did not answer with JSON",
	"status page sent malformed JSON",
	"status page answered in an unexpected shape (%s)",
	"status page did not answer with a feed (<%s>, not RSS or Atom)",
	"status page did not answer with a feed",
	"status page answered with HTML, not a feed",
	"status page sent a malformed feed",
	"status page sent a feed that could not be read: %R",
	"status page could not be read",
	"unsupported encoding %q",
	"%R (neither incident.io's widget API nor /api/v2/summary.json: is it an incident.io page?)",
	"status page reports an unknown state %q",
	"the status page reports issues",
	"status page lists no components",
	"component %q is not monitored by the status page",
	"component name %q is not unique on the status page: write %s",
	"component name %q is not unique on the status page",
	"component %q has an unknown state %q",
	"no component named %s on the status page",
	`no Slack service named %s (Slack's services are named like "Messaging", "Huddles", "Login/SSO")`,
	"%s checks have no components to choose from",
	"this incident.io page does not list its components: type their names as the page shows them",
	"address is not a Status.io page id or %s",
	"untitled incident",
	"maintenance",
	"maintenance — %s",
	// A status page's states, in our words (a component's or an incident's).
	"operational",
	"degraded",
	"downtime",
	"degraded performance",
	"minor outage",
	"partial outage",
	"major outage",
	"under maintenance",
	"planned maintenance",
	"partial service disruption",
	"service disruption",
	"security event",
	"investigating",
	"identified",
	"monitoring",
	"resolved",
	"postmortem",
	"scheduled",
	"in progress",
	"verifying",
	"completed",
	"incident",
	"notice",
	"outage",

	// Monitoring servers (web.Error with web.ServerWords, the source readers).
	"canceled",
	"server unreachable: %R",
	"the server: %R",
	"HTTP 401 from the server (Gatus takes a username and password, not a token)",
	"HTTP %d from the server (check the source's token or username and password)",
	"HTTP %d from the server",
	"reading the answer: %R",
	"response larger than %s",
	"the server did not answer with JSON",
	"the server sent malformed JSON",
	"the server answered in an unexpected shape (%s: %s)",
	"the server answered in an unexpected shape (%s)",
	"the server did not answer with a document",
	"the server answered with HTML, not a document",
	"the server sent a malformed document",
	"the server sent a document that could not be read: %R",
	"the server could not be read",
	"stopped after %d redirects",
	"unknown source kind %q",
	"no active alerts",
	"alert firing",
	"alert %s",
	"no result yet",
	"failed",
	"HTTP %d",
	"no heartbeat yet",
	"down",
	"pending",
	"down since before %s: %s",
	"down since before %s",
	"down since %s: %s",
	"down since %s",
	"unknown heartbeat status %d",

	// A service's network settings (transport), as a tls check's reason.
	`%s is not "system", "none" or a proxy URL like http://proxy.example.com:3128`,
	"%s: a proxy URL starts with http://, https:// or socks5://",
	"%s: a proxy URL is only a scheme, a host and a port (no path)",
	"%s: certificate %d cannot be read: %s",
	"%s holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
	"key_file: is missing: cert_file needs its private key",
	"cert_file: is missing: key_file needs its certificate",
	"%s and %s do not make a key pair: %s",
	"%s is not an absolute path",
	"%s cannot be read: %s",

	// The engine.
	"removed from the configuration",
	"Config error: %C — open Settings",
}

// reasonFragments are matched only inside a %R.
var reasonFragments = []string{
	"1 day",
	"%d days",
	"1 hour",
	"%d hours",
	"less than an hour",
	"2xx or 3xx",
	"%s or %s",
	"%R; %R",
}

// reasonShapes are the general shapes, tried last: "Payments API: major outage" (a
// component and its state), "Outage in EU — investigating" (an incident and its
// state), "1.1.1.1:53: timed out" (a connectivity target), a failed step of a suite.
// The vendor's part stays as written; ours is translated.
var reasonShapes = []string{
	"%s — %R",
	"%s: %R",
}

// reasonFormat is one format of a table, split at its verbs. The verbs read back are
// those of reasonFormats, and of problemFormats (configproblem.go): 'U' a %U (U+0007),
// 'M' a config.Message inside (may be empty), 'P' a config.Phrase.
type reasonFormat struct {
	key      string   // the translation key: the format with %R spelled %s
	verbs    string   // one byte per verb: 'd', 'q', 's', 'R', 'C', 'U', 'M' or 'P'
	prefix   string   // the text before the first verb
	suffix   string   // the text after the last verb
	middle   []string // the text between verb k and verb k+1, never empty
	min      int      // the length of the shortest text the format reads
	fragment bool
}

// reasonTable is a list of formats and, per language, their rendering and the last
// texts translated: the reasons, or the configuration's problems.
type reasonTable struct {
	exact    map[string]int // a format without verbs → its index
	patterns []int          // the formats with verbs, in order
	formats  []reasonFormat

	// Guarded by reasonMu.
	langs     map[string][]string // the formats rendered in each language, looked up once
	cache     map[string]string   // the last texts translated, in cacheLang
	cacheLang string
}

var (
	reasonVerb = regexp.MustCompile(`%[dqsRC]`)

	reasons = sync.OnceValue(func() *reasonTable {
		t := newTable()
		add := func(f string, fragment bool) {
			rf := compileReason(f)
			rf.fragment = fragment
			t.add(rf)
		}
		for _, f := range reasonFormats {
			add(f, false)
		}
		for _, f := range reasonFragments {
			add(f, true)
		}
		for _, f := range reasonShapes {
			add(f, false)
		}
		return t
	})

	reasonMu sync.Mutex // every table's langs and cache
)

func newTable() *reasonTable {
	return &reasonTable{exact: map[string]int{}, langs: map[string][]string{}}
}

// add puts rf at the end of the table.
func (t *reasonTable) add(rf reasonFormat) {
	t.formats = append(t.formats, rf)
	i := len(t.formats) - 1
	if rf.verbs == "" {
		t.exact[rf.key] = i
	} else {
		t.patterns = append(t.patterns, i)
	}
}

// compileReason splits a reason format at its verbs.
func compileReason(f string) reasonFormat {
	locs := reasonVerb.FindAllStringIndex(f, -1)
	verbs := make([]byte, len(locs))
	for i, l := range locs {
		verbs[i] = f[l[0]+1]
	}
	key := strings.ReplaceAll(strings.ReplaceAll(f, "%R", "%s"), "%C", "%s")
	return compileFormat(f, key, locs, string(verbs))
}

// compileFormat splits f at its verbs (locs), read back as verbs says.
func compileFormat(f, key string, locs [][]int, verbs string) reasonFormat {
	rf := reasonFormat{key: key, verbs: verbs}
	if len(locs) == 0 {
		rf.prefix, rf.min = f, len(f)
		return rf
	}
	for i, l := range locs {
		if i > 0 {
			lit := f[locs[i-1][1]:l[0]]
			if lit == "" {
				panic("i18n: two verbs side by side in the format " + strconv.Quote(f))
			}
			rf.middle = append(rf.middle, lit)
			rf.min += len(lit)
		}
		if !verbText(verbs[i], "") {
			rf.min++
		}
	}
	rf.prefix, rf.suffix = f[:locs[0][0]], f[locs[len(locs)-1][1]:]
	rf.min += len(rf.prefix) + len(rf.suffix)
	return rf
}

// match reads s as f, putting each verb's text in vals. Like the regular expression
// with a lazy group per verb: the first verb's text is the shortest that lets the rest
// match, then the second's…
func (f *reasonFormat) match(s string, vals []string) bool {
	if len(s) < f.min || !strings.HasPrefix(s, f.prefix) ||
		!strings.HasSuffix(s, f.suffix) || !containsAll(s, f.middle) {
		return false
	}
	return f.matchFrom(s[len(f.prefix):len(s)-len(f.suffix)], 0, vals)
}

func (f *reasonFormat) matchFrom(s string, k int, vals []string) bool {
	if k == len(f.verbs)-1 {
		vals[k] = s
		return verbText(f.verbs[k], s)
	}
	lit := f.middle[k]
	for from := 0; from <= len(s); { // an empty value only where the verb allows it
		i := strings.Index(s[from:], lit)
		if i < 0 {
			return false
		}
		i += from
		if verbText(f.verbs[k], s[:i]) && f.matchFrom(s[i+len(lit):], k+1, vals) {
			vals[k] = s[:i]
			return true
		}
		from = i + 1
	}
	return false
}

// verbText reports whether v can be what the verb printed.
func verbText(verb byte, v string) bool {
	switch verb {
	case 'd':
		v = strings.TrimPrefix(v, "-")
		if v == "" {
			return false
		}
		for i := range len(v) {
			if v[i] < '0' || v[i] > '9' {
				return false
			}
		}
		return true
	case 'q': // "…" with no quote inside unless escaped
		if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
			return false
		}
		for i := 1; i < len(v)-1; i++ {
			switch v[i] {
			case '\\':
				i++
			case '"':
				return false
			}
		}
		return true
	case 'U': // U+0007, U+1F600
		if len(v) < 6 || len(v) > 8 || v[:2] != "U+" {
			return false
		}
		for i := 2; i < len(v); i++ {
			if !('0' <= v[i] && v[i] <= '9' || 'A' <= v[i] && v[i] <= 'F') {
				return false
			}
		}
		return true
	case 'M':
		return true // an empty Message prints nothing
	}
	return v != ""
}

// Reason is a reason in the language in use: the English the checks wrote, translated
// where it is one of our formats (and, inside it, each reason of ours it holds), else
// as it was. In English it is its argument.
func Reason(english string) string {
	lang := Language()
	if lang == "en" || english == "" {
		return english
	}
	return reasons().cached(lang, english, func(t *reasonTable, rendered []string) string {
		out, _ := t.translate(english, rendered, false)
		return out
	})
}

// cached is english rendered in lang by render, which is given the table's formats in
// lang: kept for the next time.
func (t *reasonTable) cached(lang, english string, render func(t *reasonTable, rendered []string) string) string {
	reasonMu.Lock()
	if t.cacheLang == lang {
		if out, ok := t.cache[english]; ok {
			reasonMu.Unlock()
			return out
		}
	}
	reasonMu.Unlock()
	out := render(t, reasonLang(lang, t))
	reasonMu.Lock()
	if t.cacheLang != lang || len(t.cache) >= reasonCacheSize {
		t.cache, t.cacheLang = make(map[string]string, 64), lang
	}
	t.cache[english] = out
	reasonMu.Unlock()
	return out
}

// The tray and the windows relabel every row on each snapshot, mostly with the reasons
// they showed the time before: the last few hundred are kept, rendered.
const reasonCacheSize = 512

// reasonLang is every format in lang, in table order.
func reasonLang(lang string, t *reasonTable) []string {
	reasonMu.Lock()
	defer reasonMu.Unlock()
	if l, ok := t.langs[lang]; ok {
		return l
	}
	l := make([]string, len(t.formats))
	mu.RLock()
	loc := localizer
	cur := current
	mu.RUnlock()
	for i, f := range t.formats {
		if cur == lang {
			l[i] = lookupWith(loc, f.key)
		} else {
			l[i] = f.key
		}
	}
	if cur == lang {
		t.langs[lang] = l
	}
	return l
}

// translate renders s in the language of rendered, reporting whether s was one of our
// formats. inner allows the fragments.
func (t *reasonTable) translate(s string, rendered []string, inner bool) (string, bool) {
	if i, ok := t.exact[s]; ok && (inner || !t.formats[i].fragment) {
		return rendered[i], true
	}
patterns:
	for _, i := range t.patterns {
		f := &t.formats[i]
		var buf [4]string
		vals := buf[:0]
		if len(f.verbs) > len(buf) {
			vals = make([]string, len(f.verbs))
		}
		vals = vals[:len(f.verbs)]
		if f.fragment && !inner || !f.match(s, vals) {
			continue
		}
		args := make([]any, len(f.verbs))
		for k, v := range vals {
			switch f.verbs[k] {
			case 'd':
				n, err := strconv.Atoi(v)
				if err != nil {
					args[k] = v
					continue
				}
				args[k] = n
			case 'q':
				u, err := strconv.Unquote(v)
				if err != nil {
					args[k] = v
					continue
				}
				args[k] = u
			case 'R', 'M':
				args[k], _ = t.translate(v, rendered, true)
			case 'C':
				args[k] = ConfigProblem(v)
			case 'P':
				if !known(v) {
					continue patterns // not a phrase of ours: the format only looked alike
				}
				args[k] = T(v)
			case 'U':
				n, err := strconv.ParseUint(v[2:], 16, 32)
				if err != nil {
					args[k] = v
					continue
				}
				args[k] = rune(n)
			default:
				args[k] = v
			}
		}
		return fmt.Sprintf(rendered[i], args...), true
	}
	return s, false
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// lookupWith is lookup with a given localizer.
func lookupWith(l *i18n.Localizer, id string) string {
	s, err := l.Localize(&i18n.LocalizeConfig{MessageID: id})
	if err != nil || s == "" {
		return id
	}
	return s
}
