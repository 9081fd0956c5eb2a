package source

import (
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/probe"
	"github.com/uptray/uptray/internal/transport/transporttest"
)

// A source is read with its own proxy and certificates, through the registry's shared
// client: a Gatus on https with a company CA and client certificates, reached only
// through a forward proxy.
func TestSourceThroughProxyWithCertificates(t *testing.T) {
	ca, clients := transporttest.NewCA(t), transporttest.NewCA(t)
	_, certFile, keyFile := clients.Leaf(t, "laptop.example.test")
	srv := ca.Server(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/endpoints/statuses" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, `[{"name":"API","group":"core","results":[{"success":true,"timestamp":"2026-01-01T00:00:00Z"}]}]`)
	}), clients)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	px := transporttest.New(t, map[string]string{"svc.example.test:" + port: srv.Listener.Addr().String()})
	client := probe.NewRegistry(probe.Options{}).HTTPClient()
	src := config.Source{Name: "Ops", Kind: "gatus", URL: "https://svc.example.test:" + port,
		Proxy: px.URL.String(), CAFile: ca.File, CertFile: certFile, KeyFile: keyFile}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	entries, err := Fetch(ctx, client, src)
	if err != nil || len(entries) != 1 || entries[0].Name != "API" {
		t.Fatalf("Fetch = %+v, %v; want the API entry", entries, err)
	}
	if px.Connects.Load() != 1 {
		t.Errorf("proxy opened %d tunnels, want 1", px.Connects.Load())
	}

	src.Proxy = "http://127.0.0.1:1" // nothing listens on port 1
	_, err = Fetch(ctx, client, src)
	if want := "server unreachable: proxy 127.0.0.1:1 refused the connection"; err == nil || err.Error() != want {
		t.Errorf("dead proxy: %v, want %q", err, want)
	}
}
