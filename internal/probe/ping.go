package probe

import (
	"cmp"
	"context"
	"errors"
	"net"
	"os"
	"runtime"
	"strconv"
	"time"

	probing "github.com/prometheus-community/pro-bing"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

const (
	pings = 3
	// pingInterval spaces the pings enough to sample more than one instant of a
	// flaky link, without holding a check slot for long.
	pingInterval = 500 * time.Millisecond
)

const pingNotAllowed = `ping not allowed for this user (Linux: sysctl net.ipv4.ping_group_range="0 2147483647")`

// checkPing sends three echo requests within the deadline. It uses unprivileged ICMP
// (a datagram socket), which needs no root; as root on a machine that forbids that,
// it falls back to a raw socket.
func checkPing(ctx context.Context, svc config.Service) status.Result {
	start := time.Now()
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = start.Add(config.DefaultTimeout)
	}
	addrs, err := net.DefaultResolver.LookupIPAddr(ctx, svc.Target)
	if err != nil || len(addrs) == 0 {
		return failure(ctx, start, cmp.Or(err, errors.New("no address for "+svc.Target)))
	}
	addr := pickAddr(addrs)

	// Windows has no unprivileged ICMP socket but lets anyone use the raw kind.
	privileged := runtime.GOOS == "windows"
	stats, err := ping(ctx, addr, deadline, privileged)
	if errors.Is(err, os.ErrPermission) && !privileged && os.Geteuid() == 0 {
		stats, err = ping(ctx, addr, deadline, true)
	}
	switch {
	case errors.Is(err, os.ErrPermission):
		return status.Result{Status: status.Unknown, Reason: pingNotAllowed}
	case err != nil:
		return failure(ctx, start, err)
	case stats.PacketsRecv == 0:
		return status.Result{Status: status.Down, Latency: time.Since(start),
			Reason: "no reply to ping (" + strconv.Itoa(stats.PacketsSent) + " sent)"}
	}
	res := status.Result{Status: status.Up, Latency: stats.AvgRtt}
	if lost := stats.PacketsSent - stats.PacketsRecv; lost > 0 {
		res.Reason = strconv.Itoa(lost) + " of " + strconv.Itoa(stats.PacketsSent) + " pings lost"
	}
	return judgeLatency(res, svc)
}

// ping runs one pinger, ending a little before the deadline so that its statistics,
// not the deadline's error, are the answer.
func ping(ctx context.Context, addr *net.IPAddr, deadline time.Time, privileged bool) (*probing.Statistics, error) {
	left := time.Until(deadline)
	if left <= 0 {
		return nil, context.DeadlineExceeded
	}
	p := probing.New(addr.String())
	p.SetIPAddr(addr)
	p.SetPrivileged(privileged)
	p.SetLogger(probing.NoopLogger{})
	p.Count = pings
	p.Interval = min(pingInterval, left/(pings+1))
	p.Timeout = left - min(50*time.Millisecond, left/10)
	err := p.RunWithContext(ctx)
	stats := p.Statistics()
	if stats.PacketsSent == 0 && err != nil {
		return nil, err
	}
	return stats, nil
}

// pickAddr prefers IPv4, which more networks route.
func pickAddr(addrs []net.IPAddr) *net.IPAddr {
	for i := range addrs {
		if addrs[i].IP.To4() != nil {
			return &addrs[i]
		}
	}
	return &addrs[0]
}
