package monitor

import (
	"context"
	"sync"

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
func CheckOnce(ctx context.Context, cfg *config.Config, check CheckFunc, online OnlineFunc, clk clock.Clock) Report {
	if clk == nil {
		clk = clock.Real{}
	}
	specs := cfg.Specs()
	out := make([]Outcome, len(specs))
	slots := make(chan struct{}, cfg.MaxConcurrent())
	var wg sync.WaitGroup
	for i, spec := range specs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			cctx, cancel := context.WithTimeout(ctx, spec.Timeout)
			r := check(cctx, spec.Service)
			cancel()
			r.At = clk.Now()
			out[i] = Outcome{Name: spec.Name, Kind: spec.Kind, Target: spec.Target, Group: spec.Group, Result: r}
		}()
	}
	wg.Wait()
	rep := Report{Outcomes: out}
	if online != nil && len(out) > 0 && noneAnswered(out) {
		cctx, cancel := context.WithTimeout(ctx, cfg.Defaults.Timeout.Or(config.DefaultTimeout))
		ok, reason := online(cctx, cfg.ConnectivityTargets())
		cancel()
		rep.Offline, rep.OfflineReason = !ok, reason
	}
	return rep
}

func noneAnswered(out []Outcome) bool {
	for _, o := range out {
		if o.Result.Status != status.Down {
			return false
		}
	}
	return true
}
