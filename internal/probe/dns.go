package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
)

// dnsProbe asks for one record type and, optionally, one value among the answers.
// It speaks DNS itself (miekg/dns) so it can tell NXDOMAIN from an empty answer and
// name the rcode; only where no resolv.conf exists (Windows) does it go through the
// operating system's resolver, which cannot tell those apart.
type dnsProbe struct {
	resolvConf string        // where the system's name servers are listed
	port       string        // the port they listen on: resolv.conf's 53 when empty (tests set one)
	system     *net.Resolver // used when resolvConf cannot be read
}

func newDNSProbe() *dnsProbe {
	return &dnsProbe{resolvConf: "/etc/resolv.conf", system: net.DefaultResolver}
}

// rcodeError is a server's refusal to answer, named by its rcode.
type rcodeError struct {
	name  string
	rcode int
}

func (e rcodeError) Error() string {
	if e.rcode == dns.RcodeNameError {
		return "DNS: " + e.name + " does not exist (NXDOMAIN)"
	}
	return "DNS: server answered " + dns.RcodeToString[e.rcode] + " for " + e.name
}

// serverError is a name server that could not be asked.
type serverError struct {
	addr string
	err  error
}

func (e serverError) Error() string { return "DNS server " + e.addr + ": " + e.err.Error() }
func (e serverError) Unwrap() error { return e.err }

func (p *dnsProbe) check(ctx context.Context, svc config.Service) status.Result {
	name := strings.TrimSuffix(svc.Target, ".")
	rtype := strings.ToUpper(svc.RecordType)
	if rtype == "" {
		rtype = config.DefaultRecordType
	}
	if !slices.Contains(config.RecordTypes, rtype) {
		return status.Result{Status: status.Unknown, Reason: fmt.Sprintf("unsupported record type %q", svc.RecordType)}
	}
	start := time.Now()
	values, err := p.lookup(ctx, svc.Resolver, name, rtype)
	if err != nil {
		res := failure(ctx, start, err)
		var rc rcodeError
		var se serverError
		switch {
		case errors.As(err, &rc):
			res.Reason = rc.Error()
		case errors.As(err, &se) && !isTimeout(ctx, err):
			res.Reason = "DNS server " + se.addr + ": " + Describe(ctx, start, se.err)
		}
		return res
	}
	res := status.Result{Status: status.Up, Latency: time.Since(start)}
	switch {
	case len(values) == 0:
		res.Status, res.Reason = status.Down, "no "+rtype+" record for "+name
	case svc.ExpectValue != "" && !slices.ContainsFunc(values, func(v string) bool { return sameValue(v, svc.ExpectValue) }):
		res.Status, res.Reason = status.Down, mismatch(rtype, name, values, svc.ExpectValue)
	}
	return judgeLatency(res, svc)
}

// lookup returns the values of the records of type rtype for name.
func (p *dnsProbe) lookup(ctx context.Context, resolver, name, rtype string) ([]string, error) {
	if resolver != "" {
		return query(ctx, []string{resolver}, name, rtype)
	}
	// Read each time: a laptop's name servers change with the network it is on.
	cfg, err := dns.ClientConfigFromFile(p.resolvConf)
	if err != nil || len(cfg.Servers) == 0 {
		return systemLookup(ctx, p.system, name, rtype)
	}
	port := cfg.Port
	if p.port != "" {
		port = p.port
	}
	servers := make([]string, len(cfg.Servers))
	for i, s := range cfg.Servers {
		servers[i] = net.JoinHostPort(s, port)
	}
	return query(ctx, servers, name, rtype)
}

// minPerServer is the least time a name server is given before the next one is asked
// (unless less is left): enough for a resolver to ask upstream for a name it has not
// cached.
const minPerServer = 500 * time.Millisecond

// query asks the servers in turn until one answers. Each gets its share of the time
// left, so a first server that never answers cannot use up the check's timeout.
func query(ctx context.Context, servers []string, name, rtype string) ([]string, error) {
	qtype := dns.StringToType[rtype]
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	var r *dns.Msg
	var err error
	var server string
	for i := range servers {
		server = servers[i]
		sctx, cancel := serverShare(ctx, len(servers)-i)
		r, err = exchange(sctx, m, server)
		cancel()
		if err == nil || ctx.Err() != nil {
			break
		}
	}
	if err != nil {
		return nil, serverError{addr: server, err: err}
	}
	if r.Rcode != dns.RcodeSuccess {
		return nil, rcodeError{name: name, rcode: r.Rcode}
	}
	var values []string
	for _, rr := range r.Answer {
		if rr.Header().Rrtype != qtype {
			continue // a CNAME on the way to the A record asked for
		}
		switch v := rr.(type) {
		case *dns.A:
			values = append(values, v.A.String())
		case *dns.AAAA:
			values = append(values, v.AAAA.String())
		case *dns.CNAME:
			values = append(values, v.Target)
		case *dns.MX:
			values = append(values, v.Mx)
		case *dns.TXT:
			values = append(values, txtValue(v.Txt))
		case *dns.NS:
			values = append(values, v.Ns)
		}
	}
	return values, nil
}

// serverShare is the part of ctx's time one of left servers gets: the time left split
// evenly, or minPerServer when that is more, but never more than half of it while
// another server is still to be asked. The last server gets all that is left.
func serverShare(ctx context.Context, left int) (context.Context, context.CancelFunc) {
	deadline, ok := ctx.Deadline()
	if !ok || left <= 1 {
		return context.WithCancel(ctx)
	}
	remaining := time.Until(deadline)
	return context.WithTimeout(ctx, max(remaining/time.Duration(left), min(minPerServer, remaining/2)))
}

// exchange asks one server over UDP, and again over TCP when the answer was truncated.
func exchange(ctx context.Context, m *dns.Msg, server string) (*dns.Msg, error) {
	var c dns.Client
	if deadline, ok := ctx.Deadline(); ok {
		c.Timeout = time.Until(deadline) // not the library's 2s: the caller owns the deadline
	}
	r, _, err := c.ExchangeContext(ctx, m, server)
	if err == nil && r.Truncated {
		c.Net = "tcp"
		r, _, err = c.ExchangeContext(ctx, m, server)
	}
	return r, err
}

// txtValue is a TXT record's text as its owner wrote it. miekg/dns keeps it in zone
// file form (`\226\130\172` for "€", `\"` for a quote), which no expect_value matches
// and no one reads; the bytes it stands for may be anything, so they are shown only
// through sanitize.Text.
func txtValue(parts []string) string {
	var b strings.Builder
	for _, s := range parts {
		for i := 0; i < len(s); i++ {
			switch {
			case s[i] != '\\' || i+1 == len(s):
				b.WriteByte(s[i])
			case i+3 < len(s) && isDigits(s[i+1:i+4]):
				n, _ := strconv.Atoi(s[i+1 : i+4])
				b.WriteByte(byte(n))
				i += 3
			default:
				b.WriteByte(s[i+1])
				i++
			}
		}
	}
	return b.String()
}

func isDigits(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// systemLookup asks the operating system's resolver.
func systemLookup(ctx context.Context, r *net.Resolver, name, rtype string) ([]string, error) {
	var values []string
	switch rtype {
	case "A", "AAAA":
		network := map[string]string{"A": "ip4", "AAAA": "ip6"}[rtype]
		addrs, err := r.LookupNetIP(ctx, network, name)
		for _, a := range addrs {
			values = append(values, a.String())
		}
		return values, err
	case "CNAME":
		target, err := r.LookupCNAME(ctx, name)
		if err != nil || sameValue(target, name) { // a name without a CNAME is its own
			return nil, err
		}
		return []string{target}, nil
	case "MX":
		mxs, err := r.LookupMX(ctx, name)
		for _, mx := range mxs {
			values = append(values, mx.Host)
		}
		return values, err
	case "TXT":
		return r.LookupTXT(ctx, name)
	case "NS":
		nss, err := r.LookupNS(ctx, name)
		for _, ns := range nss {
			values = append(values, ns.Host)
		}
		return values, err
	}
	return nil, fmt.Errorf("unsupported record type %q", rtype)
}

// sameValue compares names the way DNS does: without case, trailing dot optional.
func sameValue(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(a, "."), strings.TrimSuffix(b, "."))
}

// mismatch says what was found instead of the expected value.
func mismatch(rtype, name string, values []string, want string) string {
	// The values are the server's words: a TXT record may be long and say anything.
	show := func(v string) string {
		if rtype == "TXT" {
			return fmt.Sprintf("%q", sanitize.Text(v))
		}
		return sanitize.Text(strings.TrimSuffix(v, "."))
	}
	shown := make([]string, 0, 3)
	for _, v := range values[:min(len(values), 3)] {
		shown = append(shown, show(v))
	}
	list := strings.Join(shown, ", ")
	if len(values) > 3 {
		list += ", …"
	}
	if len(values) == 1 {
		return fmt.Sprintf("%s record for %s is %s, want %s", rtype, name, list, show(want))
	}
	return fmt.Sprintf("%s records for %s are %s; want %s", rtype, name, list, show(want))
}
