package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"time"

	"github.com/uptray/uptray/internal/transport"
)

// Fetching the managed file: the only network I/O in config. The server is IT's, but
// whoever answers at that address is treated as hostile: the body is read up to
// MaxFileSize, the whole fetch has a deadline, redirects are few and never to http.

const (
	// FetchTimeout bounds one fetch of the file and its signature, however slowly
	// the server trickles.
	FetchTimeout = 60 * time.Second
	maxRedirects = 5
	maxSigSize   = 4 << 10 // a signature is 88 characters of base64
)

// ErrUnreachable marks a fetch that failed for want of a network (no route, refused,
// timed out, DNS): the laptop is offline or off the company network, which is no news
// for staff. Any other failure is the server's or the file's.
var ErrUnreachable = errors.New("unreachable")

// unreachable is a failure that matches ErrUnreachable without saying so in its text.
type unreachable struct{ error }

func (unreachable) Is(target error) bool { return target == ErrUnreachable }
func (u unreachable) Unwrap() error      { return u.error }

// DefaultManagedClient is the client used when none is given: the proxy from the
// environment, and timeouts on every step.
func DefaultManagedClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.ResponseHeaderTimeout = 30 * time.Second
	return &http.Client{Transport: t, Timeout: FetchTimeout}
}

// FetchResult is what one fetch found.
type FetchResult struct {
	Copy        *ManagedCopy // the copy served (prev's when NotModified)
	NotModified bool         // 304: the server says prev is still current
	Status      string       // "200 OK"
}

// FetchManaged fetches the managed file m names, with its signature (URL+".sig") when
// m has a public_key. prev, when it is a copy of the same URL, makes the request
// conditional (If-None-Match, If-Modified-Since): a 304 returns prev. client may be
// nil (DefaultManagedClient); it is not changed. The copy is not validated: see
// CheckManaged.
func FetchManaged(ctx context.Context, client *http.Client, m Managed, prev *ManagedCopy, now time.Time) (FetchResult, error) {
	if client == nil {
		client = DefaultManagedClient()
	}
	c := *client // a shallow copy: the caller's client keeps its own redirect rule
	c.CheckRedirect = checkRedirect
	ctx, cancel := context.WithTimeout(ctx, FetchTimeout)
	defer cancel()
	if prev != nil && prev.URL != m.URL {
		prev = nil
	}
	var header http.Header
	if prev != nil {
		header = http.Header{}
		if prev.ETag != "" {
			header.Set("If-None-Match", prev.ETag)
		}
		if prev.LastModified != "" {
			header.Set("If-Modified-Since", prev.LastModified)
		}
	}
	resp, body, err := get(ctx, &c, m.URL, header, MaxFileSize)
	if err != nil {
		return FetchResult{}, err
	}
	if resp.StatusCode == http.StatusNotModified && prev != nil {
		return FetchResult{Copy: prev, NotModified: true, Status: resp.Status}, nil
	}
	cp := &ManagedCopy{URL: m.URL, Body: body, ETag: resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"), Fetched: now}
	if m.PublicKey != "" {
		// A missing signature is not a failed fetch: the copy comes back without one
		// and VerifyManaged says what is wrong.
		_, sig, err := get(ctx, &c, m.URL+".sig", nil, maxSigSize)
		var se statusError
		switch {
		case errors.As(err, &se) && se.code == http.StatusNotFound:
		case err != nil:
			return FetchResult{}, err // it names the .sig
		default:
			cp.Signature = sig
		}
	}
	return FetchResult{Copy: cp, Status: resp.Status}, nil
}

type statusError struct {
	url    string
	code   int
	status string
}

func (e statusError) Error() string {
	return fmt.Sprintf("managed config: %s answered %s", e.url, e.status)
}

// get fetches one URL: a 200 (or a 304 when header asks for one) with at most limit
// bytes of body, or an error that says what went wrong.
func get(ctx context.Context, c *http.Client, url string, header http.Header, limit int64) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("managed config: url: %v", err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Accept", "application/toml, text/plain, */*")
	resp, err := c.Do(req)
	if err != nil {
		return nil, nil, fetchError(url, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified && header != nil:
		return resp, nil, nil
	case resp.StatusCode != http.StatusOK:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		return nil, nil, statusError{url, resp.StatusCode, resp.Status}
	case resp.ContentLength > limit:
		return nil, nil, fmt.Errorf("managed config: %s %v", url, sizeError(resp.ContentLength, limit))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, nil, fetchError(url, err)
	}
	if int64(len(body)) > limit {
		return nil, nil, fmt.Errorf("managed config: %s %v", url, sizeError(-1, limit))
	}
	return resp, body, nil
}

func sizeError(size, limit int64) error {
	if limit == MaxFileSize {
		return tooLarge(size)
	}
	return fmt.Errorf("is larger than %d bytes", limit)
}

// fetchError words a failed request; a missing network is marked ErrUnreachable.
func fetchError(url string, err error) error {
	var ne net.Error
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		return unreachable{fmt.Errorf("managed config: %s did not answer in time", url)}
	case errors.As(err, &dns) || errors.As(err, &op) && op.Op == "dial":
		return unreachable{fmt.Errorf("managed config: cannot reach %s: %v", url, unwrapURL(err))}
	}
	return fmt.Errorf("managed config: %s: %v", url, unwrapURL(err))
}

// unwrapURL drops the `Get "https://…": ` that *url.Error puts first: callers name
// the address already.
func unwrapURL(err error) error {
	var ue *neturl.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// checkRedirect follows a few redirects, never from https to http (the file says
// which services staff rely on).
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > maxRedirects { // via holds the first request too
		return fmt.Errorf("more than %d redirects", maxRedirects)
	}
	if req.URL.Scheme != "https" && via[0].URL.Scheme == "https" {
		return fmt.Errorf("redirected to %s, which is not https", req.URL.Redacted())
	}
	return nil
}

// RefreshManaged fetches the managed file the machine-wide file names and, when the
// server has a new copy that passes CheckManaged, keeps it as the last good copy.
// changed reports a new copy in the cache (the caller reloads); on any error the
// cache is left as it was. Without [managed] it does nothing. It returns the interval
// to wait before the next refresh.
func RefreshManaged(ctx context.Context, client *http.Client, files Files, now time.Time) (changed bool, every time.Duration, err error) {
	machine, _, _ := readLenient(files.Machine, true) // the tray's reading of it
	m := machine.Managed
	if !m.set() || files.Managed == "" {
		return false, DefaultManagedInterval, nil
	}
	every = m.Every()
	// The machine-wide file's proxy and ca_file carry the fetch, when the client is a
	// transport.Set's Router (the app's); another client ignores them.
	ctx = transport.WithSettings(ctx, machine.Defaults.Network())
	prev, err := ReadManagedCache(files.Managed)
	if err != nil || prev.URL != m.URL || VerifyManaged(m, prev) != nil {
		prev = nil // none yet, unreadable or unusable (a new key): fetch it whole
	}
	res, err := FetchManaged(ctx, client, m, prev, now)
	if err != nil || res.NotModified {
		return false, every, err
	}
	if _, err := CheckManaged(m, machine, res.Copy); err != nil {
		return false, every, err
	}
	changed = prev == nil || !bytes.Equal(prev.Body, res.Copy.Body) || !bytes.Equal(prev.Signature, res.Copy.Signature)
	if err := WriteManagedCache(files.Managed, res.Copy); err != nil {
		return false, every, fmt.Errorf("managed config: cannot keep a copy in %s: %v", files.Managed, err)
	}
	return changed, every, nil
}
