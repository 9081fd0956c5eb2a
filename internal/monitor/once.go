package monitor

import (
	"context"
	"sync"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// Outcome is one service's result from CheckOnce.
type Outcome struct {
	Name   string        `json:"name"`
	Kind   string        `json:"kind"`
	Target string        `json:"target"`
	Group  string        `json:"group,omitempty"`
	Result status.Result `json:"result"`
}

// Report is the result of checking everything once.
type Report struct {
	Outcomes      []Outcome `json:"services"`
	Offline       bool      `json:"offline,omitempty"`
	OfflineReason string    `json:"offline_reason,omitempty"`
}

// CheckOnce checks every service once, at most cfg.MaxConcurrent() at a time, without
// thresholds: what `uptray check` prints. When nothing answered it asks whether this
// machine is online at all, as the engine does, so a lost network is not N outages.
// Each source is polled once too; its remote checks follow the services, grouped
// under the source's name. It uses opts' Check, Online, Fetch and Clock.
func CheckOnce(ctx context.Context, cfg *config.Config, opts Options) Report {
	clk := opts.Clock
	if clk == nil {
		clk = clock.Real{}
	}
	specs := cfg.Specs()
	out := make([]Outcome, len(specs))
	fetched := make([][]Outcome, len(cfg.Sources))
	slots := make(chan struct{}, cfg.MaxConcurrent())
	var wg sync.WaitGroup
	run := func(timeout time.Duration, f func(ctx context.Context)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			cctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			f(cctx)
		}()
	}
	for i, spec := range specs {
		run(spec.Timeout, func(ctx context.Context) {
			r := opts.Check(ctx, spec.Service)
			r.At = clk.Now()
			out[i] = Outcome{Name: spec.Name, Kind: spec.Kind, Target: spec.Target, Group: spec.Group, Result: r}
		})
	}
	for i, src := range cfg.Sources {
		if opts.Fetch == nil {
			break
		}
		_, timeout := cfg.SourceTiming(src)
		run(timeout, func(ctx context.Context) { fetched[i] = fetchOnce(ctx, src, opts.Fetch, clk.Now) })
	}
	wg.Wait()
	for _, f := range fetched {
		out = append(out, f...)
	}
	rep := Report{Outcomes: out}
	if opts.Online != nil && len(out) > 0 && noneAnswered(out) {
		cctx, cancel := context.WithTimeout(ctx, cfg.Defaults.Timeout.Or(config.DefaultTimeout))
		ok, reason := opts.Online(cctx, cfg.ConnectivityTargets())
		cancel()
		rep.Offline, rep.OfflineReason = !ok, reason
	}
	return rep
}

// fetchOnce polls one source: an outcome per remote check, or one Unknown line for
// the source when it could not be read.
func fetchOnce(ctx context.Context, src config.Source, fetch FetchFunc, now func() time.Time) []Outcome {
	entries, err := fetch(ctx, src)
	if err != nil {
		return []Outcome{{Name: src.Name, Kind: src.Kind, Target: src.URL, Group: src.Name,
			Result: status.Result{Status: status.Unknown, Reason: err.Error(), At: now()}}}
	}
	out := make([]Outcome, len(entries))
	for i, en := range entries {
		en.Result.At = now()
		out[i] = Outcome{Name: en.Name, Kind: src.Kind, Target: src.URL, Group: src.Name, Result: en.Result}
	}
	return out
}

func noneAnswered(out []Outcome) bool {
	for _, o := range out {
		if o.Result.Status != status.Down {
			return false
		}
	}
	return true
}
