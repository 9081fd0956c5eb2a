package source

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
)

// The hostile words of issue 10.
const (
	ansiName  = "\u001b[2J\u001b[31mALL CLEAR\u001b[0m <a href=…>Re-login here</a>"
	ansiClean = "[2J[31mALL CLEAR[0m <a href=…>Re-login here</a>"
	bidiName  = "Pay\u202egnp.exe\n\tlogin"
	bidiClean = "Paygnp.exe login"
)

// hugeWord is a word of 300 KB: three fit in an answer of 1 MiB.
var hugeWord = strings.Repeat("x", 300<<10)

// longX is what a huge word of x's becomes: 199 of them and "…".
var longX = strings.Repeat("x", sanitize.MaxRunes-1) + "…"

// memoryClient answers each request with answers[path], 404 without one: a server
// with no network under it, for hostile answers and fuzzing.
func memoryClient(answers map[string][]byte) *http.Client {
	return &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		body, ok := answers[r.URL.Path]
		code := http.StatusOK
		if !ok {
			code = http.StatusNotFound
		}
		return &http.Response{StatusCode: code, Body: io.NopCloser(bytes.NewReader(body)), Request: r, Header: http.Header{}}, nil
	})}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func mustJSON(t testing.TB, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkText asserts what a reader hands on: no control or bidi characters, at most
// max characters.
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

// checkEntryText checks every field of entries that came from the server. A name may
// be longer than one sanitised word only by what finish adds to make it unique.
func checkEntryText(t testing.TB, entries []Entry) {
	t.Helper()
	for _, e := range entries {
		checkText(t, "group", e.Group, sanitize.MaxRunes)
		checkText(t, "name", e.Name, sanitize.MaxRunes+max(len(" ()")+utf8.RuneCountInString(e.Group), len(" 2147483647")))
		checkText(t, "reason", e.Result.Reason, sanitize.MaxRunes)
	}
}

type obj = map[string]any

func TestHostileAnswers(t *testing.T) {
	cases := []struct {
		name    string
		kind    string
		answers map[string][]byte
		want    []want
		err     string
	}{
		{name: "gatus", kind: "gatus", answers: map[string][]byte{
			"/api/v1/endpoints/statuses": mustJSON(t, []obj{
				{"name": bidiName, "group": ansiName, "results": []obj{{"success": false,
					"conditionResults": []obj{{"condition": ansiName, "success": false}}}}},
				{"name": "\x1b\u202e", "key": "key\x07", "results": []obj{{"success": false, "errors": []string{hugeWord}}}},
				{"name": "\u202e", "key": "\x1b"},
				{"name": hugeWord, "group": "\r\n", "results": []obj{{"success": false,
					"conditionResults": []obj{{"condition": hugeWord, "success": false}, {"condition": "[STATUS] == 200", "success": false}}}}},
			})},
			want: []want{
				{name: bidiClean, group: ansiClean, status: status.Down, reason: ansiClean},
				{name: "key", status: status.Down, reason: longX},
				{name: "unnamed endpoint", status: status.Unknown, reason: "no result yet"},
				{name: longX, status: status.Down, reason: longX},
			}},
		{name: "uptime kuma", kind: "uptime-kuma", answers: map[string][]byte{
			"/api/status-page/s": mustJSON(t, obj{"publicGroupList": []obj{{"name": bidiName, "monitorList": []obj{
				{"id": 1, "name": ansiName}, {"id": 2, "name": hugeWord}, {"id": 3, "name": "\u2066\u2069"}}}}}),
			"/api/status-page/heartbeat/s": mustJSON(t, obj{"heartbeatList": obj{
				"1": []obj{{"status": 0, "msg": ansiName}}, "2": []obj{{"status": 2, "msg": hugeWord}}}}),
		}, want: []want{
			{name: ansiClean, group: bidiClean, status: status.Down, reason: ansiClean},
			{name: longX, group: bidiClean, status: status.Degraded, reason: longX},
			{name: "monitor 3", group: bidiClean, status: status.Unknown, reason: "no heartbeat yet"},
		}},
		{name: "uptime kuma: a 300 KB number", kind: "uptime-kuma", answers: map[string][]byte{
			"/api/status-page/s": []byte(`{"publicGroupList": [{"monitorList": [{"id": ` + strings.Repeat("9", 300<<10) + `}]}]}`),
		}, err: "the server answered in an unexpected shape (publicGroupList.monitorList.id: number " + strings.Repeat("9", sanitize.MaxRunes-len("number ")-1) + "…)"},
		{name: "alertmanager", kind: "alertmanager", answers: map[string][]byte{
			"/api/v2/alerts": mustJSON(t, []obj{
				{"labels": obj{"alertname": ansiName, "severity": "critical"}, "annotations": obj{"summary": bidiName}},
				{"labels": obj{"alertname": "Disk\x1bFull", "instance": hugeWord}, "annotations": obj{"description": hugeWord}},
				{"labels": obj{"alertname": "\u202e\u202c"}},
			})},
			want: []want{
				{name: ansiClean, status: status.Down, reason: bidiClean},
				{name: "DiskFull " + longX[:sanitize.MaxRunes-1-len("DiskFull ")] + "…", status: status.Degraded, reason: longX},
				{name: "alert", status: status.Degraded, reason: "alert firing"},
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, _ := For(tc.kind)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			entries, err := f(ctx, memoryClient(tc.answers), config.Source{Kind: tc.kind, URL: "http://s.example", Slug: "s"})
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Errorf("error %v, want %q", err, tc.err)
				}
				if err != nil {
					checkText(t, "error", err.Error(), 2*sanitize.MaxRunes)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkEntries(t, entries, tc.want)
			checkEntryText(t, entries)
		})
	}
}

// largeAnswers are answers of about 1 MiB made of the smallest checks, all of one name.
func largeAnswers() map[string]map[string][]byte {
	const size = 1<<20 - 64
	repeat := func(open, item, close string) []byte {
		n := (size - len(open) - len(close)) / (len(item) + 1)
		return []byte(open + strings.TrimSuffix(strings.Repeat(item+",", n), ",") + close)
	}
	return map[string]map[string][]byte{
		"gatus": {"/api/v1/endpoints/statuses": repeat("[", `{"name":"c","group":"g"}`, "]")},
		"uptime-kuma": {
			"/api/status-page/s": repeat(`{"publicGroupList":[{"name":"g","monitorList":[`, `{"id":1,"name":"c"}`, "]}]}"),
			// Every listing is monitor 1, with tens of thousands of heartbeats.
			"/api/status-page/heartbeat/s": repeat(`{"heartbeatList":{"1":[`, `{"status":1,"time":"t"}`, "]}}"),
		},
		"alertmanager": {"/api/v2/alerts": repeat("[", `{"labels":{"alertname":"c"}}`, "]")},
	}
}

// TestLargeAnswerWithinTimeout: an answer of 1 MiB of checks with one name (tens of
// thousands of them) is worked through in linear time: 0.2 s without the race
// detector, under 3 s with it on a loaded machine (the default timeout is 5 s). The
// bound here is 30 s, so a CI machine busy with -race on every package does not make
// it flaky; the quadratic reader this guards against took over 20 minutes.
func TestLargeAnswerWithinTimeout(t *testing.T) {
	for kind, answers := range largeAnswers() {
		t.Run(kind, func(t *testing.T) {
			f, _ := For(kind)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			src := config.Source{Kind: kind, URL: "http://s.example", Slug: "s", Include: []string{"*"},
				Rules: []config.SourceRule{{Match: "g/c*", Fallback: "Call the desk"}}}
			start := time.Now()
			entries, err := f(ctx, memoryClient(answers), src)
			took := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) < 20000 {
				t.Errorf("%d entries, want more than 20,000", len(entries))
			}
			t.Logf("%d entries in %v", len(entries), took)
		})
	}
}

// countdown is a context whose deadline passes after its Err has been asked n times:
// it ends at a chosen step of a reader's loops, whatever the machine's speed.
type countdown struct {
	context.Context
	left     atomic.Int64
	deadline time.Time
	done     chan struct{}
	once     atomic.Bool
}

func newCountdown(n int64, deadline time.Time) *countdown {
	c := &countdown{Context: context.Background(), deadline: deadline, done: make(chan struct{})}
	c.left.Store(n)
	return c
}

func (c *countdown) Deadline() (time.Time, bool) { return c.deadline, true }
func (c *countdown) Done() <-chan struct{}       { return c.done }
func (c *countdown) Err() error {
	if c.left.Add(-1) >= 0 {
		return nil
	}
	if c.once.CompareAndSwap(false, true) {
		close(c.done)
	}
	return context.DeadlineExceeded
}

// TestEveryLoopHonoursTheContext ends the context at each of a reader's loops in turn
// (the reader's own, then finish's two) and wants the fetch abandoned with the
// check's timeout as the reason.
func TestEveryLoopHonoursTheContext(t *testing.T) {
	const n = 1000 // checks in the answer
	answers := map[string]map[string][]byte{
		"gatus": {"/api/v1/endpoints/statuses": mustJSON(t, repeatObj(n, obj{"name": "c", "group": "g"}))},
		"uptime-kuma": {
			"/api/status-page/s":           mustJSON(t, obj{"publicGroupList": []obj{{"name": "g", "monitorList": repeatObj(n, obj{"id": 1, "name": "c"})}}}),
			"/api/status-page/heartbeat/s": []byte(`{"heartbeatList":{}}`),
		},
		"alertmanager": {"/api/v2/alerts": mustJSON(t, repeatObj(n, obj{"labels": obj{"alertname": "c"}}))},
	}
	for kind, answer := range answers {
		f, _ := For(kind)
		for _, step := range []int64{n / 2, n + n/2, 2*n + n/2} {
			ctx := newCountdown(step, time.Now().Add(2*time.Second))
			entries, err := f(ctx, memoryClient(answer), config.Source{Kind: kind, URL: "http://s.example", Slug: "s"})
			if err == nil || err.Error() != "reading the answer: timed out after 2s" {
				t.Errorf("%s, context ending at step %d: %d entries, error %v", kind, step, len(entries), err)
			}
		}
	}
}

func repeatObj(n int, o obj) []obj {
	out := make([]obj, n)
	for i := range out {
		out[i] = o
	}
	return out
}

func TestStopped(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := finish(ctx, time.Now(), config.Source{}, []Entry{{Name: "a"}}); err == nil || err.Error() != "canceled" {
		t.Errorf("canceled: %v", err)
	}
	start := time.Now().Add(-time.Second)
	ctx, cancel = context.WithDeadline(context.Background(), time.Now())
	defer cancel()
	<-ctx.Done()
	if _, err := finish(ctx, start, config.Source{}, []Entry{{Name: "a"}}); err == nil || err.Error() != "reading the answer: timed out after 1s" {
		t.Errorf("deadline: %v", err)
	}
}
