package probe

import (
	"context"
	"net"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// checkTCP connects to host:port and hangs up: the service is up if it accepts.
// Latency is the connect time (name resolution included).
func checkTCP(ctx context.Context, svc config.Service) status.Result {
	start := time.Now()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", svc.Target)
	if err != nil {
		return failure(ctx, start, err)
	}
	res := status.Result{Status: status.Up, Latency: time.Since(start)}
	conn.Close()
	return judgeLatency(res, svc)
}
