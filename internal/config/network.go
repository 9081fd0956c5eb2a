package config

import (
	"crypto/x509"
	"errors"
	"slices"

	"github.com/uptray/uptray/internal/transport"
)

// Network settings: proxy, ca_file, cert_file and key_file, in [defaults], in a
// service and in a source. What a service or source leaves unset comes from
// [defaults] (SpecFor, SourceFor); package transport turns them into transports.

// netKeys are the keys of the network settings, in the file's order.
var netKeys = []string{"proxy", "ca_file", "cert_file", "key_file"}

// directKinds connect by themselves, not through HTTP: no proxy. Of the certificate
// settings only tls uses any (its handshake verifies with ca_file, and presents the
// client certificate); tcp, dns and ping use none.
var directKinds = []string{"tcp", "dns", "ping", "tls"}

// NetworkKeys are the network settings a kind of check uses: all four for web checks
// (and for kind "", [defaults] and sources), the certificate ones for tls, none for
// tcp, dns and ping. The editor shows only these.
func NetworkKeys(kind string) []string {
	switch {
	case kind == "tls":
		return slices.Clone(netKeys[1:])
	case slices.Contains(directKinds, kind):
		return nil
	}
	return slices.Clone(netKeys)
}

// Network returns the defaults' network settings.
func (d Defaults) Network() transport.Settings {
	return transport.Settings{Proxy: d.Proxy, CAFile: d.CAFile, CertFile: d.CertFile, KeyFile: d.KeyFile}
}

// setNetwork stores n in the defaults.
func (d *Defaults) setNetwork(n transport.Settings) {
	d.Proxy, d.CAFile, d.CertFile, d.KeyFile = n.Proxy, n.CAFile, n.CertFile, n.KeyFile
}

// Network returns the service's own network settings (SpecFor resolves them).
func (s Service) Network() transport.Settings {
	return transport.Settings{Proxy: s.Proxy, CAFile: s.CAFile, CertFile: s.CertFile, KeyFile: s.KeyFile}
}

// SetNetwork stores n in the service.
func (s *Service) SetNetwork(n transport.Settings) {
	s.Proxy, s.CAFile, s.CertFile, s.KeyFile = n.Proxy, n.CAFile, n.CertFile, n.KeyFile
}

// Network returns the source's own network settings (SourceFor resolves them).
func (s Source) Network() transport.Settings {
	return transport.Settings{Proxy: s.Proxy, CAFile: s.CAFile, CertFile: s.CertFile, KeyFile: s.KeyFile}
}

// SourceFor resolves a source's network settings against the defaults: what the engine
// reads the source with.
func (c *Config) SourceFor(s Source) Source {
	n := s.Network().Or(c.Defaults.Network())
	s.Proxy, s.CAFile, s.CertFile, s.KeyFile = n.Proxy, n.CAFile, n.CertFile, n.KeyFile
	return s
}

// checkNetwork reports what is wrong with network settings: a proxy that is not
// "system", "none" or a URL; a ca_file, cert_file or key_file that cannot be read or
// holds no PEM certificate or key; a certificate without its key; and settings a kind
// does not use (kind "": [defaults] or a source, which use them all). The files are
// read now, so a bad one is reported where it is written, not at the first check.
func checkNetwork(l *errorList, n transport.Settings, kind string) {
	direct := slices.Contains(directKinds, kind)
	if n.Proxy != "" {
		if direct {
			l.add("proxy", "applies only to web checks, not %s: %s checks connect directly", kind, kind)
		} else if _, err := transport.ParseProxy(n.Proxy); err != nil {
			l.add("proxy", "%v", err)
		}
	}
	if kind != "" && direct && kind != "tls" {
		for _, key := range netKeys[1:] {
			if netSetting(n, key) != "" {
				l.add(key, "applies only to web and tls checks, not %s", kind)
			}
		}
		return
	}
	if n.CAFile != "" {
		if _, err := transport.LoadCA(n.CAFile, x509.NewCertPool()); err != nil {
			l.add("ca_file", "%v", err)
		}
	}
	if _, err := transport.LoadKeyPair(n.CertFile, n.KeyFile); err != nil {
		var fe transport.FieldError
		if errors.As(err, &fe) {
			l.add(fe.Field, "%v", fe.Err)
		} else {
			l.add("cert_file", "%v", err)
		}
	}
}

// netSetting is one network setting by key, for messages.
func netSetting(n transport.Settings, key string) string {
	switch key {
	case "proxy":
		return n.Proxy
	case "ca_file":
		return n.CAFile
	case "cert_file":
		return n.CertFile
	case "key_file":
		return n.KeyFile
	}
	return ""
}
