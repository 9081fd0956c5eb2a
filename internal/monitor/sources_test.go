package monitor

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/source"
	"github.com/uptray/uptray/internal/status"
)

// remote is a fake monitoring server: what its next poll returns.
type remote struct {
	mu      sync.Mutex
	entries []source.Entry
	err     error
	polls   int
}

func (r *remote) set(err error, entries ...source.Entry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.entries, r.err = entries, err
}

func (r *remote) fetch(ctx context.Context, src config.Source) ([]source.Entry, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.polls++
	return slices.Clone(r.entries), r.err
}

func entry(name string, st status.Status, reason string) source.Entry {
	return source.Entry{Name: name, Result: status.Result{Status: st, Reason: reason}}
}

func startWithSource(t *testing.T, r *remote) *harness {
	t.Helper()
	cfg := testConfig("Local")
	cfg.Sources = []config.Source{{Name: "Ops Gatus", Kind: "gatus", URL: "http://gatus.test", Interval: config.D(30 * time.Second)}}
	w := newWorld()
	clk := clock.NewFake(t0)
	e := New(cfg, Options{Check: w.check, Online: w.connectivity, Fetch: r.fetch, Clock: clk,
		Jitter: func(time.Duration) time.Duration { return 0 }, Log: slog.New(slog.DiscardHandler)})
	trans := e.Subscribe()
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{t: t, w: w, clk: clk, e: e, trans: trans, cancel: cancel, done: make(chan struct{})}
	go func() { e.Run(ctx); close(h.done) }()
	t.Cleanup(h.stop)
	return h
}

func names(snap Snapshot) []string {
	var out []string
	for _, s := range snap.Services {
		out = append(out, s.Name+"="+s.Status.String())
	}
	return out
}

func TestSourceExpandsIntoServices(t *testing.T) {
	r := &remote{}
	r.set(nil, entry("api", status.Up, ""), entry("db", status.Down, "[STATUS] (500) == 200"))
	h := startWithSource(t, r)
	h.idle()
	if got, want := names(h.e.Snapshot()), []string{"Local=Up", "api=Up", "db=Down"}; !slices.Equal(got, want) {
		t.Fatalf("services = %v, want %v", got, want)
	}
	db := h.state("db")
	if db.Group != "Ops Gatus" || db.Last.Reason != "[STATUS] (500) == 200" {
		t.Fatalf("db = %+v, want group Ops Gatus and the failed condition", db)
	}
	var down []string
	for _, tr := range h.transitions() {
		if tr.To == status.Down {
			down = append(down, tr.Service)
			if got := tr.SettleBy.Sub(tr.At); got != pollSettle {
				t.Errorf("SettleBy is %v after the poll, want %v so a poll's failures are grouped", got, pollSettle)
			}
		}
	}
	if !slices.Equal(down, []string{"db"}) {
		t.Fatalf("Down transitions %v, want db (remote state is already confirmed)", down)
	}

	// The remote list changes: an endpoint added, one removed; the rest keep their state.
	r.set(nil, entry("api", status.Up, ""), entry("queue", status.Up, ""))
	apiChecks := h.state("api").Checks
	h.advance(30 * time.Second)
	if got, want := names(h.e.Snapshot()), []string{"Local=Up", "api=Up", "queue=Up"}; !slices.Equal(got, want) {
		t.Fatalf("after the remote change services = %v, want %v", got, want)
	}
	if h.state("api").Checks != apiChecks+1 || h.w.count("Local") != 1 {
		t.Fatal("unchanged services were restarted")
	}
	removed := false
	for _, tr := range h.transitions() {
		removed = removed || (tr.Service == "db" && tr.To == status.Unknown)
	}
	if !removed {
		t.Fatal("no transition told subscribers that db is gone")
	}
}

func TestSourceErrorIsOneUnknownLine(t *testing.T) {
	r := &remote{}
	r.set(errors.New("response larger than 1 MiB"))
	h := startWithSource(t, r)
	h.idle()
	st := h.state("Ops Gatus")
	if st.Status != status.Unknown || st.Last.Reason != "response larger than 1 MiB" {
		t.Fatalf("source line = %+v, want Unknown with the reason", st)
	}
	h.e.CheckNow("Ops Gatus")
	h.idle()
	if r.polls != 2 {
		t.Fatalf("polls = %d, want 2 (CheckNow on the source)", r.polls)
	}
}

func TestApplyRemovesASource(t *testing.T) {
	r := &remote{}
	r.set(nil, entry("api", status.Up, ""))
	h := startWithSource(t, r)
	h.idle()
	h.e.Apply(testConfig("Local"))
	h.idle()
	if got := names(h.e.Snapshot()); !slices.Equal(got, []string{"Local=Up"}) {
		t.Fatalf("services = %v after removing the source", got)
	}
}
