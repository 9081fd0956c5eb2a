package probe

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
)

const acceptFeed = "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

// feedProbe reads an RSS 2.0 or Atom incident feed: an entry newer than the service's
// feed_window whose title and body do not say it is resolved means trouble.
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
	Description innerXML `xml:"description"` // rss
	Encoded     innerXML `xml:"encoded"`     // rss content:encoded
	Summary     innerXML `xml:"summary"`     // atom
	Content     innerXML `xml:"content"`     // atom
	PubDate     string   `xml:"pubDate"`     // rss
	Date        string   `xml:"date"`        // dc:date
	Updated     string   `xml:"updated"`     // atom
	Published   string   `xml:"published"`   // atom
}

// innerXML keeps an element's content as written, escaped HTML and CDATA included:
// the words are all that is looked at.
type innerXML struct {
	Text string `xml:",innerxml"`
}

var resolvedWords = regexp.MustCompile(`(?i)\b(resolved|completed)\b`)

var feedDateLayouts = []string{
	time.RFC1123Z, time.RFC1123, time.RFC3339Nano, time.RFC3339,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700", "Mon, 02 Jan 2006 15:04 MST",
}

func (item feedItem) when() (time.Time, bool) {
	for _, s := range []string{item.Updated, item.Published, item.PubDate, item.Date} {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		for _, layout := range feedDateLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

func (item feedItem) resolved() bool {
	for _, s := range []string{item.Title, item.Description.Text, item.Encoded.Text, item.Summary.Text, item.Content.Text} {
		if resolvedWords.MatchString(s) {
			return true
		}
	}
	return false
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

func (p *feedProbe) check(ctx context.Context, svc config.Service) status.Result {
	start := time.Now()
	now := time.Now
	if p.now != nil {
		now = p.now
	}
	body, fail := fetchPage(ctx, p.client, svc.Target, acceptFeed, start)
	if fail != nil {
		return *fail
	}
	doc, reason := parseFeed(body)
	if reason != "" {
		return unknown(start, reason)
	}
	items := append(append(doc.Channel.Items, doc.Items...), doc.Entries...)
	since := now().Add(-svc.FeedWindow.Or(config.DefaultFeedWindow))
	var (
		newest time.Time
		open   *feedItem
	)
	for i := range items {
		t, ok := items[i].when()
		if !ok || !t.After(since) || items[i].resolved() {
			continue
		}
		if open == nil || t.After(newest) {
			newest, open = t, &items[i]
		}
	}
	res := status.Result{Status: status.Up, Latency: time.Since(start)}
	if open != nil {
		res.Status, res.Reason = status.Degraded, open.title()
	}
	return res
}

// parseFeed decodes RSS or Atom, returning the reason when body is neither.
func parseFeed(body []byte) (*feedDoc, string) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	lower := bytes.ToLower(trimmed[:min(len(trimmed), 512)])
	switch {
	case len(trimmed) == 0 || trimmed[0] != '<':
		return nil, "status page did not answer with a feed"
	case bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")) || bytes.Contains(lower, []byte("<html")):
		return nil, "status page answered with HTML, not a feed"
	}
	var doc feedDoc
	d := xml.NewDecoder(bytes.NewReader(trimmed))
	d.CharsetReader = charsetReader
	if err := d.Decode(&doc); err != nil {
		var syn *xml.SyntaxError
		if errors.As(err, &syn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, "status page sent a malformed feed"
		}
		return nil, "status page sent a feed that could not be read: " + err.Error()
	}
	switch doc.XMLName.Local {
	case "rss", "feed", "RDF":
		return &doc, ""
	}
	return nil, fmt.Sprintf("status page did not answer with a feed (<%s>, not RSS or Atom)", sanitize.Text(doc.XMLName.Local))
}

// charsetReader reads the encodings feeds are written in besides UTF-8.
func charsetReader(charset string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return in, nil
	case "iso-8859-1", "latin1", "latin-1", "windows-1252":
		b, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		runes := make([]rune, len(b))
		for i, c := range b {
			runes[i] = rune(c)
		}
		return strings.NewReader(string(runes)), nil
	}
	return nil, fmt.Errorf("unsupported encoding %q", sanitize.Text(charset))
}
