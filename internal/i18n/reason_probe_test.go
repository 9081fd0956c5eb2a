package i18n_test

// Reasons made by real checks on loopback, read in Korean: the numbers stay, the words
// are Korean; in English they are what the check wrote, byte for byte.

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/probe"
)

func TestRealReasonsInKorean(t *testing.T) {
	unavailable := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer unavailable.Close()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(60 * time.Millisecond):
		case <-r.Context().Done():
		}
		w.Write([]byte("ok"))
	}))
	defer slow.Close()
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer hung.Close()
	page := func(summary string) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(summary))
		}))
		t.Cleanup(srv.Close)
		return srv.URL
	}
	outage := page(`{"status": {"indicator": "major", "description": "Partially Degraded Service"},
		"components": [{"id": "a", "name": "Payments API", "status": "major_outage"}, {"id": "b", "name": "Mail", "status": "operational"}],
		"incidents": [{"name": "Elevated errors on Checkout", "status": "investigating", "impact": "major", "components": [{"id": "b", "name": "Mail"}]}]}`)
	vendorWords := page(`{"status": {"indicator": "minor", "description": "Partially Degraded Service"}, "components": [], "incidents": []}`)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()

	reg := probe.NewRegistry(probe.Options{})
	cases := []struct {
		name    string
		svc     config.Service
		timeout time.Duration
		en      string // the English reason starts with this
		ko      string // its Korean contains this; "": it stays as written
		numbers []string
	}{
		{"503", config.Service{Kind: "http", Target: unavailable.URL, ExpectStatus: []int{200}}, 5 * time.Second,
			"HTTP 503 (want 200)", "HTTP 503 (기대값 200)", []string{"503", "200"}},
		{"503 default", config.Service{Kind: "http", Target: unavailable.URL}, 5 * time.Second,
			"HTTP 503 (want 2xx or 3xx)", "HTTP 503 (기대값 2xx 또는 3xx)", []string{"503"}},
		{"closed port", config.Service{Kind: "tcp", Target: closed}, 5 * time.Second,
			"connect: connection refused", "연결 거부됨", nil},
		{"closed port, http", config.Service{Kind: "http", Target: "http://" + closed + "/"}, 5 * time.Second,
			"connect: connection refused", "연결 거부됨", nil},
		{"slow", config.Service{Kind: "http", Target: slow.URL, MaxLatency: config.D(time.Millisecond)}, 5 * time.Second,
			"slow: ", "느림: ", []string{"1 ms)"}},
		{"timeout", config.Service{Kind: "http", Target: hung.URL}, 300 * time.Millisecond,
			"timed out after 300ms", "300ms 후 시간 초과", []string{"300ms"}},
		{"body", config.Service{Kind: "http", Target: slow.URL, BodyContains: "welcome"}, 5 * time.Second,
			`body does not contain "welcome"`, `본문에 "welcome" 이(가) 없음`, nil},
		{"proxy refused", config.Service{Kind: "http", Target: unavailable.URL, Proxy: "http://" + closed}, 5 * time.Second,
			"proxy " + closed + " refused the connection", "프록시 " + closed + " 이(가) 연결을 거부함", nil},
		{"component", config.Service{Kind: "statuspage", Target: outage, Components: []string{"Payments API"}}, 5 * time.Second,
			"Payments API: major outage", "Payments API: 주요 장애", nil},
		{"incident", config.Service{Kind: "statuspage", Target: outage}, 5 * time.Second,
			"Elevated errors on Checkout — investigating", "Elevated errors on Checkout — 조사 중", nil},
		{"no such component", config.Service{Kind: "statuspage", Target: outage, Components: []string{"Billing"}}, 5 * time.Second,
			`no component named "Billing" on the status page`, `상태 페이지에 "Billing" 구성 요소가 없음`, nil},
		{"vendor's words", config.Service{Kind: "statuspage", Target: vendorWords}, 5 * time.Second,
			"Partially Degraded Service", "", nil},
	}
	defer i18n.SetLanguage("en")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
			defer cancel()
			res := reg.Check(ctx, c.svc)
			if !strings.HasPrefix(res.Reason, c.en) {
				t.Fatalf("the check's reason is %q, want %q…", res.Reason, c.en)
			}
			i18n.SetLanguage("en")
			if got := i18n.Reason(res.Reason); got != res.Reason {
				t.Errorf("English: %q, want %q", got, res.Reason)
			}
			i18n.SetLanguage("ko")
			ko := i18n.Reason(res.Reason)
			if c.ko == "" { // a vendor's words: as written
				if ko != res.Reason {
					t.Errorf("Korean of %q: %q, want it as written", res.Reason, ko)
				}
				return
			}
			if !strings.Contains(ko, c.ko) || !strings.ContainsFunc(ko, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) {
				t.Errorf("Korean of %q: %q, want it to have %q", res.Reason, ko, c.ko)
			}
			for _, n := range append(c.numbers, digits(res.Reason)...) {
				if !strings.Contains(ko, n) {
					t.Errorf("Korean of %q: %q lost %q", res.Reason, ko, n)
				}
			}
		})
	}
}

// digits are the runs of digits in s.
func digits(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}
