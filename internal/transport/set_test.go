package transport

import (
	"crypto/x509"
	"net/http"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/transport/transporttest"
)

// The system setting is read once per SystemTTL, not per request: on Linux reading it
// starts gsettings.
func TestSystemSettingIsCached(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	reads := 0
	set := New(Options{
		System:    func() (ProxyFunc, error) { reads++; return Direct, nil },
		SystemTTL: 30 * time.Second,
		Now:       func() time.Time { return now },
	})
	b := set.RoundTripper(Settings{}, false).(*blaming)
	req, _ := http.NewRequest(http.MethodGet, "https://svc.example.test/", nil)
	for range 10 {
		b.proxy(req)
	}
	if reads != 1 {
		t.Fatalf("%d reads for 10 requests, want 1", reads)
	}
	now = now.Add(29 * time.Second)
	b.proxy(req)
	now = now.Add(time.Second)
	b.proxy(req)
	if reads != 2 {
		t.Errorf("%d reads after the TTL, want 2", reads)
	}
}

// One transport per distinct settings: the same settings get the same transport (its
// idle connections), other settings another.
func TestTransportsAreKeptPerSettings(t *testing.T) {
	set := New(Options{System: func() (ProxyFunc, error) { return Direct, nil }})
	a := set.RoundTripper(Settings{Proxy: "http://p.example:3128"}, false)
	if set.RoundTripper(Settings{Proxy: "http://p.example:3128"}, false) != a {
		t.Error("the same settings got a new transport")
	}
	if set.RoundTripper(Settings{Proxy: "none"}, false) == a || set.RoundTripper(Settings{Proxy: "http://p.example:3128"}, true) == a {
		t.Error("other settings got the same transport")
	}
	if set.RoundTripper(Settings{}, false) != set.RoundTripper(Settings{Proxy: "system"}, false) {
		t.Error(`"" and "system" are not the same setting`)
	}
}

func TestProxyErrorNeverShowsCredentials(t *testing.T) {
	set := New(Options{})
	u, _ := url.Parse("http://bob:s3cret@127.0.0.1:1")
	rt := set.RoundTripper(Settings{Proxy: u.String()}, false)
	req, _ := http.NewRequest(http.MethodGet, "http://svc.example.test/", nil)
	_, err := rt.RoundTrip(req)
	if err == nil || err.Error() != "proxy 127.0.0.1:1 refused the connection" {
		t.Errorf("error %v, want the proxy's host and port only", err)
	}
}

// A renewed file is taken within a TTL: the transport is built again; an unchanged one
// keeps its transport.
func TestRenewedFilesAreTaken(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	set := New(Options{System: func() (ProxyFunc, error) { return Direct, nil }, Now: func() time.Time { return now }})
	ca := transporttest.NewCA(t)
	s := Settings{CAFile: ca.File}
	a := set.RoundTripper(s, false)
	now = now.Add(time.Minute)
	if set.RoundTripper(s, false) != a {
		t.Fatal("an unchanged ca_file got a new transport")
	}
	other := transporttest.NewCA(t)
	data, _ := os.ReadFile(other.File)
	os.WriteFile(ca.File, data, 0o600)
	os.Chtimes(ca.File, now, now.Add(time.Hour))
	if set.RoundTripper(s, false) != a {
		t.Fatal("the file was looked at again before the TTL")
	}
	now = now.Add(time.Minute)
	cfg, err := set.TLSConfig(s)
	if set.RoundTripper(s, false) == a || err != nil || !cfg.RootCAs.Equal(mustLoad(t, other.File)) {
		t.Error("a renewed ca_file was not taken")
	}
}

func mustLoad(t *testing.T, path string) *x509.CertPool {
	pool, err := LoadCA(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return pool
}
