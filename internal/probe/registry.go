// Package probe checks services once: one file per kind (http, tcp, dns, tls, ping…),
// each a Func the registry dispatches to by the service's kind. The caller owns the
// deadline: every probe reads it from ctx and invents no timeout of its own.
//
// A new kind is one probe file, one line in NewRegistry and one row in config's table
// of kinds (internal/config/kinds.go: its target, its options, their labels and
// validation); TestEveryKindHasAProbeAndARow fails until all three are there.
package probe

import (
	"context"
	"crypto/x509"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/transport"
)

// Func checks one service once. The caller owns the deadline: ctx carries the timeout;
// nothing a Func starts may outlive it.
type Func func(ctx context.Context, svc config.Service) status.Result

// Options are what the built-in probes share.
type Options struct {
	UserAgent string // sent by the http probe; default "Uptray/dev"
	// Transport carries http checks and page reads, whatever the services' proxy and
	// certificate settings. nil means Net's transports.
	Transport http.RoundTripper
	// Net builds the transports of each service's proxy and certificate settings
	// (transport.Set). nil means a Set of the registry's own, trusting RootCAs.
	Net *transport.Set
	// RootCAs are the certificates the http and tls probes trust (ca_file adds to
	// them) when Net is nil; nil means the system's.
	RootCAs *x509.CertPool
	// Now is the clock the feed probe reads entry dates and maintenance windows
	// against; nil means time.Now.
	Now func() time.Time
	// Log receives a probe's recovered panic with its stack; nil discards.
	Log *slog.Logger
}

// Registry maps a kind of check to the probe that performs it.
type Registry struct {
	mu     sync.RWMutex
	funcs  map[string]Func
	client *http.Client // shared by the probes that read web pages, and by sources
	log    *slog.Logger
}

// NewRegistry returns a registry holding the built-in kinds, one line each: every kind
// of config's table, and no other.
func NewRegistry(opts Options) *Registry {
	if opts.Net == nil {
		opts.Net = transport.New(transport.Options{Roots: opts.RootCAs, Log: opts.Log})
	}
	hp := newHTTPProbe(opts, opts.Net)
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Registry{funcs: make(map[string]Func), client: hp.pageClient(), log: log}
	r.Register("http", hp.check)
	r.Register("tcp", checkTCP)
	r.Register("dns", newDNSProbe().check)
	r.Register("tls", (&tlsProbe{net: opts.Net}).check)
	r.Register("ping", checkPing)
	r.Register("statuspage", (&statuspageProbe{client: r.client}).check)
	r.Register("instatus", (&instatusProbe{client: r.client}).check)
	r.Register("feed", (&feedProbe{client: r.client, now: opts.Now}).check)
	r.Register("incidentio", (&incidentioProbe{client: r.client}).check)
	r.Register("betterstack", (&betterstackProbe{client: r.client, now: opts.Now}).check)
	r.Register("slack", (&slackProbe{client: r.client}).check)
	r.Register("statusio", (&statusioProbe{client: r.client, now: opts.Now}).check)
	return r
}

// HTTPClient is the registry's shared HTTP client: keep-alive connections, the proxy
// and certificates of the Settings in each request's ctx (transport.WithSettings), and
// Uptray's User-Agent. It has no Timeout: each request's ctx is its deadline. Sources
// read their servers with it.
func (r *Registry) HTTPClient() *http.Client { return r.client }

// Register adds a kind, or replaces the probe for one.
func (r *Registry) Register(kind string, f Func) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.funcs[kind] = f
}

// Kinds returns the registered kinds, sorted.
func (r *Registry) Kinds() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	kinds := make([]string, 0, len(r.funcs))
	for k := range r.funcs {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	return kinds
}

// Check runs the probe for svc.Kind. A probe that panics costs one Unknown result, not
// the whole application: the panic is logged with its stack. Check leaves Result.At to
// the caller.
//
// Probes sanitise the remote words they put in a reason where they read them; Check
// sanitises the whole reason once more, so that every kind, a registered one too,
// hands on one short line of plain text (a reason joining two remote words is cut here).
func (r *Registry) Check(ctx context.Context, svc config.Service) (res status.Result) {
	r.mu.RLock()
	f, ok := r.funcs[svc.Kind]
	r.mu.RUnlock()
	if !ok {
		return status.Result{Status: status.Unknown, Reason: fmt.Sprintf("unknown kind %q", svc.Kind)}
	}
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("probe panicked", "service", svc.Name, "kind", svc.Kind,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			res = status.Result{Status: status.Unknown, Reason: "internal error"}
		}
	}()
	// The page reads and the http probe find the service's transport in ctx.
	res = f(transport.WithSettings(ctx, svc.Network()), svc)
	res.Reason, res.Warning = sanitize.Text(res.Reason), sanitize.Text(res.Warning)
	return res
}
