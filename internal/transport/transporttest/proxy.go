// Package transporttest has what the network tests need: a certificate authority made
// per test, and a forward proxy on 127.0.0.1 (CONNECT tunnels for https, plain
// forwarding for http) counting what it carries. The hosts given to New are
// resolved by the proxy alone (svc.example.test → 127.0.0.1:N), so a request for
// them reaches its server only through the proxy; Go never proxies 127.0.0.1 itself.
package transporttest

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
)

// Proxy is a running forward proxy.
type Proxy struct {
	URL *url.URL // http://127.0.0.1:N
	// Auth, when set, is the Proxy-Authorization the proxy wants ("Basic …"); a
	// request without it is answered 407.
	Auth string

	Connects atomic.Int64 // CONNECT tunnels opened
	Forwards atomic.Int64 // plain http requests carried
	Refused  atomic.Int64 // requests answered 407

	mu    sync.Mutex
	hosts map[string]string
	srv   *httptest.Server
}

// New starts a proxy that resolves the host:port keys of hosts to their values; it
// stops at the end of the test.
func New(t testing.TB, hosts map[string]string) *Proxy {
	p := &Proxy{hosts: hosts}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	p.URL, _ = url.Parse(p.srv.URL)
	return p
}

// Host is the proxy's host:port.
func (p *Proxy) Host() string { return p.URL.Host }

func (p *Proxy) resolve(hostport string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if a, ok := p.hosts[hostport]; ok {
		return a
	}
	return hostport
}

func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	if p.Auth != "" && r.Header.Get("Proxy-Authorization") != p.Auth {
		p.Refused.Add(1)
		w.Header().Set("Proxy-Authenticate", `Basic realm="test"`)
		w.WriteHeader(http.StatusProxyAuthRequired)
		return
	}
	if r.Method == http.MethodConnect {
		p.connect(w, r)
		return
	}
	p.Forwards.Add(1)
	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.Header.Del("Proxy-Authorization")
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, p.resolve(addr))
	}}
	defer tr.CloseIdleConnections()
	resp, err := tr.RoundTrip(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, vs := range resp.Header {
		w.Header()[k] = vs
	}
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}

func (p *Proxy) connect(w http.ResponseWriter, r *http.Request) {
	p.Connects.Add(1)
	up, err := net.Dial("tcp", p.resolve(r.Host))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		up.Close()
		return
	}
	io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n")
	if n := buf.Reader.Buffered(); n > 0 {
		b, _ := buf.Reader.Peek(n)
		up.Write(b)
	}
	go func() { io.Copy(up, conn); up.Close() }()
	io.Copy(conn, up)
	conn.Close()
}
