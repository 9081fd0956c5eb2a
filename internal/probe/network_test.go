package probe

import (
	"bytes"
	"encoding/base64"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/transport/transporttest"
)

// The proxy and certificate settings, end to end through Registry.Check: real servers
// and a real forward proxy on loopback. The services are named svc.example.test,
// which only the proxy resolves.

const rssQuiet = `<?xml version="1.0"?><rss version="2.0"><channel><title>s</title></channel></rss>`

func answer(body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, body) })
}

// viaProxy starts an http and an https server (the latter with a certificate of ca),
// and a proxy that alone knows them as svc.example.test; it returns their URLs.
func viaProxy(t *testing.T, ca *transporttest.CA, clients *transporttest.CA) (px *transporttest.Proxy, plainURL, secureURL string) {
	plain := httptest.NewServer(answer(rssQuiet))
	t.Cleanup(plain.Close)
	secure := ca.Server(t, answer(rssQuiet), clients)
	name := func(s *httptest.Server) string {
		_, port, _ := net.SplitHostPort(s.Listener.Addr().String())
		return "svc.example.test:" + port
	}
	px = transporttest.New(t, map[string]string{name(plain): plain.Listener.Addr().String(), name(secure): secure.Listener.Addr().String()})
	return px, "http://" + name(plain) + "/", "https://" + name(secure) + "/"
}

// logBuffer collects a registry's log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }

func TestProxyFromConfig(t *testing.T) {
	ca := transporttest.NewCA(t)
	px, plainURL, secureURL := viaProxy(t, ca, nil)
	reg := NewRegistry(Options{})
	proxy := px.URL.String()
	for range 3 {
		for _, svc := range []config.Service{
			{Name: "plain", Kind: "http", Target: plainURL, Proxy: proxy},
			{Name: "secure", Kind: "http", Target: secureURL, Proxy: proxy, CAFile: ca.File},
			{Name: "feed", Kind: "feed", Target: secureURL, Proxy: proxy, CAFile: ca.File},
		} {
			if res := reg.Check(withTimeout(t, 5*time.Second), svc); res.Status != status.Up {
				t.Fatalf("%s: %v %q, want Up through the proxy", svc.Name, res.Status, res.Reason)
			}
		}
	}
	if n := px.Forwards.Load(); n != 3 {
		t.Errorf("proxy forwarded %d plain requests, want 3", n)
	}
	// One tunnel for the six https requests: the transport of these settings is kept,
	// and so is its connection.
	if n := px.Connects.Load(); n != 1 {
		t.Errorf("proxy opened %d tunnels for 6 https requests, want 1 (keep-alive)", n)
	}
}

func TestDeadProxyIsTheProxysFault(t *testing.T) {
	dead := closedAddr(t)
	reg := NewRegistry(Options{})
	for _, target := range []string{"http://svc.example.test/", "https://svc.example.test/"} {
		for _, kind := range []string{"http", "statuspage"} {
			res := reg.Check(withTimeout(t, 5*time.Second), config.Service{Kind: kind, Target: target, Proxy: "http://" + dead})
			want := "proxy " + dead + " refused the connection"
			if kind == "statuspage" {
				want = "status page unreachable: " + want
			}
			if res.Reason != want {
				t.Errorf("%s %s: reason %q, want %q", kind, target, res.Reason, want)
			}
		}
	}
}

// A proxy that takes the connection and never answers did not answer: the check's
// timeout is spent at the proxy, not at the service.
func TestSilentProxy(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		var held []net.Conn
		for {
			c, err := l.Accept()
			if err != nil {
				for _, c := range held {
					c.Close()
				}
				return
			}
			held = append(held, c)
		}
	}()
	res := NewRegistry(Options{}).Check(withTimeout(t, 300*time.Millisecond),
		config.Service{Kind: "http", Target: "https://svc.example.test/", Proxy: "http://" + l.Addr().String()})
	if want := "proxy " + l.Addr().String() + " did not answer (timed out after 300ms)"; res.Reason != want {
		t.Errorf("reason %q, want %q", res.Reason, want)
	}
}

func TestProxyAuthentication(t *testing.T) {
	ca := transporttest.NewCA(t)
	px, plainURL, secureURL := viaProxy(t, ca, nil)
	px.Auth = "Basic " + base64.StdEncoding.EncodeToString([]byte("bob:right-pw"))
	var logs logBuffer
	reg := NewRegistry(Options{Log: logs.logger()})
	wrong := "http://bob:wr0ng-s3cret@" + px.Host()
	for _, target := range []string{plainURL, secureURL} {
		res := reg.Check(withTimeout(t, 5*time.Second), config.Service{Kind: "http", Target: target, Proxy: wrong, CAFile: ca.File})
		if want := "proxy " + px.Host() + " answered 407 Proxy Authentication Required"; res.Reason != want {
			t.Errorf("%s: reason %q, want %q", target, res.Reason, want)
		}
		res = reg.Check(withTimeout(t, 5*time.Second), config.Service{Kind: "http", Target: target, Proxy: "http://bob:right-pw@" + px.Host(), CAFile: ca.File})
		if res.Status != status.Up {
			t.Errorf("%s with the proxy's password: %v %q, want Up", target, res.Status, res.Reason)
		}
	}
	if px.Refused.Load() != 2 {
		t.Errorf("proxy refused %d requests, want 2", px.Refused.Load())
	}
	if strings.Contains(logs.String(), "s3cret") || strings.Contains(logs.String(), "right-pw") {
		t.Errorf("a proxy password is in the log:\n%s", logs.String())
	}
	// The validation error of a broken proxy URL masks its password too.
	cfg := &config.Config{Services: []config.Service{{Name: "x", Kind: "http", Target: "https://x.example/", Proxy: "ftp://bob:wr0ng-s3cret@proxy:21"}}}
	err := cfg.Validate()
	if err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "proxy: ") {
		t.Errorf("Validate() = %v, want a proxy error without the password", err)
	}
}

func TestCAFile(t *testing.T) {
	ca := transporttest.NewCA(t)
	srv := ca.Server(t, answer("OK"), nil)
	reg := NewRegistry(Options{})
	addr := srv.Listener.Addr().String()
	for _, svc := range []config.Service{
		{Kind: "http", Target: srv.URL},
		{Kind: "tls", Target: addr},
	} {
		res := reg.Check(withTimeout(t, 5*time.Second), svc)
		if res.Status != status.Down || !strings.Contains(res.Reason, "unknown authority") {
			t.Errorf("%s without ca_file: %v %q, want Down by unknown authority", svc.Kind, res.Status, res.Reason)
		}
		svc.CAFile = ca.File
		if res := reg.Check(withTimeout(t, 5*time.Second), svc); res.Status != status.Up {
			t.Errorf("%s with ca_file: %v %q, want Up", svc.Kind, res.Status, res.Reason)
		}
	}
}

func TestClientCertificate(t *testing.T) {
	ca, clients := transporttest.NewCA(t), transporttest.NewCA(t)
	srv := ca.Server(t, answer("OK"), clients)
	_, certFile, keyFile := clients.Leaf(t, "laptop.example.test")
	reg := NewRegistry(Options{})
	svc := config.Service{Kind: "http", Target: srv.URL, CAFile: ca.File}
	if res := reg.Check(withTimeout(t, 5*time.Second), svc); res.Status != status.Down || !strings.Contains(res.Reason, "TLS") {
		t.Errorf("without a client certificate: %v %q, want Down by TLS", res.Status, res.Reason)
	} else {
		t.Logf("without a client certificate: %q", res.Reason)
	}
	svc.CertFile, svc.KeyFile = certFile, keyFile
	if res := reg.Check(withTimeout(t, 5*time.Second), svc); res.Status != status.Up {
		t.Errorf("with cert_file and key_file: %v %q, want Up", res.Status, res.Reason)
	}
	tlsSvc := config.Service{Kind: "tls", Target: srv.Listener.Addr().String(), CAFile: ca.File, CertFile: certFile, KeyFile: keyFile}
	if res := reg.Check(withTimeout(t, 5*time.Second), tlsSvc); res.Status != status.Up {
		t.Errorf("tls with cert_file and key_file: %v %q, want Up", res.Status, res.Reason)
	}
}

// tcp checks connect directly, whatever the proxy setting ([defaults] may set one for
// all services): the proxy sees nothing.
func TestDirectKindsIgnoreTheProxy(t *testing.T) {
	ca := transporttest.NewCA(t)
	px, _, _ := viaProxy(t, ca, nil)
	srv := httptest.NewServer(answer("OK"))
	t.Cleanup(srv.Close)
	res := NewRegistry(Options{}).Check(withTimeout(t, 5*time.Second),
		config.Service{Kind: "tcp", Target: srv.Listener.Addr().String(), Proxy: px.URL.String()})
	if res.Status != status.Up || px.Connects.Load()+px.Forwards.Load() != 0 {
		t.Errorf("tcp: %v %q, proxy saw %d requests; want Up, direct", res.Status, res.Reason, px.Connects.Load()+px.Forwards.Load())
	}
}

// A file that went missing after validation fails the check with the field's words,
// not a panic or a silent fallback to the system's roots.
func TestMissingFileAtCheckTime(t *testing.T) {
	missing := t.TempDir() + "/gone.pem"
	reg := NewRegistry(Options{})
	for _, kind := range []string{"http", "tls"} {
		target := "https://svc.example.test/"
		if kind == "tls" {
			target = "svc.example.test:443"
		}
		res := reg.Check(withTimeout(t, 5*time.Second), config.Service{Kind: kind, Target: target, CAFile: missing})
		if want := "ca_file: " + missing + " does not exist"; res.Reason != want || res.Status == status.Up {
			t.Errorf("%s: %v %q, want %q", kind, res.Status, res.Reason, want)
		}
	}
}
