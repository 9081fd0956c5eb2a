package probe

import (
	"context"
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/web"
)

const acceptFeed = "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

// feedSkew is how far in the future an entry may be dated and still count as now: the
// vendor's clock and ours differ a little. An entry dated later is an announcement
// (a maintenance scheduled for next week), not trouble today.
const feedSkew = 10 * time.Minute

// feedProbe reads an RSS 2.0 or Atom incident feed. An entry is open trouble when:
//   - it is a maintenance window (Statuspage's <maintenanceEndDate>) that has started
//     and not ended, and is not completed; or
//   - it is dated within the service's feed_window and not in the future, and it is not
//     resolved.
//
// Resolved is read from the newest update: Statuspage bodies hold every update, newest
// first, each starting "<strong>Resolved</strong> - …". Resolved, Completed and
// Postmortem close an entry; Investigating, Identified, Monitoring, Update, Scheduled,
// In progress and Verifying keep it open, whatever words older updates or the text
// use. Only an entry without such a body is read by a marker in its title
// ("[RESOLVED]", "Resolved: …") or at the start of its text.
type feedProbe struct {
	client *http.Client
	now    func() time.Time // nil means time.Now
}

// feedDoc holds RSS 2.0 (rss/channel/item), RSS 1.0 (rdf:RDF/item) and Atom
// (feed/entry); element names match in any namespace.
type feedDoc struct {
	XMLName xml.Name
	Channel struct {
		Items []feedItem `xml:"item"`
	} `xml:"channel"`
	Items   []feedItem `xml:"item"`
	Entries []feedItem `xml:"entry"`
}

type feedItem struct {
	Title       string   `xml:"title"`
	Description feedText `xml:"description"` // rss
	Encoded     feedText `xml:"encoded"`     // rss content:encoded
	Summary     feedText `xml:"summary"`     // atom
	Content     feedText `xml:"content"`     // atom
	PubDate     string   `xml:"pubDate"`     // rss
	Date        string   `xml:"date"`        // dc:date
	Updated     string   `xml:"updated"`     // atom
	Published   string   `xml:"published"`   // atom
	// MaintenanceEnd is Statuspage's end of a scheduled maintenance; its pubDate is
	// the scheduled start.
	MaintenanceEnd string `xml:"maintenanceEndDate"`
}

// feedText is an element's text: escaped HTML and CDATA come decoded (Text), XHTML
// content as written (Inner).
type feedText struct {
	Text  string `xml:",chardata"`
	Inner string `xml:",innerxml"`
}

func (t feedText) html() string {
	if strings.TrimSpace(t.Text) != "" {
		return t.Text
	}
	return t.Inner
}

var feedDateLayouts = []string{
	time.RFC1123Z, time.RFC1123, time.RFC3339Nano, time.RFC3339,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700", "Mon, 02 Jan 2006 15:04 MST",
}

// usZones are the zone names US feeds write (AWS: "PST"). Go reads a zone name it does
// not know as UTC, which would put an entry eight hours off.
var usZones = map[string]int{
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}

func parseFeedDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range feedDateLayouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if name, off := t.Zone(); off == 0 {
			if h, ok := usZones[name]; ok {
				t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(),
					time.FixedZone(name, h*3600))
			}
		}
		return t, true
	}
	return time.Time{}, false
}

// when is the entry's date: when it was last updated.
func (item feedItem) when() (time.Time, bool) {
	return firstDate(item.Updated, item.Published, item.PubDate, item.Date)
}

// window is a maintenance entry's scheduled start and end.
func (item feedItem) window() (start, end time.Time, ok bool) {
	end, ok = parseFeedDate(item.MaintenanceEnd)
	if !ok {
		return
	}
	start, ok = firstDate(item.PubDate, item.Published, item.Date, item.Updated)
	return
}

func firstDate(dates ...string) (time.Time, bool) {
	for _, s := range dates {
		if t, ok := parseFeedDate(s); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// body is the entry's HTML: Atom content or summary, RSS content:encoded or description.
func (item feedItem) body() string {
	for _, t := range []feedText{item.Content, item.Encoded, item.Description, item.Summary} {
		if h := t.html(); strings.TrimSpace(h) != "" {
			return h
		}
	}
	return ""
}

// updateWord finds an update's word: "<strong>Resolved</strong> - …". The first is the
// newest. A word is a word or two: longer text in <strong> is not one.
var updateWord = regexp.MustCompile(`(?i)<strong[^>]*>\s*([a-z][a-z ]{0,30}?)\s*</strong>\s*(?:-|–|—|&ndash;|&mdash;|&#8211;|&#8212;|:)`)

// Only the start of a body is searched: the newest update is there, and a body may be
// 1 MiB.
const updateScan = 16 << 10

var (
	closingWords = map[string]bool{"resolved": true, "completed": true, "postmortem": true}
	openWords    = map[string]bool{
		"investigating": true, "identified": true, "monitoring": true, "update": true,
		"scheduled": true, "in progress": true, "verifying": true,
	}
	// titleMarker is a resolution stamped into a title: "[RESOLVED] …" anywhere
	// (AWS: "Service is operating normally: [RESOLVED] …"), or "Resolved: …" first.
	titleMarker = regexp.MustCompile(`(?i)\[\s*(?:resolved|completed|closed)\s*\]|^\W*(?:resolved|completed|closed)\b`)
	// textMarker is the same at the start of a plain body ("Resolved: …", "Status: Resolved").
	textMarker = regexp.MustCompile(`(?i)^\W*(?:status:\s*)?(?:resolved|completed|closed)\b`)
	tags       = regexp.MustCompile(`<[^>]*>`)
)

// closed reports whether the entry's newest update closes it.
func (item feedItem) closed() bool {
	body := item.body()
	head := body[:min(len(body), updateScan)]
	if m := updateWord.FindStringSubmatch(head); m != nil {
		word := strings.ToLower(strings.Join(strings.Fields(m[1]), " "))
		if closingWords[word] {
			return true
		}
		if openWords[word] {
			return false
		}
	}
	if titleMarker.MatchString(html.UnescapeString(item.Title)) {
		return true
	}
	text := html.UnescapeString(tags.ReplaceAllString(head, " "))
	return textMarker.MatchString(text)
}

// title is the entry's title as a reason. Titles often carry HTML entities; they are
// decoded first and sanitised after, so "&#27;" cannot bring ESC back in.
func (item feedItem) title() string {
	t := sanitize.Text(html.UnescapeString(item.Title))
	if t == "" {
		return "untitled incident"
	}
	return t
}

// openAt reports whether the entry is open trouble at now, and since when; since is
// the start of the feed window.
func (item feedItem) openAt(now, since time.Time) (at time.Time, open, inMaintenance bool) {
	if start, end, ok := item.window(); ok {
		return start, !now.Before(start) && now.Before(end) && !item.closed(), true
	}
	t, ok := item.when()
	if !ok || t.After(now.Add(feedSkew)) || !t.After(since) || item.closed() {
		return t, false, false
	}
	return t, true, false
}

func (p *feedProbe) check(ctx context.Context, svc config.Service) status.Result {
	start := time.Now()
	now := time.Now
	if p.now != nil {
		now = p.now
	}
	page := pageReader(p.client, start)
	body, err := page.Get(ctx, svc.Target, http.Header{"Accept": {acceptFeed}})
	if err != nil {
		return unreadable(start, err)
	}
	doc, reason := parseFeed(body)
	if reason != "" {
		return unknown(start, reason)
	}
	items := append(append(doc.Channel.Items, doc.Items...), doc.Entries...)
	at := now()
	since := at.Add(-svc.FeedWindow.Or(config.DefaultFeedWindow))
	var (
		newest time.Time
		open   *feedItem
		maint  bool
	)
	for i := range items {
		t, ok, m := items[i].openAt(at, since)
		if ok && (open == nil || t.After(newest)) {
			newest, open, maint = t, &items[i], m
		}
	}
	res := status.Result{Status: status.Up, Latency: time.Since(start)}
	if open != nil {
		res.Status, res.Reason = status.Degraded, open.title()
		if maint {
			res.Reason = maintenance + " — " + res.Reason
		}
	}
	return res
}

// parseFeed decodes RSS or Atom, returning the reason, in the page's words, when body
// is neither.
func parseFeed(body []byte) (*feedDoc, string) {
	var doc feedDoc
	if err := (web.Client{Words: web.StatusPageWords()}).DecodeXML(body, &doc); err != nil {
		return nil, err.Error()
	}
	switch doc.XMLName.Local {
	case "rss", "feed", "RDF":
		return &doc, ""
	}
	return nil, fmt.Sprintf("status page did not answer with a feed (<%s>, not RSS or Atom)", sanitize.Text(doc.XMLName.Local))
}
