package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// reasonPackages make the reasons a status.Result carries.
var reasonPackages = []string{"probe", "web", "source", "transport", "monitor"}

// reasonQuiet are packages and functions whose string arguments are never a reason.
var reasonQuiet = map[string]bool{
	"slog": true, "log": true, "strings": true, "filepath": true, "path": true, "os": true,
	"exec": true, "time": true, "regexp": true, "strconv": true, "json": true, "url": true,
	"http": true, "bytes": true, "xml": true, "sort": true, "net": true, "httptest": true,
	"Info": true, "Warn": true, "Error": false, "Debug": true, "With": true,
	"Getenv": true, "LookupEnv": true, "Command": true, "Format": true, "Parse": true,
	"Set": true, "Get": true, "Add": true, "Header": true, "MustCompile": true,
	"GetJSON": true, "apiURL": true, "HasPrefix": true, "Contains": true,
}

// reasonLiterals returns the string literals with words in the non-test files of the
// reason packages, outside contexts that never make a reason.
func reasonLiterals(t *testing.T) []literal {
	var out []literal
	for _, pkg := range reasonPackages {
		dir := filepath.Join("..", pkg)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		for _, e := range entries {
			name := e.Name()
			if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			path := filepath.Join(dir, name)
			f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			quiet := quietLiterals(f, func(_ *ast.CallExpr, pkg, fn string) bool {
				return reasonQuiet[pkg] || reasonQuiet[fn]
			})
			ast.Inspect(f, func(n ast.Node) bool {
				b, ok := n.(*ast.BasicLit)
				if !ok || b.Kind != token.STRING || quiet[b] {
					return true
				}
				s, err := strconv.Unquote(b.Value)
				if err == nil && looksShown(s) {
					out = append(out, literal{fset.Position(b.Pos()), s})
				}
				return true
			})
		}
	}
	return out
}

// notReasons are the literals of the reason packages that are not our reason formats,
// with why: each is checked to still be in the sources, so the list stays true.
var notReasons = map[string]string{
	// Addresses, media types, paths, network names, time layouts.
	"/etc/resolv.conf": "a path", "tcp": "a network", "ip4": "a network", "ip6": "a network",
	"application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5": "an Accept header",
	"application/json": "a media type", "Authorization": "a header name", "Uptray/dev": "the User-Agent",
	"Mon, 2 Jan 2006 15:04:05 -0700": "a time layout", "Mon, 2 Jan 2006 15:04:05 MST": "a time layout",
	"2 Jan 2006 15:04:05 -0700": "a time layout", "2 Jan 2006 15:04:05 MST": "a time layout",
	"Mon, 2 Jan 2006 15:04 -0700": "a time layout", "Mon, 02 Jan 2006 15:04 MST": "a time layout",
	"/api/v1/summary": "an API path", "/api/v2/summary.json": "an API path", "/api/v2.0.0/current": "an API path",
	"https://slack-status.com/api/v2.0.0/current": "an API address", "https://api.status.io/1.0/status/": "an API address",
	"/api/v2/alerts": "an API path", "/api/v1/endpoints/statuses": "an API path", "/api/v1/suites/statuses": "an API path",
	"/api/status-page/": "an API path", "/api/status-page/heartbeat/": "an API path",
	"http": "a scheme or kind", "https": "a scheme", "proxy": "a URL scheme", "true": "a query value", "false": "a query value",
	"dns": "a kind", "tls": "a kind", "ping": "a kind", "statuspage": "a kind", "instatus": "a kind", "feed": "a kind (and web.Words.Doc, within a format)",
	"incidentio": "a kind", "betterstack": "a kind", "slack": "a kind", "statusio": "a kind",
	"system": "a setting value", "none": "a setting value", "missing|": "a cache key",
	"ca_file": "a field name", "cert_file": "a field name", "key_file": "a field name",
	"number": "a JSON type name", "object": "a JSON type name", "array": "a JSON type name", "string": "a JSON type name", "bool": "a JSON type name",
	"top level": "a JSON path inside (%s: %s), kept as written",
	// Ids and names, not reasons.
	"section ": "a component id", "resource ": "a component id", "component ": "a component id (and within formats)",
	"monitor ": "a service name", "unnamed endpoint": "a service name", "unnamed suite": "a service name", "suites": "a service name",
	"incident": "a service name", "alert": "a label name", "instance": "a label name", "service": "a label or log key",
	"Login/SSO": "a Slack service name", "Messaging": "a Slack service name", "Notifications": "a Slack service name",
	"Search": "a Slack service name", "Workspace/Org Administration": "a Slack service name", "Connections": "a Slack service name",
	"Files": "a Slack service name", "Huddles": "a Slack service name", "Apps/Integrations/APIs": "a Slack service name",
	"Workflows": "a Slack service name", "Posts/Files": "a Slack service name", "Calls": "a Slack service name",
	"Link Previews": "a Slack service name", "<page id>": "inside an address, within a format",
	"the proxy": "a proxy's name in a log", "probe panicked": "a log message", "kind": "a log key", "panic": "a log key", "stack": "a log key",
	// Words the engine matches reasons against (monitor/once.go), not reasons.
	"dns: ": "matched", "connect: ": "matched", "connectex: ": "matched", "dial: ": "matched", "read: ": "matched",
	"write: ": "matched", "sendto: ": "matched", "sendmsg: ": "matched", "recvfrom: ": "matched", "socket: ": "matched",
	"wsarecv: ": "matched", "wsasend: ": "matched", "no reply to ping": "matched", "unreachable": "matched",
	"no route to host": "matched", "connection refused": "matched", "actively refused": "matched", "connection reset": "matched",
	"forcibly closed": "matched", "broken pipe": "matched", "host is down": "matched", "i/o timeout": "matched",
	"no such host": "matched", "bad url": "matched", "unknown kind": "matched", "unsupported record type": "matched",
	"ping not allowed": "matched", "config error": "matched",
	// Too general to match safely: a vendor's text could read the same.
	"%s does not exist": "transport: a settings file that is missing; stays English",
	// web.Words's parts: each sentence they make is a format of its own.
	"status page": "web.Words", "status page unreachable": "web.Words", "reading the status page": "web.Words",
	"the server": "web.Words", "server unreachable": "web.Words", "reading the answer": "web.Words",
	"response": "web.Words", "document": "web.Words", " (check the source's token or username and password)": "web.Words",
	" from ": "web.Error: HTTP %d from (the server|status page)", " larger than ": "web.Error, per Words",
	" did not answer with JSON": "web.Error, per Words", " sent malformed JSON": "web.Error, per Words",
	" answered in an unexpected shape (": "web.Error, per Words", " did not answer with a ": "web.Error, per Words",
	" answered with HTML, not a ": "web.Error, per Words", " sent a malformed ": "web.Error, per Words",
	" sent a ": "web.Error, per Words", " that could not be read: ": "web.Error, per Words", " could not be read": "web.Error, per Words",
	" MiB": "web.Size, kept as written", " KiB": "web.Size, kept as written", " bytes": "web.Size, kept as written",
	" ms": "a latency, kept as written", "day": "span: %d days", "hour": "span: %d hours",
	" of ": "%d of %d pings lost",
}

// TestReasonFormatsCovered reads the reason packages: every literal that can be part of
// a reason is in a format of the table (as a part, or, filled in, read by a format), or
// in notReasons.
func TestReasonFormatsCovered(t *testing.T) {
	tb := reasons()
	keys := make([]string, len(tb.formats))
	norm := make([]string, len(tb.formats))
	for i, f := range tb.formats {
		keys[i] = f.key
		norm[i] = reasonVerbAny.ReplaceAllString(f.key, "%s")
	}
	seen := map[string]bool{}
	for _, l := range reasonLiterals(t) {
		seen[l.text] = true
		if _, ok := notReasons[l.text]; ok {
			continue
		}
		n := reasonVerbAny.ReplaceAllString(l.text, "%s")
		covered := false
		for _, k := range norm {
			if strings.Contains(k, n) {
				covered = true
				break
			}
		}
		if !covered {
			sample := reasonVerbAny.ReplaceAllStringFunc(l.text, func(v string) string {
				if v == "%q" {
					return `"x"`
				}
				return "1"
			})
			_, covered = tb.translate(sample, keys, true)
		}
		if !covered {
			t.Errorf("%s: %q can be part of a reason but no format in reason.go has it: add the format (and its key to lang/reasons.*.json), or list it in notReasons with why", l.pos, l.text)
		}
	}
	for s := range notReasons {
		if !seen[s] {
			t.Errorf("notReasons lists %q, which no reason package has any more", s)
		}
	}
}

// reasonVerbAny is any fmt verb of a format in the sources.
var reasonVerbAny = regexp.MustCompile(`%[-+# 0]*\d*(\.\d+)?[a-zA-Z]`)
