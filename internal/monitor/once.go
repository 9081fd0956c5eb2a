package monitor

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// Outcome is one service's result from CheckOnce.
type Outcome struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Target string `json:"target"`
	Group  string `json:"group,omitempty"`
	// Fallback is what to do instead, as `watch --json` transitions carry it: a script
	// that reports an outage can say it too.
	Fallback string        `json:"fallback,omitempty"`
	Result   status.Result `json:"result"`
}

// Report is the result of checking everything once.
type Report struct {
	Outcomes      []Outcome `json:"services"`
	Offline       bool      `json:"offline,omitempty"`
	OfflineReason string    `json:"offline_reason,omitempty"`
}

// CheckOnce checks every service once, at most cfg.MaxConcurrent() at a time, without
// thresholds: what `uptray check` prints. When nothing answered it asks whether this
// machine is online at all, as the engine does, so a lost network is not N outages:
// offline, every row that got no answer says Offline (never Down). Each source is
// polled once too; its remote checks follow the services, grouped under the source's
// name. A service with a config error is not checked: its row says so. It uses opts'
// Check, Online, Fetch and Clock.
func CheckOnce(ctx context.Context, cfg *config.Config, opts Options) Report {
	clk := opts.Clock
	if clk == nil {
		clk = clock.Real{}
	}
	specs := cfg.Specs()
	out := make([]Outcome, len(specs))
	fetched := make([][]Outcome, len(cfg.Sources))
	reached := make([]bool, len(cfg.Sources)) // the source's server answered
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
		out[i] = Outcome{Name: spec.Name, Kind: spec.Kind, Target: spec.Target, Group: spec.Group, Fallback: spec.Fallback}
		if spec.ConfigError != "" {
			out[i].Result = status.Result{Status: status.Unknown, Reason: configErrorReason(spec.ConfigError), At: clk.Now()}
			continue
		}
		run(spec.Timeout, func(ctx context.Context) {
			r := opts.Check(ctx, spec.Service)
			r.At = clk.Now()
			out[i].Result = r
		})
	}
	for i, src := range cfg.Sources {
		if opts.Fetch == nil {
			break
		}
		_, timeout := cfg.SourceTiming(src)
		src = cfg.SourceFor(src) // its proxy and certificates, from [defaults] where unset
		run(timeout, func(ctx context.Context) { fetched[i], reached[i] = fetchOnce(ctx, src, opts.Fetch, clk.Now) })
	}
	wg.Wait()
	answers := make([]bool, len(out), len(out)+len(cfg.Sources))
	for i, o := range out {
		answers[i] = answered(o.Result)
	}
	for i, f := range fetched {
		out = append(out, f...)
		for range f {
			answers = append(answers, reached[i])
		}
	}
	rep := Report{Outcomes: out}
	if opts.Online == nil || !noneAnswered(out, answers) {
		return rep
	}
	cctx, cancel := context.WithTimeout(ctx, cfg.Defaults.Timeout.Or(config.DefaultTimeout))
	ok, reason := opts.Online(cctx, cfg.ConnectivityTargets())
	cancel()
	rep.Offline, rep.OfflineReason = !ok, reason
	if rep.Offline {
		for i := range rep.Outcomes {
			if r := &rep.Outcomes[i].Result; !answers[i] && !localFailure(r.Reason) {
				// Not the service's fault, and nothing known of it: the reason stays to say
				// what failed, the time it took means nothing.
				r.Status, r.Latency = status.Offline, 0
			}
		}
	}
	return rep
}

// fetchOnce polls one source: an outcome per remote check, or one Unknown line for
// the source when it could not be read. reached reports whether the server answered
// (an HTTP error or a malformed answer is an answer; a network error is not).
func fetchOnce(ctx context.Context, src config.Source, fetch FetchFunc, now func() time.Time) (out []Outcome, reached bool) {
	entries, err := fetch(ctx, src)
	if err != nil {
		r := status.Result{Status: status.Unknown, Reason: err.Error(), At: now()}
		return []Outcome{{Name: src.Name, Kind: src.Kind, Target: src.URL, Group: src.Name, Result: r}}, answered(r)
	}
	out = make([]Outcome, len(entries))
	for i, en := range entries {
		en.Result.At = now()
		out[i] = Outcome{Name: en.Name, Kind: src.Kind, Target: src.URL, Group: sourceGroup(src.Name, en.Group), Fallback: en.Fallback, Result: en.Result}
	}
	return out, true
}

// noneAnswered reports whether nothing proved that this machine's network works, while
// something failed in a way a lost network would explain: then it is time to ask.
func noneAnswered(out []Outcome, answers []bool) bool {
	failed := false
	for i, o := range out {
		if answers[i] {
			return false
		}
		failed = failed || !localFailure(o.Result.Reason)
	}
	return failed
}

// answered reports whether a check's result proves the network carried it: the service,
// its status page or its monitoring server said something, even if what it said is bad
// news (HTTP 503, a component in "major outage", a page that is not JSON, a TLS
// certificate that does not fit). A result that failed for want of a network (DNS,
// connect, timeout, "status page unreachable") did not answer; neither did one that
// never went out (a bad URL, ping not allowed, a config error).
func answered(r status.Result) bool {
	switch r.Status {
	case status.Up, status.Degraded:
		return true
	case status.Down, status.Unknown:
		return !networkFailure(r.Reason) && !localFailure(r.Reason)
	}
	return false
}

// networkFailure reports whether a reason, in the words probe.Describe and the page and
// source readers use, says the request got no answer.
func networkFailure(reason string) bool {
	r := strings.ToLower(reason)
	for _, p := range []string{"dns: ", "connect: ", "connectex: ", "dial: ", "read: ", "write: ",
		"sendto: ", "sendmsg: ", "recvfrom: ", "socket: ", "wsarecv: ", "wsasend: ",
		"no reply to ping", "no address for ", "check canceled", "canceled"} {
		if strings.HasPrefix(r, p) {
			return true
		}
	}
	for _, w := range []string{"timed out", "unreachable", "no route to host", "connection refused",
		"actively refused", "connection reset", "forcibly closed", "broken pipe", "host is down",
		"i/o timeout", "no such host", "connection closed by the server"} {
		if strings.Contains(r, w) {
			return true
		}
	}
	return false
}

// localFailure reports whether a reason says the check never went out: it tells nothing
// of the network either way.
func localFailure(reason string) bool {
	r := strings.ToLower(reason)
	for _, p := range []string{"bad url", "unknown kind", "unsupported record type", "internal error",
		"ping not allowed", "config error"} {
		if strings.HasPrefix(r, p) {
			return true
		}
	}
	return false
}
