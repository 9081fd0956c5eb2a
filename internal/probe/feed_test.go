package probe

import (
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

func TestFeed(t *testing.T) {
	// The fixtures' newest entries are from 5 March 2026, 10:30 to 11:05 UTC.
	at := func(s string) func() time.Time {
		return func() time.Time { tm, _ := time.Parse(time.RFC3339, s); return tm }
	}
	cases := []struct {
		name   string
		now    string
		file   string
		window time.Duration
		want   status.Status
		reason string
	}{
		{"atom: open incident", "2026-03-05T12:00:00Z", "history.atom", 0, status.Degraded, "Elevated error rates in eu-west"},
		{"atom: older than the window", "2026-03-05T17:00:00Z", "history.atom", 0, status.Up, ""},
		{"atom: wider window", "2026-03-05T17:00:00Z", "history.atom", 12 * time.Hour, status.Degraded, "Elevated error rates in eu-west"},
		// Issue 11 §1.1: an entry dated days ahead is not open; one under way is.
		{"atom: entries dated days after now are not open", "2026-03-02T02:00:00Z", "history.atom", 0, status.Degraded, "Network maintenance"},
		{"atom: an entry a few minutes ahead counts (clock skew)", "2026-03-05T10:25:00Z", "history.atom", 0, status.Degraded, "Elevated error rates in eu-west"},
		{"rss: open incident beside a completed one", "2026-03-05T12:00:00Z", "history.rss", 0, status.Degraded, "Delayed message delivery"},
		{"rss: newest unresolved wins", "2026-03-05T12:00:00Z", "history.rss", 48 * time.Hour, status.Degraded, "Delayed message delivery"},
		{"rss: entries of tomorrow do not count", "2026-03-04T10:00:00Z", "history.rss", 0, status.Degraded, "Push notifications delayed"},
		{"rss: only an older entry in the window", "2026-03-04T10:00:00Z", "older.rss", 0, status.Degraded, "Push notifications delayed"},
		{"rss: quiet", "2026-03-06T12:00:00Z", "history.rss", 0, status.Up, ""},
		{"rss: all resolved (ISO-8859-1)", "2026-03-05T12:00:00Z", "resolved.rss", 0, status.Up, ""},
		{"atom: empty", "2026-03-05T12:00:00Z", "empty.atom", 0, status.Up, ""},
		{"html", "2026-03-05T12:00:00Z", "page.html", 0, status.Unknown, "status page answered with HTML, not a feed"},
		{"json", "2026-03-05T12:00:00Z", "sp_none.json", 0, status.Unknown, "status page did not answer with a feed"},
		{"not found", "2026-03-05T12:00:00Z", "nope.atom", 0, status.Unknown, "HTTP 404 from status page"},
	}
	ps := newPageServer(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := &feedProbe{client: NewRegistry(Options{}).HTTPClient(), now: at(tc.now)}
			svc := config.Service{Kind: "feed", Target: ps.URL + "/feed/" + tc.file}
			if tc.window > 0 {
				svc.FeedWindow = config.D(tc.window)
			}
			res := p.check(withTimeout(t, 5*time.Second), svc)
			if res.Status != tc.want || res.Reason != tc.reason {
				t.Errorf("got %v %q, want %v %q", res.Status, res.Reason, tc.want, tc.reason)
			}
			if res.Latency <= 0 {
				t.Errorf("latency %v", res.Latency)
			}
		})
	}
}

// TestFeedMaintenance (issue 11 §1.1): a Statuspage maintenance item is dated with its
// scheduled start and carries <maintenanceEndDate>; it is open only inside its window.
// sp_maintenance.rss: see the source in its header.
func TestFeedMaintenance(t *testing.T) {
	runFeedCases(t, []feedCase{
		{"announced for next week", "2026-03-05T12:00:00Z", "sp_maintenance.rss", 0, status.Up, ""},
		{"announced, a day before", "2026-03-08T13:00:00Z", "sp_maintenance.rss", 48 * time.Hour, status.Up, ""},
		{"under way", "2026-03-09T14:00:00Z", "sp_maintenance.rss", 0, status.Degraded, "maintenance — PDX (Portland) on 2026-03-09"},
		{"under way longer than the feed window", "2026-03-09T22:00:00Z", "sp_maintenance.rss", time.Hour, status.Degraded, "maintenance — PDX (Portland) on 2026-03-09"},
		{"ended", "2026-03-09T23:30:00Z", "sp_maintenance.rss", 24 * time.Hour, status.Up, ""},
		{"completed inside its window", "2026-03-05T05:00:00Z", "sp_maintenance.rss", 0, status.Up, ""},
	})
}

// TestFeedNewestUpdate (issue 11 §1.2): an entry is resolved by its newest update's
// word, not by "resolved" or "completed" anywhere in it. sp_updates.atom: Statuspage
// Atom bodies; aws.rss: the AWS Health Dashboard, whose titles carry "[RESOLVED]" and
// whose bodies have no update words. See the sources in their headers.
func TestFeedNewestUpdate(t *testing.T) {
	runFeedCases(t, []feedCase{
		{"investigating: jobs are not being completed", "2026-03-05T12:00:00Z", "sp_updates.atom", 0, status.Degraded, "Delayed background jobs"},
		{"update: resolved for most customers", "2026-03-05T10:25:00Z", "sp_updates.atom", 0, status.Degraded, "Webhook deliveries failing"},
		{"resolved and postmortem close", "2026-03-05T09:20:00Z", "sp_updates.atom", 0, status.Up, ""},
		{"title marker, dates in PST", "2026-03-05T12:00:00Z", "aws.rss", 0, status.Degraded, "Informational message: Increased API Error Rates"},
		{"title marker closes", "2026-03-05T10:50:00Z", "aws.rss", 20 * time.Minute, status.Up, ""},
	})
}

// TestFeedClockFromOptions: the registry's feed probe reads dates against
// Options.Now, not the machine's clock.
func TestFeedClockFromOptions(t *testing.T) {
	ps := newPageServer(t)
	for _, tc := range []struct {
		now    string
		want   status.Status
		reason string
	}{
		{"2026-03-05T12:00:00Z", status.Up, ""},
		{"2026-03-09T14:00:00Z", status.Degraded, "maintenance — PDX (Portland) on 2026-03-09"},
	} {
		now, _ := time.Parse(time.RFC3339, tc.now)
		reg := NewRegistry(Options{Now: func() time.Time { return now }})
		res := reg.Check(withTimeout(t, 5*time.Second), config.Service{Kind: "feed", Target: ps.URL + "/feed/sp_maintenance.rss"})
		if res.Status != tc.want || res.Reason != tc.reason {
			t.Errorf("at %s: got %v %q, want %v %q", tc.now, res.Status, res.Reason, tc.want, tc.reason)
		}
	}
}

type feedCase struct {
	name   string
	now    string
	file   string
	window time.Duration
	want   status.Status
	reason string
}

func runFeedCases(t *testing.T, cases []feedCase) {
	t.Helper()
	ps := newPageServer(t)
	client := NewRegistry(Options{}).HTTPClient()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			now, err := time.Parse(time.RFC3339, tc.now)
			if err != nil {
				t.Fatal(err)
			}
			p := &feedProbe{client: client, now: func() time.Time { return now }}
			svc := config.Service{Kind: "feed", Target: ps.URL + "/feed/" + tc.file}
			if tc.window > 0 {
				svc.FeedWindow = config.D(tc.window)
			}
			res := p.check(withTimeout(t, 5*time.Second), svc)
			if res.Status != tc.want || res.Reason != tc.reason {
				t.Errorf("got %v %q, want %v %q", res.Status, res.Reason, tc.want, tc.reason)
			}
		})
	}
}

// Through the registry (time.Now): the fixtures are old, so an open incident in them
// is outside the window; the ways a feed cannot be read are Unknown.
func TestFeedRegistry(t *testing.T) {
	runPageCases(t, "feed", []pageCase{
		{name: "old entries", target: "/feed/history.atom", want: status.Up},
		{name: "truncated", target: "/truncated/history.rss", want: status.Unknown, reason: "status page sent a malformed feed"},
		{name: "truncated atom", target: "/truncated/history.atom", want: status.Unknown, reason: "status page sent a malformed feed"},
		{name: "HTML", target: "/html", want: status.Unknown, reason: "status page answered with HTML, not a feed"},
		{name: "50 MiB body", target: "/50mib", want: status.Unknown, reason: "status page larger than 1 MiB"},
		{name: "hang past the deadline", target: "/hang", want: status.Unknown, reason: "status page unreachable: timed out after 300ms"},
	})
}

func TestParseFeedOther(t *testing.T) {
	_, reason := parseFeed([]byte(`<?xml version="1.0"?><opml version="2.0"><body/></opml>`))
	if reason != "status page did not answer with a feed (<opml>, not RSS or Atom)" {
		t.Errorf("opml: %q", reason)
	}
	doc, reason := parseFeed([]byte(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><item><title>Outage</title><dc:date>2026-03-05T10:00:00Z</dc:date></item></rdf:RDF>`))
	if reason != "" || len(doc.Items) != 1 {
		t.Fatalf("RSS 1.0: %q %+v", reason, doc)
	}
	if when, ok := doc.Items[0].when(); !ok || when.Hour() != 10 {
		t.Errorf("dc:date = %v %v", when, ok)
	}
}
