// Command countserver is a loopback HTTP server for .ci/gatus-compare.sh: GET /health/N
// answers 200 "OK" and counts the request under its User-Agent's product name (the text
// before the first "/" or space); GET /counts returns those counts as JSON, with
// "conns:<product>" for the connections each client opened (counted at its first
// request), "conns:all" for every accepted connection (request or not) and
// "ua:<User-Agent>" for each full User-Agent seen. Its address is line 1 of stdout.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
)

type connKey struct{}

type connInfo struct{ counted bool } // guarded by mu

var (
	mu     sync.Mutex
	counts = map[string]int{}
)

func add(key string) { mu.Lock(); counts[key]++; mu.Unlock() }

func health(w http.ResponseWriter, r *http.Request) {
	ua := r.UserAgent()
	name, _, _ := strings.Cut(ua, "/")
	name, _, _ = strings.Cut(name, " ")
	mu.Lock()
	counts[name]++
	counts["ua:"+ua]++
	if c, ok := r.Context().Value(connKey{}).(*connInfo); ok && !c.counted {
		c.counted = true
		counts["conns:"+name]++
	}
	mu.Unlock()
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprint(w, "OK")
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ln.Addr().String())
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health/{n}", health)
	mux.HandleFunc("GET /counts", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(counts)
	})
	srv := &http.Server{
		Handler: mux,
		ConnContext: func(ctx context.Context, _ net.Conn) context.Context {
			return context.WithValue(ctx, connKey{}, &connInfo{})
		},
		ConnState: func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				add("conns:all")
			}
		},
	}
	log.Fatal(srv.Serve(ln))
}
