package web

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/transport"
)

// Reasons are shown to people as they are, so Go's error chains
// (`Get "https://x": dial tcp 10.0.0.1:443: connect: connection refused`) are cut down
// to the part that says what went wrong.

// Describe turns a network, DNS or TLS error into a short reason: "connect: connection
// refused", "DNS: no such host x.example", "timed out after 5s" (the time from start to
// ctx's deadline). Errors carry the server's words (a malformed header line, the names
// in its certificate), so the reason is sanitised.
func Describe(ctx context.Context, start time.Time, err error) string {
	return sanitize.Text(describe(ctx, start, err))
}

func describe(ctx context.Context, start time.Time, err error) string {
	var proxy *transport.ProxyError
	if errors.As(err, &proxy) {
		return proxyReason(ctx, start, proxy)
	}
	if IsTimeout(ctx, err) {
		return timeoutReason(ctx, start)
	}
	var (
		dnsErr   *net.DNSError
		unknown  x509.UnknownAuthorityError
		invalid  x509.CertificateInvalidError
		hostname x509.HostnameError
		sysErr   *os.SyscallError
		alert    tls.AlertError
		record   tls.RecordHeaderError
	)
	switch {
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return "DNS: no such host " + dnsErr.Name
		}
		return "DNS: " + dnsErr.Err + " looking up " + dnsErr.Name
	case errors.As(err, &unknown):
		return "TLS: certificate signed by unknown authority"
	case errors.As(err, &invalid):
		return "TLS: " + invalidReason(invalid)
	case errors.As(err, &hostname):
		return "TLS: " + hostnameReason(hostname)
	case errors.As(err, &alert):
		return "TLS: remote error: " + strings.TrimPrefix(alert.Error(), "tls: ")
	case errors.As(err, &record):
		return "TLS: the server did not answer with TLS"
	case errors.As(err, &sysErr):
		return sysErr.Error() // "connect: connection refused"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed by the server"
	}
	return Innermost(err)
}

// Innermost strips the URL and address wrappers Go puts around an error
// (`Get "https://x": dial tcp 10.0.0.1:443: …`), leaving what went wrong. It does not
// sanitise.
func Innermost(err error) string {
	for {
		var ue *url.Error
		var oe *net.OpError
		switch {
		case errors.As(err, &ue) && ue.Err != nil:
			err = ue.Err
		case errors.As(err, &oe) && oe.Err != nil:
			err = oe.Err
		default:
			msg := err.Error()
			if rest, ok := strings.CutPrefix(msg, "tls: "); ok {
				return "TLS: " + rest
			}
			return msg
		}
	}
}

// IsTimeout reports whether err, or ctx, says time ran out.
func IsTimeout(ctx context.Context, err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) ||
		(errors.As(err, &ne) && ne.Timeout()) || ctx.Err() == context.DeadlineExceeded
}

// timeoutReason names the time the check was given, which is what the user configured.
func timeoutReason(ctx context.Context, start time.Time) string {
	deadline, ok := ctx.Deadline()
	switch {
	case !ok:
		return "timed out"
	case !deadline.After(start):
		return "timed out before the check started"
	}
	return "timed out after " + RoundTimeout(deadline.Sub(start)).String()
}

// RoundTimeout hides the moments between the caller setting the deadline and the
// check starting, so the reason names the timeout the user configured ("5s", not
// "4.997s", "300ms" not "299ms" when a loaded machine starts the check late).
func RoundTimeout(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(10 * time.Millisecond)
}

func invalidReason(e x509.CertificateInvalidError) string {
	if e.Reason != x509.Expired || e.Cert == nil {
		return strings.TrimPrefix(e.Error(), "x509: ")
	}
	if time.Now().Before(e.Cert.NotBefore) {
		return "certificate is not valid before " + e.Cert.NotBefore.Format(time.DateOnly)
	}
	return "certificate has expired"
}

// hostnameReason names a few of the names the certificate is for: the server chose
// them, so they are sanitised, and there may be hundreds.
func hostnameReason(e x509.HostnameError) string {
	var names []string
	if e.Certificate != nil {
		names = append(names, e.Certificate.DNSNames...)
		for _, ip := range e.Certificate.IPAddresses {
			names = append(names, ip.String())
		}
	}
	if len(names) == 0 {
		return "certificate is not for " + e.Host
	}
	shown := make([]string, 0, 4)
	for _, n := range names[:min(len(names), 3)] {
		shown = append(shown, sanitize.Text(n))
	}
	if len(names) > 3 {
		shown = append(shown, "…")
	}
	return "certificate is for " + strings.Join(shown, ", ") + ", not " + e.Host
}

// proxyReason blames the proxy, not the service: "proxy proxy.corp:3128 refused the
// connection", "proxy proxy.corp:3128 did not answer (timed out after 5s)", "proxy
// proxy.corp:3128 answered 407 Proxy Authentication Required".
func proxyReason(ctx context.Context, start time.Time, e *transport.ProxyError) string {
	var dnsErr *net.DNSError
	switch {
	case e.Proxy == "" && e.Err != nil: // a note on the system setting after the request's reason
		return describe(ctx, start, e.Err) + " (" + e.Note + ")"
	case e.Status != "" || e.Err == nil:
		return e.Error()
	case IsTimeout(ctx, e.Err):
		return "proxy " + e.Proxy + " did not answer (" + timeoutReason(ctx, start) + ")"
	case errors.As(e.Err, &dnsErr) && dnsErr.IsNotFound:
		return "proxy " + e.Proxy + " not found (DNS: no such host " + dnsErr.Name + ")"
	case errors.Is(e.Err, syscall.ECONNREFUSED):
		return e.Error()
	}
	return "proxy " + e.Proxy + ": " + describe(ctx, start, e.Err)
}
