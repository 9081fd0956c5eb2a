package probe

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// zone is what the test server knows, by question "name. TYPE".
var zone = map[string][]string{
	"a.example. A":       {"a.example. 60 IN A 192.0.2.1"},
	"two.example. A":     {"two.example. 60 IN A 192.0.2.1", "two.example. 60 IN A 192.0.2.2"},
	"alias.example. A":   {"alias.example. 60 IN CNAME a.example.", "a.example. 60 IN A 192.0.2.1"},
	"a.example. AAAA":    {"a.example. 60 IN AAAA 2001:db8::1"},
	"mx.example. MX":     {"mx.example. 60 IN MX 10 mail.example."},
	"txt.example. TXT":   {`txt.example. 60 IN TXT "v=spf1 " "-all"`},
	"ns.example. NS":     {"ns.example. 60 IN NS ns1.example."},
	"www.example. CNAME": {"www.example. 60 IN CNAME a.example."},
	"empty.example. A":   {},
	"utf8.example. TXT":  {`utf8.example. 60 IN TXT "price \226\130\172 \"5\""`},
	// ESC [2J and U+202E (a bidi override) in a TXT record, as the server sends them.
	"evil.example. TXT": {`evil.example. 60 IN TXT "\027[2J\226\128\174evil"`},
}

// dnsServer answers from zone on a loopback UDP port: NXDOMAIN for names it does not
// know, SERVFAIL for fail.example.
func dnsServer(t *testing.T) string {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return serveDNS(t, pc)
}

// serveDNS answers from zone on pc (see dnsServer) and returns its address.
func serveDNS(t *testing.T, pc net.PacketConn) string {
	handler := dns.HandlerFunc(func(w dns.ResponseWriter, req *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(req)
		q := req.Question[0]
		answers := zone[q.Name+" "+dns.TypeToString[q.Qtype]]
		known := false
		for key := range zone {
			known = known || strings.HasPrefix(key, q.Name+" ")
		}
		switch {
		case q.Name == "fail.example.":
			m.Rcode = dns.RcodeServerFailure
		case !known:
			m.Rcode = dns.RcodeNameError
		}
		for _, a := range answers {
			rr, err := dns.NewRR(a)
			if err != nil {
				t.Errorf("zone: %v", err)
			}
			m.Answer = append(m.Answer, rr)
		}
		w.WriteMsg(m)
	})
	started := make(chan struct{})
	srv := &dns.Server{PacketConn: pc, Handler: handler, NotifyStartedFunc: func() { close(started) }}
	go srv.ActivateAndServe()
	<-started
	t.Cleanup(func() { srv.Shutdown() })
	return pc.LocalAddr().String()
}

func TestDNS(t *testing.T) {
	server := dnsServer(t)
	silent, err := net.ListenPacket("udp", "127.0.0.1:0") // reads nothing, answers nothing
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { silent.Close() })
	closed, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := closed.LocalAddr().String()
	closed.Close()

	cases := []struct {
		name     string
		svc      config.Service
		want     status.Status
		reason   string
		resolver string // default: the test server
	}{
		{name: "A", svc: config.Service{Target: "a.example"}, want: status.Up},
		{name: "A, trailing dot", svc: config.Service{Target: "a.example.", RecordType: "A"}, want: status.Up},
		{name: "A through a CNAME", svc: config.Service{Target: "alias.example", ExpectValue: "192.0.2.1"}, want: status.Up},
		{name: "AAAA", svc: config.Service{Target: "a.example", RecordType: "AAAA", ExpectValue: "2001:db8::1"}, want: status.Up},
		{name: "MX", svc: config.Service{Target: "mx.example", RecordType: "MX", ExpectValue: "MAIL.example."}, want: status.Up},
		{name: "TXT", svc: config.Service{Target: "txt.example", RecordType: "txt", ExpectValue: "v=spf1 -all"}, want: status.Up},
		{name: "NS", svc: config.Service{Target: "ns.example", RecordType: "NS", ExpectValue: "ns1.example"}, want: status.Up},
		{name: "CNAME", svc: config.Service{Target: "www.example", RecordType: "CNAME", ExpectValue: "a.example"}, want: status.Up},
		{name: "expect_value among several", svc: config.Service{Target: "two.example", ExpectValue: "192.0.2.2"}, want: status.Up},
		{name: "expect_value mismatch", svc: config.Service{Target: "a.example", ExpectValue: "192.0.2.9"},
			want: status.Down, reason: "A record for a.example is 192.0.2.1, want 192.0.2.9"},
		{name: "expect_value mismatch, several", svc: config.Service{Target: "two.example", ExpectValue: "192.0.2.9"},
			want: status.Down, reason: "A records for two.example are 192.0.2.1, 192.0.2.2; want 192.0.2.9"},
		{name: "TXT mismatch", svc: config.Service{Target: "txt.example", RecordType: "TXT", ExpectValue: "v=spf1 +all"},
			want: status.Down, reason: `TXT record for txt.example is "v=spf1 -all", want "v=spf1 +all"`},
		{name: "TXT with UTF-8 and quotes", svc: config.Service{Target: "utf8.example", RecordType: "TXT", ExpectValue: `price € "5"`}, want: status.Up},
		{name: "TXT with terminal escapes and bidi", svc: config.Service{Target: "evil.example", RecordType: "TXT", ExpectValue: "ok"},
			want: status.Down, reason: `TXT record for evil.example is "[2Jevil", want "ok"`},
		{name: "empty answer", svc: config.Service{Target: "empty.example"},
			want: status.Down, reason: "no A record for empty.example"},
		{name: "no MX", svc: config.Service{Target: "a.example", RecordType: "MX"},
			want: status.Down, reason: "no MX record for a.example"},
		{name: "NXDOMAIN", svc: config.Service{Target: "nope.example"},
			want: status.Down, reason: "DNS: nope.example does not exist (NXDOMAIN)"},
		{name: "SERVFAIL", svc: config.Service{Target: "fail.example"},
			want: status.Down, reason: "DNS: server answered SERVFAIL for fail.example"},
		{name: "unsupported type", svc: config.Service{Target: "a.example", RecordType: "SRV"},
			want: status.Unknown, reason: `unsupported record type "SRV"`},
		{name: "resolver silent", svc: config.Service{Target: "a.example"}, resolver: silent.LocalAddr().String(),
			want: status.Down, reason: "timed out after 300ms"},
		{name: "resolver closed", svc: config.Service{Target: "a.example"}, resolver: closedAddr,
			want: status.Down, reason: "DNS server " + closedAddr + ": read: connection refused"},
	}
	p := newDNSProbe()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.svc.Resolver = server
			if tc.resolver != "" {
				tc.svc.Resolver = tc.resolver
			}
			start := time.Now()
			res := p.check(withTimeout(t, 300*time.Millisecond), tc.svc)
			if res.Status != tc.want || res.Reason != tc.reason {
				t.Errorf("got %v %q, want %v %q", res.Status, res.Reason, tc.want, tc.reason)
			}
			if elapsed := time.Since(start); elapsed > 500*time.Millisecond {
				t.Errorf("took %v, past the deadline", elapsed)
			}
		})
	}
}

// TestDNSSystemResolver covers machines without resolv.conf, where the operating
// system's resolver is asked (here a Go resolver sent to the test server).
func TestDNSSystemResolver(t *testing.T) {
	server := dnsServer(t)
	p := &dnsProbe{
		resolvConf: "testdata/no-such-resolv.conf",
		system: &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "udp", server)
		}},
	}
	cases := []struct {
		name   string
		svc    config.Service
		want   status.Status
		reason string
	}{
		{name: "A", svc: config.Service{Target: "a.example", ExpectValue: "192.0.2.1"}, want: status.Up},
		{name: "MX", svc: config.Service{Target: "mx.example", RecordType: "MX", ExpectValue: "mail.example"}, want: status.Up},
		{name: "TXT", svc: config.Service{Target: "txt.example", RecordType: "TXT", ExpectValue: "v=spf1 -all"}, want: status.Up},
		{name: "mismatch", svc: config.Service{Target: "a.example", ExpectValue: "192.0.2.9"},
			want: status.Down, reason: "A record for a.example is 192.0.2.1, want 192.0.2.9"},
		{name: "NXDOMAIN", svc: config.Service{Target: "nope.example"},
			want: status.Down, reason: "DNS: no such host nope.example"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := p.check(withTimeout(t, 2*time.Second), tc.svc)
			if res.Status != tc.want || res.Reason != tc.reason {
				t.Errorf("got %v %q, want %v %q", res.Status, res.Reason, tc.want, tc.reason)
			}
		})
	}
}
