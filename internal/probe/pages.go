package probe

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/web"
)

// Vendor status pages (statuspage, instatus, feed) say how a service someone else runs
// is doing, in the vendor's own words. A page that cannot be read is Unknown, never
// Down: Uptray does not claim a vendor is down because its status page moved.
//
// Reading a page (one bounded GET, decoding, the words of its failures) is package
// web's; each kind's file judges what the page says. The vendor's words are data,
// never control: each goes through sanitize.Text where a reason is built from it,
// before any formatting, so a 500 KB status word is cut to 200 characters before it is
// quoted and an escape sequence never reaches a terminal.

const maintenance = "maintenance"

// pageClient is the client the page probes and sources share: the http probe's
// verifying client (its keep-alive transport, proxy and trusted roots), sending
// Uptray's User-Agent on every request.
func (p *httpProbe) pageClient() *http.Client {
	c := *p.verifying
	c.Transport = userAgent{next: p.verifying.Transport, ua: p.userAgent}
	return &c
}

// userAgent sets the User-Agent of requests that do not carry one.
type userAgent struct {
	next http.RoundTripper
	ua   string
}

func (u userAgent) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("User-Agent") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("User-Agent", u.ua)
	}
	return u.next.RoundTrip(req)
}

// pageReader is how a page check reads its vendor: at most 1 MiB an answer, failures
// in the status page's words, timeouts told from the check's start.
func pageReader(client *http.Client, start time.Time) web.Client {
	return web.Client{HTTP: client, Words: web.StatusPageWords(), Start: start}
}

// unknown is the result of a page that could not be read or understood.
func unknown(start time.Time, reason string) status.Result {
	return status.Result{Status: status.Unknown, Latency: time.Since(start), Reason: reason}
}

// unreadable is the result of a page web could not read: its error is the reason.
func unreadable(start time.Time, err error) status.Result {
	return unknown(start, err.Error())
}

// pageURL appends a page's API path to the base URL the user gave, unless the user
// gave the API address itself.
func pageURL(base, path string) string {
	if strings.HasSuffix(strings.SplitN(base, "?", 2)[0], ".json") {
		return base
	}
	return strings.TrimRight(base, "/") + path
}

// quote is the vendor's words for an incident: "Elevated error rates — investigating".
func quote(name, state string) string {
	name, state = sanitize.Text(name), strings.ToLower(sanitize.Text(state))
	if state == "" {
		return name
	}
	return name + " — " + state
}

// quoted is a remote word in quotes, sanitised before it is quoted.
func quoted(word string) string { return strconv.Quote(sanitize.Text(word)) }

func sameName(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}
