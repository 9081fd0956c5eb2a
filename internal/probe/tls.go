package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/transport"
)

const day = 24 * time.Hour

// tlsProbe shakes hands with host:port and judges the certificate: always verified
// (insecure_skip_verify is an http setting), Degraded when it expires within
// cert_min_days so there is time to renew it.
// It connects directly (no proxy); ca_file and the client certificate apply.
type tlsProbe struct {
	net *transport.Set
}

func (p *tlsProbe) check(ctx context.Context, svc config.Service) status.Result {
	target := svc.Target
	host, _, err := net.SplitHostPort(target)
	if err != nil { // no port given: the usual one
		host, target = target, net.JoinHostPort(target, "443")
	}
	base, err := p.net.TLSConfig(svc.Network())
	if err != nil {
		return status.Result{Status: status.Unknown, Reason: err.Error()}
	}
	cfg := base.Clone()
	cfg.ServerName = host
	start := time.Now()
	d := tls.Dialer{Config: cfg}
	conn, err := d.DialContext(ctx, "tcp", target)
	if err != nil {
		var invalid x509.CertificateInvalidError
		if errors.As(err, &invalid) && invalid.Reason == x509.Expired && invalid.Cert != nil &&
			time.Now().After(invalid.Cert.NotAfter) {
			ago := time.Since(invalid.Cert.NotAfter)
			return status.Result{Status: status.Down, Latency: time.Since(start),
				Reason: "certificate expired " + span(ago) + " ago"}
		}
		return failure(ctx, start, err)
	}
	res := status.Result{Status: status.Up, Latency: time.Since(start)}
	state := conn.(*tls.Conn).ConnectionState()
	conn.Close()

	left := time.Until(expiry(state))
	minDays := svc.CertMinDays
	if minDays <= 0 {
		minDays = config.DefaultCertMinDays
	}
	if left < time.Duration(minDays)*day {
		res.Status, res.Reason = status.Degraded, "certificate expires in "+span(left)
	} else {
		res.Reason = "certificate valid for " + span(left)
	}
	return judgeLatency(res, svc)
}

// expiry is the earliest end of validity in the chain that was verified: an
// intermediate that expires first breaks the site as surely as the leaf. The root is
// left out: it is the client's, not the server's, to renew.
func expiry(state tls.ConnectionState) time.Time {
	chain := state.PeerCertificates
	if len(state.VerifiedChains) > 0 {
		chain = state.VerifiedChains[0]
		if len(chain) > 1 {
			chain = chain[:len(chain)-1]
		}
	}
	var end time.Time
	for _, c := range chain {
		if end.IsZero() || c.NotAfter.Before(end) {
			end = c.NotAfter
		}
	}
	return end
}

// span prints whole days, or hours under a day: "3 days", "5 hours".
func span(d time.Duration) string {
	switch {
	case d >= day:
		return plural(int(d/day), "day")
	case d >= time.Hour:
		return plural(int(d/time.Hour), "hour")
	}
	return "less than an hour"
}
