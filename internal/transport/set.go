package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// Options are what every transport of a Set shares.
type Options struct {
	// Roots are the trusted roots ca_file adds to; nil means the system's.
	Roots *x509.CertPool
	// System reads the operating system's proxy setting; nil means the real one for
	// this OS (SystemProxy). It is called at most once per SystemTTL.
	System func() (ProxyFunc, error)
	// SystemTTL is how long the system setting is kept: it changes when the laptop
	// moves to another network. The certificate files are looked at as often (a renewed
	// one is taken). 0 means 2 minutes: on Linux reading it starts gsettings, and an idle
	// laptop should not be woken for that every few checks.
	SystemTTL time.Duration
	// Now is the clock of that cache; nil means time.Now.
	Now func() time.Time
	// Log receives what is worth knowing once (a system setting Uptray cannot follow);
	// nil discards.
	Log *slog.Logger
}

// Set builds transports from Settings and keeps them, one per distinct Settings (and
// verification choice), so connections are reused across checks. It is safe for
// concurrent use.
type Set struct {
	opts   Options
	system *systemProxy

	mu    sync.Mutex
	trips map[key]*entry
}

type key struct {
	s        Settings
	insecure bool
}

type entry struct {
	rt  http.RoundTripper
	tls *tls.Config
	err error // a file that could not be loaded: every request fails with it

	files   string    // the size and time of the files it was built from
	checked time.Time // when they were last looked at
}

// New returns an empty Set.
func New(opts Options) *Set {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.SystemTTL <= 0 {
		opts.SystemTTL = 2 * time.Minute
	}
	read := opts.System
	if read == nil {
		read = SystemProxy
	}
	return &Set{opts: opts, trips: map[key]*entry{},
		system: &systemProxy{read: read, ttl: opts.SystemTTL, now: opts.Now, log: opts.Log}}
}

// RoundTripper returns the transport for s; insecure skips certificate verification
// (insecure_skip_verify). The same s always gets the same transport. A ca_file or
// client certificate that cannot be loaded makes every request fail with that error.
func (t *Set) RoundTripper(s Settings, insecure bool) http.RoundTripper {
	return t.get(s, insecure).rt
}

// TLSConfig is the TLS client configuration of s (ca_file, the client certificate) for
// checks that shake hands themselves (the tls kind); the caller clones it to set a
// ServerName.
func (t *Set) TLSConfig(s Settings) (*tls.Config, error) {
	e := t.get(s, false)
	return e.tls, e.err
}

func (t *Set) get(s Settings, insecure bool) *entry {
	if s.Proxy == "" {
		s.Proxy = ProxySystem
	}
	k := key{s, insecure}
	now := t.opts.Now()
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.trips[k]
	if ok && now.Before(e.checked.Add(t.opts.SystemTTL)) {
		return e
	}
	// A renewed client certificate or company root is taken within a SystemTTL, without
	// a restart; until a file changes, the transport (and its connections) is kept.
	files := stamp(s)
	if ok && files == e.files {
		e.checked = now
		return e
	}
	if ok {
		if c, isCloser := e.rt.(interface{ CloseIdleConnections() }); isCloser {
			c.CloseIdleConnections()
		}
	}
	e = t.build(s, insecure)
	e.files, e.checked = files, now
	t.trips[k] = e
	return e
}

// stamp is the size and modification time of the settings' files.
func stamp(s Settings) string {
	var b strings.Builder
	for _, path := range []string{s.CAFile, s.CertFile, s.KeyFile} {
		if path == "" {
			b.WriteString("|")
			continue
		}
		if fi, err := os.Stat(path); err == nil {
			fmt.Fprintf(&b, "%d %d|", fi.Size(), fi.ModTime().UnixNano())
		} else {
			b.WriteString("missing|")
		}
	}
	return b.String()
}

func (t *Set) build(s Settings, insecure bool) *entry {
	e := &entry{}
	e.tls, e.err = t.tlsConfig(s)
	if e.err != nil {
		e.rt = failing{e.err}
		return e
	}
	proxy, err := t.proxyFunc(s.Proxy)
	if err != nil {
		e.err, e.rt = err, failing{err}
		return e
	}
	cfg := e.tls.Clone()
	cfg.InsecureSkipVerify = insecure
	base := &http.Transport{
		Proxy:                  proxy,
		OnProxyConnectResponse: refusedConnect,
		DialContext:            (&net.Dialer{KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:      true,
		MaxIdleConnsPerHost:    32, // above the engine's concurrency limit, so connections are reused, not churned
		IdleConnTimeout:        90 * time.Second,
		TLSClientConfig:        cfg,
	}
	b := &blaming{base: base, proxy: proxy}
	if s.Proxy == ProxySystem {
		b.note = t.system.currentNote
	}
	e.rt = b
	return e
}

func (t *Set) tlsConfig(s Settings) (*tls.Config, error) {
	cfg := &tls.Config{RootCAs: t.opts.Roots}
	if s.CAFile != "" {
		pool, err := LoadCA(s.CAFile, t.opts.Roots)
		if err != nil {
			return nil, FieldError{"ca_file", err}
		}
		cfg.RootCAs = pool
	}
	pair, err := LoadKeyPair(s.CertFile, s.KeyFile)
	if err != nil {
		return nil, err
	}
	if pair != nil {
		cfg.Certificates = []tls.Certificate{*pair}
	}
	return cfg, nil
}

// Router returns a RoundTripper that carries each request with the transport of the
// Settings in its context (WithSettings), or of the zero Settings when it has none:
// one *http.Client serves checks and sources with different settings. insecure skips
// certificate verification.
func (t *Set) Router(insecure bool) http.RoundTripper { return router{t, insecure} }

type router struct {
	t        *Set
	insecure bool
}

func (r router) RoundTrip(req *http.Request) (*http.Response, error) {
	s, _ := req.Context().Value(settingsKey{}).(Settings)
	return r.t.RoundTripper(s, r.insecure).RoundTrip(req)
}

// CloseIdleConnections closes the idle connections of every transport built so far.
func (r router) CloseIdleConnections() {
	r.t.mu.Lock()
	defer r.t.mu.Unlock()
	for _, e := range r.t.trips {
		if c, ok := e.rt.(interface{ CloseIdleConnections() }); ok {
			c.CloseIdleConnections()
		}
	}
}

type settingsKey struct{}

// WithSettings returns ctx carrying s for a Router.
func WithSettings(ctx context.Context, s Settings) context.Context {
	return context.WithValue(ctx, settingsKey{}, s)
}

// failing is the transport of settings whose files could not be loaded.
type failing struct{ err error }

func (f failing) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	return nil, f.err
}
