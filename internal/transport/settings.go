// Package transport turns the network settings of a check or a source (proxy, ca_file,
// cert_file, key_file) into HTTP transports and TLS configurations, and keeps one of
// each per distinct combination so keep-alive connections are reused from one check to
// the next.
//
// "system", the default proxy, is the operating system's setting: on Windows and macOS
// through go-ieproxy (PAC and WPAD included), on Linux the environment, then GNOME's
// org.gnome.system.proxy, then KDE's kioslaverc. It is read at most once per
// SystemTTL, never per request.
//
// A proxy that cannot be reached, or refuses the request, is reported as a
// *ProxyError: the reason names the proxy (never its credentials), not the service.
package transport

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/uptray/uptray/internal/redact"
)

// Proxy setting values besides a URL.
const (
	ProxySystem = "system" // the operating system's setting (the default)
	ProxyNone   = "none"   // connect directly
)

// Settings are how one check's or source's requests leave the machine. The zero
// Settings are the system proxy and the system's trusted roots.
type Settings struct {
	Proxy    string // "system" or "" (the OS's), "none", or a URL: http://user:pass@proxy:3128
	CAFile   string // PEM roots trusted on top of the system's
	CertFile string // client certificate (PEM) for mutual TLS; with KeyFile
	KeyFile  string // its private key (PEM)
}

// Or fills what s leaves unset from d (the [defaults]). The client certificate and its
// key go together: a service that names its own certificate does not take the
// defaults' key.
func (s Settings) Or(d Settings) Settings {
	if s.Proxy == "" {
		s.Proxy = d.Proxy
	}
	if s.CAFile == "" {
		s.CAFile = d.CAFile
	}
	if s.CertFile == "" && s.KeyFile == "" {
		s.CertFile, s.KeyFile = d.CertFile, d.KeyFile
	}
	return s
}

// ParseProxy reads a proxy setting: nil for "system" (or "") and for "none" (told
// apart by the caller), else the proxy's URL. Errors never quote a password.
func ParseProxy(s string) (*url.URL, error) {
	if s == "" || s == ProxySystem || s == ProxyNone {
		return nil, nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("%s is not \"system\", \"none\" or a proxy URL like http://proxy.example.com:3128", quoted(s))
	}
	switch u.Scheme {
	case "http", "https", "socks5", "socks5h":
	default:
		return nil, fmt.Errorf("%s: a proxy URL starts with http://, https:// or socks5://", quoted(s))
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" {
		return nil, fmt.Errorf("%s: a proxy URL is only a scheme, a host and a port (no path)", quoted(s))
	}
	return u, nil
}

func quoted(s string) string { return fmt.Sprintf("%q", redact.URL(s)) }

// LoadCA reads PEM certificates from path into pool (a copy of the system's when pool
// is nil). The file must hold at least one certificate.
func LoadCA(path string, pool *x509.CertPool) (*x509.CertPool, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	if pool == nil {
		if pool, err = x509.SystemCertPool(); err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
	} else {
		pool = pool.Clone()
	}
	n := 0
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: certificate %d cannot be read: %v", path, n+1, strings.TrimPrefix(err.Error(), "x509: "))
		}
		pool.AddCert(c)
		n++
	}
	if n == 0 {
		return nil, fmt.Errorf("%s holds no PEM certificate (-----BEGIN CERTIFICATE-----)", path)
	}
	return pool, nil
}

// LoadKeyPair reads a client certificate and its key. Both paths or neither: the
// error names the field that is missing or wrong ("key_file: …").
func LoadKeyPair(certFile, keyFile string) (*tls.Certificate, error) {
	switch {
	case certFile == "" && keyFile == "":
		return nil, nil
	case keyFile == "":
		return nil, FieldError{"key_file", errors.New("is missing: cert_file needs its private key")}
	case certFile == "":
		return nil, FieldError{"cert_file", errors.New("is missing: key_file needs its certificate")}
	}
	certPEM, err := readFile(certFile)
	if err != nil {
		return nil, FieldError{"cert_file", err}
	}
	keyPEM, err := readFile(keyFile)
	if err != nil {
		return nil, FieldError{"key_file", err}
	}
	if b, _ := pem.Decode(certPEM); b == nil || b.Type != "CERTIFICATE" {
		return nil, FieldError{"cert_file", fmt.Errorf("%s holds no PEM certificate (-----BEGIN CERTIFICATE-----)", certFile)}
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		// The message says which part is wrong; the key's bytes are never in it.
		field := "key_file"
		if strings.Contains(err.Error(), "certificate") && !strings.Contains(err.Error(), "private key") {
			field = "cert_file"
		}
		return nil, FieldError{field, fmt.Errorf("%s and %s do not make a key pair: %s", certFile, keyFile, strings.TrimPrefix(err.Error(), "tls: "))}
	}
	return &pair, nil
}

// FieldError is a problem with one of the settings: Field is its key ("ca_file").
type FieldError struct {
	Field string
	Err   error
}

func (e FieldError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e FieldError) Unwrap() error { return e.Err }

// readFile reads a settings file, saying what is wrong with its path in words.
func readFile(path string) ([]byte, error) {
	if !filepath.IsAbs(path) {
		return nil, fmt.Errorf("%s is not an absolute path", path)
	}
	data, err := os.ReadFile(path)
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s does not exist", path)
	case errors.As(err, &pe):
		return nil, fmt.Errorf("%s cannot be read: %v", path, pe.Err)
	case err != nil:
		return nil, fmt.Errorf("%s cannot be read: %v", path, err)
	}
	return data, nil
}
