package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/transport"
)

// managedLoop keeps the company's managed file (the machine-wide file's [managed])
// fresh: it fetches it at start and every interval, and when a new valid copy is in
// the cache it reloads the configuration as an edited file is reloaded. A copy that is
// invalid, or whose signature is refused, keeps the last good one and is told once;
// a laptop that cannot reach the server (offline, off the VPN) is no news and only
// logged.
type managedLoop struct {
	files  config.Files
	client *http.Client // nil: config.DefaultManagedClient
	clock  clock.Clock
	log    *slog.Logger
	notify func(title, body string)
	reload func()
	kick   chan struct{}
	// lastErr is the problem told last: the same one is not told again every interval.
	lastErr string
}

func newManagedLoop(files config.Files, client *http.Client, clk clock.Clock, log *slog.Logger, notify func(title, body string), reload func()) *managedLoop {
	return &managedLoop{files: files, client: client, clock: clk, log: log, notify: notify, reload: reload, kick: make(chan struct{}, 1)}
}

// run refreshes until ctx ends: at once, then every interval, and soon after the
// config files change (Kick), since the machine-wide file may name another URL.
func (m *managedLoop) run(ctx context.Context) {
	for {
		every := m.refresh(ctx)
		t := m.clock.NewTimer(every)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C():
		case <-m.kick:
			t.Stop()
		}
	}
}

// Kick asks for a refresh now (without waiting for it).
func (m *managedLoop) Kick() {
	select {
	case m.kick <- struct{}{}:
	default:
	}
}

// refresh fetches once and returns how long to wait before the next time.
func (m *managedLoop) refresh(ctx context.Context) time.Duration {
	changed, every, err := config.RefreshManaged(ctx, m.client, m.files, m.clock.Now())
	switch {
	case ctx.Err() != nil: // quitting
	case err == nil:
		m.lastErr = ""
		if changed {
			m.log.Info("managed config: a new copy", "cache", m.files.Managed)
			m.reload()
		}
	case errors.Is(err, config.ErrUnreachable):
		m.log.Info("managed config: server not reachable; the last good copy stays in use", "err", err)
	default:
		m.log.Warn("managed config: not updated; the last good copy stays in use", "err", err)
		if msg := firstLine(err.Error()); msg != m.lastErr {
			m.lastErr = msg
			m.notify(i18n.T("Uptray: the company configuration was not updated"), i18n.F("%s\nThe last good copy stays in use.", msg))
		}
	}
	return every
}

// managedClient is the HTTP client for the managed file: the proxy and ca_file of the
// machine-wide file's [defaults] (in each request's context) or the system's proxy
// and roots, with the fetch's time limit.
func managedClient() *http.Client {
	return &http.Client{Transport: transport.New(transport.Options{}).Router(false), Timeout: config.FetchTimeout}
}
