package probe

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
)

// The hostile words of issue 10: a terminal escape with a link, a bidi override that
// reverses a file name, a 500 KB status word.
const (
	ansiName  = "\u001b[2J\u001b[31mALL CLEAR\u001b[0m <a href=…>Re-login here</a>"
	ansiClean = "[2J[31mALL CLEAR[0m <a href=…>Re-login here</a>" // markup is the notifier's to escape
	bidiName  = "Pay\u202egnp.exe\n\tlogin"
	bidiClean = "Paygnp.exe login"
)

var hugeWord = strings.Repeat("x", 500<<10)

// capped is prefix+word+suffix as a reason shows it: cut at sanitize.MaxRunes with "…".
func capped(prefix string) string {
	return prefix + strings.Repeat("x", sanitize.MaxRunes-1-utf8.RuneCountInString(prefix)) + "…"
}

// checkText asserts what every remote word must be once it is a reason or a name: no
// control or bidi characters, one line, at most max characters.
func checkText(t testing.TB, what, s string, max int) {
	t.Helper()
	if n := utf8.RuneCountInString(s); n > max {
		t.Errorf("%s has %d characters, want at most %d: %.80q…", what, n, max, s)
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			t.Errorf("%s contains %U: %.80q", what, r, s)
			return
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestHostilePages: what a status page or feed says reaches a reason as plain text, at
// most 200 characters, whatever it holds.
func TestHostilePages(t *testing.T) {
	type obj = map[string]any
	sp := func(indicator, description string, comps []obj, incidents ...obj) string {
		return mustJSON(t, obj{"status": obj{"indicator": indicator, "description": description},
			"components": comps, "incidents": incidents, "scheduled_maintenances": []obj{}})
	}
	api := []obj{{"id": "a1", "name": "API", "status": "major_outage"}}
	rss := func(title string) string {
		return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><item><title>` + title +
			`</title><pubDate>` + time.Now().Add(-time.Minute).Format(time.RFC1123Z) + `</pubDate></item></channel></rss>`
	}
	bodies := map[string]string{
		"/sp-ansi/api/v2/summary.json":           sp("major", "", nil, obj{"name": ansiName, "status": "investigating"}),
		"/sp-huge-indicator/api/v2/summary.json": sp(hugeWord, "", nil),
		"/sp-bidi/api/v2/summary.json": sp("major", "", api,
			obj{"name": bidiName, "status": "identified", "components": api}),
		"/sp-huge-state/api/v2/summary.json": sp("major", "", []obj{{"name": "API", "status": hugeWord}}),
		"/sp-state-with-bidi/api/v2/summary.json": sp("major", "",
			[]obj{{"name": "API", "status": "operational\u202e"}}),
		"/sp-osc-description/api/v2/summary.json": sp("minor", "\u001b]8;;http://evil\u0007Click\u001b]8;;\u0007", nil),
		"/sp-huge-number/api/v2/summary.json":     `{"status": {"indicator": ` + strings.Repeat("9", 300<<10) + `}}`,
		"/is-ansi/summary.json": mustJSON(t, obj{"page": obj{"status": "HASISSUES"},
			"activeIncidents": []obj{{"name": ansiName, "status": "\tINVESTIGATING\r\n", "impact": "MAJOROUTAGE"}}}),
		"/is-huge-status/summary.json": mustJSON(t, obj{"page": obj{"status": hugeWord}}),
		"/feed-double-escaped":         rss("&amp;#27;[2J Outage &amp;#x1b;[31m"),
		"/feed-cdata":                  rss("<![CDATA[&#27;[2J&#8238;gnp.exe]]>"),
		"/feed-raw-esc":                rss("&#27;[2J"),
		"/feed-huge-title":             rss(hugeWord),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := bodies[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	reg := NewRegistry(Options{})

	cases := []struct {
		name, kind, target string
		components         []string
		want               status.Status
		reason             string
	}{
		{"statuspage: incident with terminal escapes", "statuspage", "/sp-ansi", nil, status.Down, ansiClean + " — investigating"},
		{"statuspage: 500 KB indicator", "statuspage", "/sp-huge-indicator", nil, status.Unknown, capped(`status page reports an unknown state "`)},
		{"statuspage: incident with a bidi override", "statuspage", "/sp-bidi", []string{"API"}, status.Down, bidiClean + " — identified"},
		{"statuspage: 500 KB component state", "statuspage", "/sp-huge-state", []string{"API"}, status.Unknown, capped(`component "API" has an unknown state "`)},
		{"statuspage: state hiding a bidi override", "statuspage", "/sp-state-with-bidi", []string{"API"}, status.Unknown, `component "API" has an unknown state "operational"`},
		{"statuspage: description with a terminal link", "statuspage", "/sp-osc-description", nil, status.Degraded, "]8;;http://evilClick]8;;"},
		{"statuspage: 300 KB number", "statuspage", "/sp-huge-number", nil, status.Unknown, "status page answered in an unexpected shape (status.indicator: number)"},
		{"instatus: incident with terminal escapes", "instatus", "/is-ansi", nil, status.Down, ansiClean + " — investigating"},
		{"instatus: 500 KB page status", "instatus", "/is-huge-status", nil, status.Unknown, capped(`status page reports an unknown state "`)},
		{"feed: ESC escaped twice", "feed", "/feed-double-escaped", nil, status.Degraded, "[2J Outage [31m"},
		{"feed: entities in CDATA", "feed", "/feed-cdata", nil, status.Degraded, "[2Jgnp.exe"},
		{"feed: ESC as a character reference", "feed", "/feed-raw-esc", nil, status.Unknown, "status page sent a malformed feed"},
		{"feed: 500 KB title", "feed", "/feed-huge-title", nil, status.Degraded, capped("")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc := config.Service{Kind: tc.kind, Target: srv.URL + tc.target, Components: tc.components}
			res := reg.Check(withTimeout(t, 5*time.Second), svc)
			if res.Status != tc.want || res.Reason != tc.reason {
				t.Errorf("got %v %.120q, want %v %.120q", res.Status, res.Reason, tc.want, tc.reason)
			}
			checkText(t, "reason", res.Reason, sanitize.MaxRunes)
		})
	}
}
