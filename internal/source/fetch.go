// Package source reads monitoring servers ([[sources]]: Gatus, Uptime Kuma,
// Alertmanager) and turns their state into entries, one per remote check, that the
// engine shows as services in a group named after the source.
//
// Credentials go into request headers only: never into an error, a reason or a log.
//
// What a server says (check and group names, messages) is data, never control: each
// reader passes it through sanitize.Text as it builds an entry, so a name can neither
// drive a terminal nor be read backwards, and nothing is longer than 200 characters
// (a name made unique gets " (group)" or " 2" after that).
//
// Every loop over a server's answer checks ctx: an answer of 1 MiB (16 MiB of Uptime
// Kuma heartbeats, read as a stream), however it is made, is worked through within
// the check's timeout or abandoned at it.
package source

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/probe"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/transport"
)

// Entry is one remote check's state.
type Entry struct {
	Name  string // unique within one fetch
	Group string // the server's own grouping (a Gatus group, a Kuma group); may be empty.
	// The engine shows it after the source's name: "Ops Gatus · core".
	Result status.Result
	// Fallback and Critical come from the source's first [[sources.rules]] entry that
	// matches the check (empty and false when none does).
	Fallback string
	Critical bool
}

// Fetcher reads one source once. The caller owns the deadline (ctx). An error means
// the server could not be read; the caller shows it as one Unknown entry.
type Fetcher func(ctx context.Context, client *http.Client, src config.Source) ([]Entry, error)

// Reader reads sources. Its clock and location put times into reasons ("down since
// 10:42"); the zero Reader uses the system clock and the local time zone.
type Reader struct {
	Clock    clock.Clock    // nil: the system clock
	Location *time.Location // nil: time.Local
	Log      *slog.Logger   // a reader's recovered panic, with its stack; nil discards
}

func (r Reader) now() time.Time {
	if r.Clock == nil {
		return time.Now()
	}
	return r.Clock.Now()
}

func (r Reader) location() *time.Location {
	if r.Location == nil {
		return time.Local
	}
	return r.Location
}

// For returns the fetcher for a kind of source (config.SourceKinds).
func (r Reader) For(kind string) (Fetcher, bool) {
	switch kind {
	case "gatus":
		return fetchGatus, true
	case "uptime-kuma":
		return r.fetchUptimeKuma, true
	case "alertmanager":
		return fetchAlertmanager, true
	}
	return nil, false
}

// Fetch reads src once with the fetcher of its kind. A fetcher that panics costs one
// "internal error", logged with its stack, not the whole application.
func (r Reader) Fetch(ctx context.Context, client *http.Client, src config.Source) (entries []Entry, err error) {
	f, ok := r.For(src.Kind)
	if !ok {
		return nil, fmt.Errorf("unknown source kind %q", src.Kind)
	}
	defer func() {
		if p := recover(); p != nil {
			log := r.Log
			if log == nil {
				log = slog.New(slog.DiscardHandler)
			}
			log.Error("source panicked", "source", src.Name, "kind", src.Kind, "panic", p, "stack", string(debug.Stack()))
			entries, err = nil, errors.New("internal error")
		}
	}()
	// The client's transport (probe.Registry.HTTPClient) takes the source's proxy and
	// certificates from ctx.
	return f(transport.WithSettings(ctx, src.Network()), client, src)
}

// For returns the fetcher for a kind of source with the system clock and local time.
func For(kind string) (Fetcher, bool) { return Reader{}.For(kind) }

// Fetch reads src once with the system clock and local time (Reader.Fetch).
func Fetch(ctx context.Context, client *http.Client, src config.Source) ([]Entry, error) {
	return Reader{}.Fetch(ctx, client, src)
}

const maxBody = 1 << 20 // bytes of a response read at most

// ErrTooLarge is returned for a response over 1 MiB.
var ErrTooLarge = errors.New("response larger than 1 MiB")

// httpError is an answer with a status outside 200–299.
type httpError struct{ code int }

func (e *httpError) Error() string {
	msg := "HTTP " + strconv.Itoa(e.code) + " from the server"
	if e.code == http.StatusUnauthorized || e.code == http.StatusForbidden {
		msg += " (check the source's token or username and password)"
	}
	return msg
}

// statusOf is the HTTP status of an error from get, 0 for any other error.
func statusOf(err error) int {
	var he *httpError
	if errors.As(err, &he) {
		return he.code
	}
	return 0
}

// get GETs path (below the source's URL) with the source's credentials and returns
// the response to a 2xx answer; the caller closes its body.
func get(ctx context.Context, client *http.Client, src config.Source, path string, query url.Values) (*http.Response, error) {
	start := time.Now()
	u := strings.TrimRight(src.URL, "/") + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, errors.New("bad URL")
	}
	req.Header.Set("Accept", "application/json")
	switch {
	case src.Token != "":
		req.Header.Set("Authorization", "Bearer "+src.Token)
	case src.Username != "":
		req.SetBasicAuth(src.Username, src.Password)
	}
	resp, err := sameOriginCredentials(client, req.URL).Do(req)
	if err != nil {
		return nil, errors.New(describe(ctx, start, err))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		resp.Body.Close()
		return nil, &httpError{resp.StatusCode}
	}
	return resp, nil
}

// sameOriginCredentials returns client with one more redirect rule: the source's
// credentials go only to the origin configured (scheme, host and port). A redirect to
// another origin, or from https to http, is followed without them. (Go itself keeps
// them for subdomains and for a change of port or scheme.)
func sameOriginCredentials(client *http.Client, origin *url.URL) *http.Client {
	c := *client
	next := client.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if originOf(req.URL) != originOf(origin) {
			req.Header.Del("Authorization")
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &c
}

// originOf is scheme://host:port with the scheme's default port written out.
func originOf(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return u.Scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

// getJSON GETs path (below the source's URL) with the source's credentials and
// decodes the JSON answer, at most 1 MiB, into v.
func getJSON(ctx context.Context, client *http.Client, src config.Source, path string, query url.Values, v any) error {
	start := time.Now()
	resp, err := get(ctx, client, src, path, query)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	switch {
	case err != nil:
		return errors.New("reading the answer: " + describe(ctx, start, err))
	case len(body) > maxBody:
		return ErrTooLarge
	}
	return decodeJSON(body, v)
}

func decodeJSON(body []byte, v any) error {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(trimmed) == 0 || (trimmed[0] != '{' && trimmed[0] != '[') {
		return errors.New("the server did not answer with JSON")
	}
	err := json.Unmarshal(trimmed, v)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "top level"
		}
		// The path names the server's keys (a Kuma monitor id), the value may be a
		// number as long as the answer.
		return fmt.Errorf("the server answered in an unexpected shape (%s: %s)", sanitize.Text(field), sanitize.Text(typeErr.Value))
	}
	return errors.New("the server sent malformed JSON")
}

// describe says why the server could not be read, in the probes' words (which carry
// no URL: it may hold credentials).
func describe(ctx context.Context, start time.Time, err error) string {
	if errors.Is(err, context.Canceled) && ctx.Err() == context.Canceled {
		return "canceled"
	}
	return "server unreachable: " + probe.Describe(ctx, start, err)
}

// stopped is the error of a fetch whose ctx ended while its answer was worked through.
func stopped(ctx context.Context, start time.Time) error {
	if ctx.Err() == context.Canceled {
		return errors.New("canceled")
	}
	return errors.New("reading the answer: " + probe.Describe(ctx, start, ctx.Err()))
}

// finish keeps the entries the source wants (include/exclude on the name and on
// "group/name"), gives each the fallback and critical of the first rule matching it,
// and makes their names unique. It gives up when ctx ends (start is when the fetch
// began, for the error).
func finish(ctx context.Context, start time.Time, src config.Source, entries []Entry) ([]Entry, error) {
	out := entries[:0]
	for _, e := range entries {
		if ctx.Err() != nil {
			return nil, stopped(ctx, start)
		}
		names := []string{e.Name}
		if e.Group != "" {
			names = append(names, e.Group+"/"+e.Name)
		}
		if !src.Wants(names...) {
			continue
		}
		if r, ok := src.RuleFor(names...); ok {
			e.Fallback, e.Critical = r.Fallback, r.Critical
		}
		out = append(out, e)
	}
	// A repeated name becomes "name (group)", else "name 2", "name 3"… next remembers,
	// for each name, the number to try first: the numbers below it are all taken
	// (names are never freed), so 20,000 checks of the same name cost 20,000 steps.
	seen := make(map[string]bool, len(out))
	next := map[string]int{}
	for i := range out {
		if ctx.Err() != nil {
			return nil, stopped(ctx, start)
		}
		base := out[i].Name
		name := base
		if seen[name] && out[i].Group != "" && !seen[name+" ("+out[i].Group+")"] {
			name += " (" + out[i].Group + ")"
		}
		if seen[name] {
			n := max(next[base], 2)
			for seen[base+" "+strconv.Itoa(n)] {
				n++
			}
			name = base + " " + strconv.Itoa(n)
			next[base] = n + 1
		}
		seen[name] = true
		out[i].Name = name
	}
	return out, nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
