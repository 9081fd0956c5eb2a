package probe

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// silentServer is a UDP port that reads nothing and answers nothing.
func silentServer(t *testing.T, addr string) (string, error) {
	pc, err := net.ListenPacket("udp", addr)
	if err != nil {
		return "", err
	}
	t.Cleanup(func() { pc.Close() })
	return pc.LocalAddr().String(), nil
}

func mustSilent(t *testing.T) string {
	addr, err := silentServer(t, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return addr
}

// TestDNSNextServer: when the first name server does not answer, the next one is
// asked within the check's timeout.
func TestDNSNextServer(t *testing.T) {
	working, silent, silent2 := dnsServer(t), mustSilent(t), mustSilent(t)
	cases := []struct {
		name    string
		servers []string
		timeout time.Duration
		values  string
		err     string
		maxTook time.Duration
	}{
		{"silent first, 2s", []string{silent, working}, 2 * time.Second, "192.0.2.1", "", 1200 * time.Millisecond},
		{"silent first, 300ms", []string{silent, working}, 300 * time.Millisecond, "192.0.2.1", "", 250 * time.Millisecond},
		{"two silent first, 3s", []string{silent, silent2, working}, 3 * time.Second, "192.0.2.1", "", 2200 * time.Millisecond},
		{"working first", []string{working, silent}, 2 * time.Second, "192.0.2.1", "", 100 * time.Millisecond},
		{"all silent", []string{silent, silent2}, 300 * time.Millisecond, "", "i/o timeout", 400 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			values, err := query(withTimeout(t, tc.timeout), tc.servers, "a.example", "A")
			took := time.Since(start)
			got := strings.Join(values, ",")
			if got != tc.values || (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
				t.Errorf("got %q, %v; want %q, %q", got, err, tc.values, tc.err)
			}
			if took > tc.maxTook {
				t.Errorf("took %v, want at most %v", took, tc.maxTook)
			}
		})
	}
}

// TestDNSResolvConfNextServer: the system's name servers from resolv.conf, the first
// silent. They share one port, so they are two loopback addresses.
func TestDNSResolvConfNextServer(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.2:0")
	if err != nil {
		t.Skip("127.0.0.2 is not a loopback address here:", err)
	}
	working := serveDNS(t, pc)
	_, port, _ := net.SplitHostPort(working)
	if _, err := silentServer(t, "127.0.0.1:"+port); err != nil {
		t.Skip("port taken on 127.0.0.1:", err)
	}
	conf := filepath.Join(t.TempDir(), "resolv.conf")
	if err := os.WriteFile(conf, []byte("nameserver 127.0.0.1\nnameserver 127.0.0.2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := &dnsProbe{resolvConf: conf, port: port}
	start := time.Now()
	res := p.check(withTimeout(t, 2*time.Second), config.Service{Target: "a.example", ExpectValue: "192.0.2.1"})
	if res.Status != status.Up {
		t.Errorf("got %v %q, want Up from the second name server", res.Status, res.Reason)
	}
	if took := time.Since(start); took > 1500*time.Millisecond {
		t.Errorf("took %v: the silent server had more than its share", took)
	}
}
