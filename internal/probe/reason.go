package probe

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/web"
)

// Reasons are shown to people as they are: Go's error chains are cut down to the part
// that says what went wrong (web.Describe).

// failure is the result of a check that did not get an answer.
func failure(ctx context.Context, start time.Time, err error) status.Result {
	if errors.Is(err, context.Canceled) && ctx.Err() == context.Canceled {
		return status.Result{Status: status.Unknown, Latency: time.Since(start), Reason: "check canceled"}
	}
	return status.Result{Status: status.Down, Latency: time.Since(start), Reason: Describe(ctx, start, err)}
}

// Describe turns a network, DNS or TLS error into a short, sanitised reason
// ("connect: connection refused", "timed out after 5s"): web.Describe, kept here for
// the callers that know it by this name.
func Describe(ctx context.Context, start time.Time, err error) string {
	return web.Describe(ctx, start, err)
}

func innermost(err error) string                    { return web.Innermost(err) }
func isTimeout(ctx context.Context, err error) bool { return web.IsTimeout(ctx, err) }
func roundTimeout(d time.Duration) time.Duration    { return web.RoundTimeout(d) }

// judgeLatency makes a successful check Degraded when it was slower than MaxLatency.
func judgeLatency(res status.Result, svc config.Service) status.Result {
	limit := svc.MaxLatency.Or(0)
	if res.Status != status.Up || limit <= 0 || res.Latency <= limit {
		return res
	}
	res.Status = status.Degraded
	slow := fmt.Sprintf("slow: %s (max %s)", humanDuration(res.Latency), humanDuration(limit))
	if res.Reason != "" {
		slow += ", " + res.Reason
	}
	res.Reason = slow
	return res
}

// humanDuration prints "0.25 ms", "850 ms", "2 s" or "2.3 s".
func humanDuration(d time.Duration) string {
	if d < time.Millisecond {
		return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 2, 64) + " ms"
	}
	if d < time.Second {
		return strconv.FormatInt(d.Milliseconds(), 10) + " ms"
	}
	s := strconv.FormatFloat(d.Seconds(), 'f', 1, 64)
	return strings.TrimSuffix(s, ".0") + " s"
}

// plural prints "1 day", "3 days".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
