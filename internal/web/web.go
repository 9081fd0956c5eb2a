// Package web reads what a vendor serves (a status page's JSON, an incident feed, a
// monitoring server's API): one bounded GET and its decoding, with failures worded the
// way Uptray shows them ("status page unreachable: connect: connection refused",
// "HTTP 404 from status page", "status page larger than 1 MiB").
//
// The probes and the source readers both read through it. Remote text never reaches an
// error unsanitised: an error's Detail went through sanitize.Text, and so did every word
// of a network, DNS or TLS error (Describe).
//
// The caller owns the deadline: ctx is the only timeout. Nothing here keeps state
// between calls; a Client is a small value made per check.
package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"time"
)

// DefaultLimit is the most of an answer that is read when a Client sets no Limit: a
// status page is not a download.
const DefaultLimit = 1 << 20

// AcceptJSON is the Accept header GetJSON sends unless the caller's header has one.
const AcceptJSON = "application/json"

// Client reads one kind of remote (a vendor's status page, a monitoring server) for one
// check. The zero Limit is DefaultLimit; the zero Start is the time each call starts.
type Client struct {
	// HTTP carries the requests: the registry's shared client (keep-alive, proxy,
	// trusted roots, User-Agent). It should have no Timeout of its own.
	HTTP *http.Client
	// Words name what is read in the reasons of failures (StatusPageWords, ServerWords).
	Words Words
	// Limit is the most bytes of an answer read; a longer answer fails with TooLarge.
	Limit int64
	// Start is when the check began: a timeout is told as "timed out after 5s", the
	// time from Start to ctx's deadline, which is what the user configured.
	Start time.Time
}

// Get reads url with header (which may be nil) and returns the answer's body: at most
// Limit bytes, from a 2xx answer. Every failure is an *Error.
func (c Client) Get(ctx context.Context, url string, header http.Header) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, c.fail(&Error{Kind: BadURL, Detail: Describe(ctx, c.start(), err), Err: err})
	}
	for k, vs := range header {
		req.Header[k] = append([]string(nil), vs...)
	}
	return c.Do(req)
}

// GetJSON reads url as Get does, asking for JSON unless header sets an Accept, and
// decodes the answer into v (DecodeJSON).
func (c Client) GetJSON(ctx context.Context, url string, header http.Header, v any) error {
	if header.Get("Accept") == "" {
		header = header.Clone()
		if header == nil {
			header = http.Header{}
		}
		header.Set("Accept", AcceptJSON)
	}
	body, err := c.Get(ctx, url, header)
	if err != nil {
		return err
	}
	return c.DecodeJSON(body, v)
}

// Do sends req (its context is the deadline) and returns the body of a 2xx answer, at
// most Limit bytes. Use it when a request needs more than a header (a method, basic
// authentication); Get is Do with a GET request.
func (c Client) Do(req *http.Request) ([]byte, error) {
	ctx, start := req.Context(), c.start()
	resp, err := c.client().Do(req)
	if err != nil {
		return nil, c.fail(requestError(ctx, start, err))
	}
	defer resp.Body.Close() // closing before the end hangs up: the rest is never read
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, c.fail(&Error{Kind: HTTPStatus, Status: resp.StatusCode})
	}
	limit := c.limit()
	var buf bytes.Buffer
	if resp.ContentLength > 0 && resp.ContentLength <= limit {
		buf.Grow(int(resp.ContentLength))
	}
	_, err = io.Copy(&buf, io.LimitReader(resp.Body, limit+1))
	switch {
	case err != nil && errors.Is(err, context.Canceled) && ctx.Err() == context.Canceled:
		return nil, c.fail(&Error{Kind: Canceled, Err: err})
	case err != nil:
		return nil, c.fail(&Error{Kind: Reading, Detail: Describe(ctx, start, err), Err: err})
	case int64(buf.Len()) > limit:
		return nil, c.fail(&Error{Kind: TooLarge, Limit: limit})
	}
	return buf.Bytes(), nil
}

// requestError words a failed request: canceled, a redirect loop, or no answer.
func requestError(ctx context.Context, start time.Time, err error) *Error {
	var redirect RedirectError
	switch {
	case errors.Is(err, context.Canceled) && ctx.Err() == context.Canceled:
		return &Error{Kind: Canceled, Err: err}
	case errors.As(err, &redirect):
		return &Error{Kind: Redirects, Detail: redirect.Error(), Err: err}
	}
	return &Error{Kind: Unreachable, Detail: Describe(ctx, start, err), Err: err}
}

func (c Client) client() *http.Client {
	if c.HTTP == nil {
		return http.DefaultClient
	}
	return c.HTTP
}

func (c Client) limit() int64 {
	if c.Limit <= 0 {
		return DefaultLimit
	}
	return c.Limit
}

func (c Client) start() time.Time {
	if c.Start.IsZero() {
		return time.Now()
	}
	return c.Start
}

// fail gives e the client's words.
func (c Client) fail(e *Error) *Error {
	e.words = c.Words
	return e
}
