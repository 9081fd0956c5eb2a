package source

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
)

// A source's token goes to its own server only: a redirect to another origin (here
// another port on the same host, which Go itself would still send it to) drops it.
func TestCredentialsStayWithTheirOrigin(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]string{}
	record := func(name string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			seen[name] = r.Header.Get("Authorization")
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`[]`))
		}
	}
	other := httptest.NewServer(record("other"))
	defer other.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/away/api/v2/alerts", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/api/v2/alerts", http.StatusFound)
	})
	mux.HandleFunc("/home/api/v2/alerts", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/same/api/v2/alerts", http.StatusFound)
	})
	mux.HandleFunc("/same/api/v2/alerts", record("same"))
	own := httptest.NewServer(mux)
	defer own.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, path := range []string{"/away", "/home"} {
		src := config.Source{Name: "Alerts", Kind: "alertmanager", URL: own.URL + path, Token: "s3cret"}
		if _, err := Fetch(ctx, own.Client(), src); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if seen["other"] != "" {
		t.Errorf("the token went to another origin: %q", seen["other"])
	}
	if seen["same"] != "Bearer s3cret" {
		t.Errorf("a redirect within the origin lost the token: %q", seen["same"])
	}
}
