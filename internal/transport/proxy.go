package transport

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/uptray/uptray/internal/redact"
)

// ProxyFunc chooses the proxy of a request (nil: direct), as http.Transport.Proxy.
type ProxyFunc func(*http.Request) (*url.URL, error)

// Direct is the ProxyFunc of "none".
func Direct(*http.Request) (*url.URL, error) { return nil, nil }

// ProxyError is a request that failed at its proxy: the proxy could not be reached,
// or it answered with an error instead of carrying the request. Proxy is host:port,
// never the credentials.
type ProxyError struct {
	Proxy  string // "proxy.corp:3128"; "" for Note alone
	Status string // the proxy's answer: "407 Proxy Authentication Required"; "" when none
	Err    error  // why the proxy could not be reached (a dial error), or the request's error for Note
	// Note is said after the request's own reason when the system setting could not be
	// followed: "proxy auto-config not supported on Linux: http://wpad/wpad.dat".
	Note string
}

func (e *ProxyError) Unwrap() error { return e.Err }

// Error words the failure without the check's deadline (web.Describe words timeouts
// with it): "proxy proxy.corp:3128 refused the connection".
func (e *ProxyError) Error() string {
	var ne net.Error
	switch {
	case e.Proxy == "" && e.Err != nil:
		return e.Err.Error() + " (" + e.Note + ")"
	case e.Status != "":
		return "proxy " + e.Proxy + " answered " + e.Status
	case errors.Is(e.Err, syscall.ECONNREFUSED):
		return "proxy " + e.Proxy + " refused the connection"
	case errors.Is(e.Err, context.DeadlineExceeded) || errors.As(e.Err, &ne) && ne.Timeout():
		return "proxy " + e.Proxy + " did not answer"
	case e.Err != nil:
		return "proxy " + e.Proxy + ": " + e.Err.Error()
	}
	return "proxy " + e.Proxy + " failed"
}

// blaming carries requests on base and tells the proxy's failures from the service's.
type blaming struct {
	base  *http.Transport
	proxy ProxyFunc
	note  func() string // the system setting's note, "" when none or not system
}

func (b *blaming) RoundTrip(req *http.Request) (*http.Response, error) {
	// An https request through a proxy goes through a tunnel the proxy opens (CONNECT):
	// until the TLS handshake with the service starts, a failure is the proxy's.
	var tunnel *atomic.Bool
	if u, _ := b.proxy(req); u != nil && u.Scheme != "https" && req.URL.Scheme == "https" {
		tunnel = new(atomic.Bool)
		up := func() { tunnel.Store(true) }
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
			TLSHandshakeStart: up, GotConn: func(httptrace.GotConnInfo) { up() }}))
	}
	resp, err := b.base.RoundTrip(req)
	if err == nil {
		if resp.StatusCode == http.StatusProxyAuthRequired {
			// Plain http through a proxy: the proxy answers for the service. An origin
			// does not send 407.
			if u, _ := b.proxy(req); u != nil {
				resp.Body.Close()
				return nil, &ProxyError{Proxy: u.Host, Status: resp.Status}
			}
		}
		return resp, nil
	}
	var op *net.OpError
	var pe *ProxyError
	switch {
	case errors.As(err, &pe):
	case errors.As(err, &op) && op.Op == "proxyconnect":
		// net/http's typed error for a proxy it could not reach (or talk TLS to).
		host := "the proxy"
		if u, _ := b.proxy(req); u != nil {
			host = u.Host
		}
		return nil, &ProxyError{Proxy: host, Err: op.Err}
	case tunnel != nil && !tunnel.Load() && !errors.Is(err, context.Canceled):
		if u, _ := b.proxy(req); u != nil {
			return nil, &ProxyError{Proxy: u.Host, Err: err}
		}
	case b.note != nil:
		if note := b.note(); note != "" {
			return nil, &ProxyError{Note: note, Err: err}
		}
	}
	return nil, err
}

func (b *blaming) CloseIdleConnections() { b.base.CloseIdleConnections() }

// refusedConnect turns a proxy's refusal of a CONNECT into a ProxyError (net/http
// would report only the status text, which reads as the service's).
func refusedConnect(_ context.Context, proxy *url.URL, _ *http.Request, resp *http.Response) error {
	if resp.StatusCode == http.StatusOK {
		return nil
	}
	return &ProxyError{Proxy: proxy.Host, Status: resp.Status}
}

// proxyFunc is the ProxyFunc of a setting: "system", "none" or a URL.
func (t *Set) proxyFunc(setting string) (ProxyFunc, error) {
	switch setting {
	case ProxySystem, "":
		return t.system.proxy, nil
	case ProxyNone:
		return Direct, nil
	}
	u, err := ParseProxy(setting)
	if err != nil {
		return nil, FieldError{"proxy", err}
	}
	return func(*http.Request) (*url.URL, error) { return u, nil }, nil
}

// systemProxy keeps the system's setting for ttl: reading it may start a process
// (gsettings), which a request must not wait for each time.
type systemProxy struct {
	read func() (ProxyFunc, error)
	ttl  time.Duration
	now  func() time.Time
	log  interface{ Warn(string, ...any) }

	mu     sync.Mutex
	fn     ProxyFunc
	note   string
	until  time.Time
	warned map[string]bool
}

func (p *systemProxy) proxy(req *http.Request) (*url.URL, error) {
	fn, _ := p.current()
	u, err := fn(req)
	if u != nil && u.Scheme == "" {
		u.Scheme = "http" // PAC answers "PROXY host:port"
	}
	return u, err
}

// current is the setting in force and its note, read again when it is older than ttl.
func (p *systemProxy) current() (ProxyFunc, string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := p.now(); p.fn == nil || !now.Before(p.until) {
		fn, err := p.read()
		p.note = ""
		if err != nil {
			// Said once per distinct problem, and after every failure it may explain.
			p.note = redact.Text(err.Error())
			if !p.warned[p.note] {
				if p.warned == nil {
					p.warned = map[string]bool{}
				}
				p.warned[p.note] = true
				p.log.Warn("system proxy setting not followed", "why", p.note)
			}
		}
		if fn == nil {
			fn = Direct
		}
		p.fn, p.until = fn, now.Add(p.ttl)
	}
	return p.fn, p.note
}

func (p *systemProxy) currentNote() string {
	_, note := p.current()
	return note
}
