package probe

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/transport"
	"github.com/uptray/uptray/internal/web"
)

const (
	maxRedirects = 5
	maxBody      = 1 << 20 // bytes of body read at most: a probe is not a download
)

// errTooManyRedirects stops a redirect loop; web reports it to the page probes as such.
var errTooManyRedirects error = web.RedirectError{Max: maxRedirects}

// httpProbe holds what checks share, so keep-alive connections are reused from one check
// to the next instead of each check paying for a new connection.
type httpProbe struct {
	userAgent string
	verifying *http.Client
	insecure  *http.Client // nil when a caller's Transport cannot be told to skip verification
	bufs      sync.Pool    // *[]byte for searching bodies
}

// newHTTPProbe takes its transports from set, one per distinct proxy and certificate
// settings (the service's, carried in the check's ctx by Registry.Check), unless the
// caller gives its own Transport.
func newHTTPProbe(opts Options, set *transport.Set) *httpProbe {
	p := &httpProbe{userAgent: opts.UserAgent}
	if p.userAgent == "" {
		p.userAgent = "Uptray/dev"
	}
	p.bufs.New = func() any { b := make([]byte, 32<<10); return &b }
	rt := opts.Transport
	if rt == nil {
		p.verifying, p.insecure = newClient(set.Router(false)), newClient(set.Router(true))
		return p
	}
	p.verifying = newClient(rt)
	if t, ok := rt.(*http.Transport); ok {
		t = t.Clone()
		if t.TLSClientConfig == nil {
			t.TLSClientConfig = &tls.Config{}
		}
		t.TLSClientConfig.InsecureSkipVerify = true
		p.insecure = newClient(t)
	}
	return p
}

// newClient has no Timeout on purpose: the ctx of each check is its deadline.
func newClient(rt http.RoundTripper) *http.Client {
	return &http.Client{
		Transport: rt,
		CheckRedirect: func(_ *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return errTooManyRedirects
			}
			return nil
		},
	}
}

func (p *httpProbe) check(ctx context.Context, svc config.Service) status.Result {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, svc.Target, nil)
	if err != nil {
		return status.Result{Status: status.Unknown, Reason: "bad URL: " + innermost(err)}
	}
	req.Header.Set("User-Agent", p.userAgent)
	client, warning := p.verifying, ""
	if svc.InsecureSkipVerify && p.insecure != nil {
		client, warning = p.insecure, "TLS certificate not verified (insecure_skip_verify)"
	}
	resp, err := client.Do(req)
	if err != nil {
		res := failure(ctx, start, err)
		if errors.Is(err, errTooManyRedirects) {
			res.Reason = errTooManyRedirects.Error()
		}
		res.Warning = warning
		return res
	}
	defer resp.Body.Close()

	res := status.Result{Status: status.Up, Warning: warning}
	found, truncated, err := p.readBody(resp.Body, svc.BodyContains)
	res.Latency = time.Since(start)
	switch {
	case !statusOK(resp.StatusCode, svc.ExpectStatus):
		res.Status = status.Down
		res.Reason = "HTTP " + strconv.Itoa(resp.StatusCode) + " (want " + wantStatus(svc.ExpectStatus) + ")"
	case err != nil && errors.Is(err, context.Canceled) && ctx.Err() == context.Canceled:
		res.Status, res.Reason = status.Unknown, "check canceled"
	case err != nil:
		res.Status, res.Reason = status.Down, bodyReason(ctx, start, resp, err)
	case !found:
		res.Status, res.Reason = status.Down, fmt.Sprintf("body does not contain %q", svc.BodyContains)
		if truncated {
			res.Reason += " (in the first 1 MiB)"
		}
	}
	return judgeLatency(res, svc)
}

// readBody reads at most maxBody+1 bytes, looking for needle in the first maxBody.
// Reading to the end of a short body is what lets the connection be reused; a longer
// body is cut off by closing it, on purpose and without error. A body that ends early
// (a reset, a close, bad chunked encoding, the deadline) is an error: a broken answer
// is not Up, unless the needle was found before it broke.
func (p *httpProbe) readBody(body io.Reader, needle string) (found, truncated bool, err error) {
	var read int64
	found = true
	if needle != "" {
		found, read, err = p.search(body, []byte(needle))
		if err != nil {
			return found, false, err
		}
	}
	n, err := io.CopyN(io.Discard, body, maxBody+1-read)
	if err == io.EOF {
		err = nil
	}
	if needle != "" && found {
		err = nil // what the check needed was read
	}
	return found, read+n > maxBody, err
}

// search streams through the first maxBody bytes with a pooled buffer, keeping the
// last len(needle)-1 bytes of each read so a match across two reads is found.
func (p *httpProbe) search(r io.Reader, needle []byte) (found bool, read int64, err error) {
	bp := p.bufs.Get().(*[]byte)
	defer p.bufs.Put(bp)
	buf := *bp
	if len(buf) < 2*len(needle) {
		buf = make([]byte, 2*len(needle))
	}
	keep, n := len(needle)-1, 0
	for read < maxBody {
		m, err := r.Read(buf[n:min(len(buf), n+int(maxBody-read))])
		read += int64(m)
		n += m
		if bytes.Contains(buf[:n], needle) {
			return true, read, nil
		}
		if err == io.EOF {
			return false, read, nil
		}
		if err != nil {
			return false, read, err
		}
		if n > keep {
			n = copy(buf, buf[n-keep:n])
		}
	}
	return false, read, nil
}

// bodyReason says why the body could not be read to its end (or to the read limit).
func bodyReason(ctx context.Context, start time.Time, resp *http.Response, err error) string {
	var opErr *net.OpError
	switch {
	case isTimeout(ctx, err):
		if deadline, ok := ctx.Deadline(); ok && deadline.After(start) {
			return "body not finished within " + roundTimeout(deadline.Sub(start)).String()
		}
		return "body not finished in time"
	case errors.Is(err, syscall.ECONNRESET):
		return "response cut short: connection reset"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "response cut short: connection closed"
	case slices.Contains(resp.TransferEncoding, "chunked") && !errors.As(err, &opErr):
		// What else fails in a chunked body is its framing; net/http's errors for it
		// are not exported.
		return "malformed response: invalid chunked encoding"
	}
	return "response cut short: " + Describe(ctx, start, err)
}

// statusOK: any of the expected codes, or by default any 2xx or 3xx (a 3xx only gets
// here when it was not followed, such as a 304).
func statusOK(code int, want []int) bool {
	if len(want) == 0 {
		return code >= 200 && code < 400
	}
	return slices.Contains(want, code)
}

// wantStatus prints "200", "200 or 204", "200, 204 or 301".
func wantStatus(want []int) string {
	if len(want) == 0 {
		return "2xx or 3xx"
	}
	var b strings.Builder
	for i, w := range want {
		switch {
		case i == 0:
		case i == len(want)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(w))
	}
	return b.String()
}
