package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uptray/uptray/internal/transport"
	"github.com/uptray/uptray/internal/transport/transporttest"
)

func TestNetworkSettingsDecodeAndInherit(t *testing.T) {
	ca := transporttest.NewCA(t)
	_, laptopCert, laptopKey := ca.Leaf(t, "laptop.example.test")
	_, wikiCert, wikiKey := ca.Leaf(t, "wiki.example.test")
	c, err := Parse([]byte(strings.NewReplacer("CA", ca.File, "LC", laptopCert, "LK", laptopKey, "WC", wikiCert, "WK", wikiKey).Replace(`
[defaults]
proxy = "http://proxy.corp.example:3128"
ca_file = 'CA'
cert_file = 'LC'
key_file = 'LK'

[[services]]
name = "Intranet"
kind = "http"
target = "https://intranet.example/"

[[services]]
name = "Wiki"
kind = "http"
target = "https://wiki.example/"
proxy = "none"
cert_file = 'WC'
key_file = 'WK'

[[sources]]
name = "Ops"
kind = "gatus"
url = "https://gatus.example/"
proxy = "system"
`)))
	if err != nil {
		t.Fatal(err)
	}
	want := transport.Settings{Proxy: "http://proxy.corp.example:3128", CAFile: ca.File, CertFile: laptopCert, KeyFile: laptopKey}
	if got := c.SpecFor(c.Services[0]).Network(); got != want {
		t.Errorf("inherited %+v, want %+v", got, want)
	}
	// Its own proxy and its own certificate with its own key; the defaults' ca_file.
	want = transport.Settings{Proxy: "none", CAFile: ca.File, CertFile: wikiCert, KeyFile: wikiKey}
	if got := c.SpecFor(c.Services[1]).Network(); got != want {
		t.Errorf("own settings %+v, want %+v", got, want)
	}
	if got := c.SourceFor(c.Sources[0]); got.Proxy != "system" || got.CAFile != ca.File {
		t.Errorf("source %+v: want its own proxy and the defaults' ca_file", got.Network())
	}
	if c.Services[0].Proxy != "" {
		t.Error("SpecFor changed the configuration's service")
	}
}

func TestNetworkSettingsValidation(t *testing.T) {
	ca := transporttest.NewCA(t)
	_, certFile, keyFile := ca.Leaf(t, "laptop.example.test")
	_, otherCert, _ := ca.Leaf(t, "other.example.test")
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "root.der")
	os.WriteFile(notPEM, []byte("not a certificate"), 0o600)
	missing := filepath.Join(dir, "missing.pem")

	good := Service{Name: "S", Kind: "http", Target: "https://s.example/"}
	tests := []struct {
		name  string
		set   func(*Service)
		field string
		msg   string // part of the message
	}{
		{"good", func(s *Service) {
			s.Proxy, s.CAFile, s.CertFile, s.KeyFile = "http://p.example:3128", ca.File, certFile, keyFile
		}, "", ""},
		{"system", func(s *Service) { s.Proxy = "system" }, "", ""},
		{"ca_file missing", func(s *Service) { s.CAFile = missing }, "ca_file", missing + " does not exist"},
		{"ca_file not PEM", func(s *Service) { s.CAFile = notPEM }, "ca_file", notPEM + " holds no PEM certificate"},
		{"ca_file relative", func(s *Service) { s.CAFile = "certs/root.pem" }, "ca_file", "certs/root.pem is not an absolute path"},
		{"ca_file a key", func(s *Service) { s.CAFile = keyFile }, "ca_file", "holds no PEM certificate"},
		{"cert without key", func(s *Service) { s.CertFile = certFile }, "key_file", "is missing: cert_file needs its private key"},
		{"key without cert", func(s *Service) { s.KeyFile = keyFile }, "cert_file", "is missing: key_file needs its certificate"},
		{"cert not PEM", func(s *Service) { s.CertFile, s.KeyFile = notPEM, keyFile }, "cert_file", "holds no PEM certificate"},
		{"key of another cert", func(s *Service) { s.CertFile, s.KeyFile = otherCert, keyFile }, "key_file", "do not make a key pair"},
		{"key missing", func(s *Service) { s.CertFile, s.KeyFile = certFile, missing }, "key_file", missing + " does not exist"},
		{"proxy not a URL", func(s *Service) { s.Proxy = "proxy.corp" }, "proxy", `"proxy.corp" is not "system", "none" or a proxy URL`},
		{"proxy with path", func(s *Service) { s.Proxy = "http://p.example:3128/x" }, "proxy", "no path"},
		{"proxy on tcp", func(s *Service) { s.Kind, s.Target, s.Proxy = "tcp", "s.example:993", "none" }, "proxy", "applies only to web checks, not tcp: tcp checks connect directly"},
		{"proxy on tls", func(s *Service) { s.Kind, s.Target, s.Proxy = "tls", "s.example:993", "none" }, "proxy", "not tls"},
		{"ca_file on tls", func(s *Service) { s.Kind, s.Target, s.CAFile = "tls", "s.example:993", ca.File }, "", ""},
		{"ca_file on dns", func(s *Service) { s.Kind, s.Target, s.CAFile = "dns", "s.example", ca.File }, "ca_file", "applies only to web and tls checks, not dns"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := good
			tc.set(&s)
			err := (&Config{Services: []Service{s}}).Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var es Errors
			if !errors.As(err, &es) || len(es) != 1 {
				t.Fatalf("Validate() = %v, want one error", err)
			}
			if e := es[0]; e.Field != tc.field || e.Service != 1 || !strings.Contains(e.Msg, tc.msg) {
				t.Errorf("got %s (field %q), want field %q saying %q", e, e.Field, tc.field, tc.msg)
			}
		})
	}
}

// The defaults and sources name their own bad files.
func TestNetworkSettingsValidationWhere(t *testing.T) {
	c := &Config{
		Defaults: Defaults{CAFile: "/nonexistent/root.pem"},
		Sources:  []Source{{Name: "Ops", Kind: "gatus", URL: "https://gatus.example/", CertFile: "/nonexistent/me.pem"}},
	}
	err := c.Validate()
	var es Errors
	if !errors.As(err, &es) || len(es) != 2 {
		t.Fatalf("Validate() = %v, want two errors", err)
	}
	if e := es[0]; e.Where != "defaults" || e.Field != "ca_file" || !strings.Contains(e.Msg, "/nonexistent/root.pem") {
		t.Errorf("first error %s, want defaults: ca_file naming the file", e)
	}
	if e := es[1]; e.Source != 1 || e.Field != "key_file" {
		t.Errorf("second error %s, want the source's key_file (cert_file needs it)", e)
	}
}

// The user's file overrides the machine-wide [defaults] where it sets a value; the
// certificate and its key as one.
func TestNetworkDefaultsMerge(t *testing.T) {
	machine := &Config{Defaults: Defaults{Proxy: "http://proxy.corp:3128", CAFile: "/etc/corp.pem", CertFile: "/etc/m.pem", KeyFile: "/etc/m.key"}}
	user := &Config{Defaults: Defaults{CAFile: "/home/me/extra.pem", CertFile: "/home/me/me.pem", KeyFile: "/home/me/me.key"}}
	want := transport.Settings{Proxy: "http://proxy.corp:3128", CAFile: "/home/me/extra.pem", CertFile: "/home/me/me.pem", KeyFile: "/home/me/me.key"}
	if got := Merge(machine, user).Defaults.Network(); got != want {
		t.Errorf("merged %+v, want %+v", got, want)
	}
	if got := Merge(machine, &Config{}).Defaults.Network(); got != machine.Defaults.Network() {
		t.Errorf("merged with an empty user file: %+v", got)
	}
}
