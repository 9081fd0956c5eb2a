package monitor

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/probe"
	"github.com/uptray/uptray/internal/source"
	"github.com/uptray/uptray/internal/status"
)

// onceWorld answers CheckOnce's questions from tables: a result per service, what each
// source's poll returns, and whether the machine is online.
type onceWorld struct {
	mu       sync.Mutex
	results  map[string]status.Result
	entries  map[string][]source.Entry
	errs     map[string]error
	online   bool
	asked    int
	checked  []string
	fetchErr error
}

func (o *onceWorld) check(ctx context.Context, svc config.Service) status.Result {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.checked = append(o.checked, svc.Name)
	return o.results[svc.Name]
}

func (o *onceWorld) fetch(ctx context.Context, src config.Source) ([]source.Entry, error) {
	return o.entries[src.Name], o.errs[src.Name]
}

func (o *onceWorld) isOnline(ctx context.Context, targets []string) (bool, string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.asked++
	if o.online {
		return true, ""
	}
	return false, "no connectivity target answered"
}

func (o *onceWorld) run(cfg *config.Config) Report {
	return CheckOnce(context.Background(), cfg, Options{Check: o.check, Online: o.isOnline, Fetch: o.fetch, Clock: clock.NewFake(t0)})
}

// outageDayConfig has every kind that can fail without a network: an http check, the
// three status-page kinds, a monitoring server, and one service with a config error.
func outageDayConfig() *config.Config {
	return &config.Config{
		Services: []config.Service{
			{Name: "Intranet", Kind: "http", Target: "https://intranet.example.com/"},
			{Name: "Vendor", Kind: "statuspage", Target: "https://status.vendor.example"},
			{Name: "Chat", Kind: "instatus", Target: "https://chat.instatus.example"},
			{Name: "Cloud", Kind: "feed", Target: "https://status.cloud.example/history.atom"},
			{Name: "Broken", Kind: "tcp", Target: "x:1", ConfigError: `interval: "5" is not a duration (try "30s")`},
		},
		Sources: []config.Source{{Name: "Ops Gatus", Kind: "gatus", URL: "http://gatus.example"}},
	}
}

func noNetwork() *onceWorld {
	return &onceWorld{
		results: map[string]status.Result{
			"Intranet": {Status: status.Down, Reason: "DNS: no such host intranet.example.com", Latency: time.Millisecond},
			"Vendor":   {Status: status.Unknown, Reason: "status page unreachable: connect: network is unreachable"},
			"Chat":     {Status: status.Unknown, Reason: "status page unreachable: timed out after 10s"},
			"Cloud":    {Status: status.Unknown, Reason: "status page unreachable: DNS: no such host status.cloud.example"},
		},
		errs: map[string]error{"Ops Gatus": errors.New("server unreachable: DNS: no such host gatus.example")},
	}
}

func TestCheckOnceOfflineWithStatusPagesAndSources(t *testing.T) {
	o := noNetwork()
	rep := o.run(outageDayConfig())
	if !rep.Offline || rep.OfflineReason != "no connectivity target answered" || o.asked != 1 {
		t.Fatalf("report offline %v (%q), asked %d: want offline, asked once", rep.Offline, rep.OfflineReason, o.asked)
	}
	want := map[string]status.Status{"Intranet": status.Offline, "Vendor": status.Offline, "Chat": status.Offline,
		"Cloud": status.Offline, "Ops Gatus": status.Offline, "Broken": status.Unknown}
	if len(rep.Outcomes) != len(want) {
		t.Fatalf("outcomes = %+v", rep.Outcomes)
	}
	for _, out := range rep.Outcomes {
		if out.Result.Status != want[out.Name] {
			t.Errorf("%s = %v (%s), want %v", out.Name, out.Result.Status, out.Result.Reason, want[out.Name])
		}
		if out.Result.Status == status.Offline && (out.Result.Reason == "" || out.Result.Latency != 0) {
			t.Errorf("%s: %+v, want the reason kept and no latency", out.Name, out.Result)
		}
	}
	for _, name := range o.checked {
		if name == "Broken" {
			t.Error("a service with a config error was checked")
		}
	}
	if r := rep.Outcomes[4].Result; r.Reason != `Config error: interval: "5" is not a duration (try "30s") — open Settings` {
		t.Errorf("Broken's reason = %q", r.Reason)
	}
}

func TestCheckOnceOnlineButEverythingFailsIsNotOffline(t *testing.T) {
	o := noNetwork()
	o.online = true // the targets answer: the failures are the services'
	rep := o.run(outageDayConfig())
	if rep.Offline || o.asked != 1 {
		t.Fatalf("offline %v, asked %d; want online after asking once", rep.Offline, o.asked)
	}
	if r := rep.Outcomes[0].Result; r.Status != status.Down {
		t.Fatalf("Intranet = %+v, want Down as checked", r)
	}
}

func TestCheckOnceAnswersMeanOnline(t *testing.T) {
	cases := map[string]func(o *onceWorld){
		"a service answered HTTP 503": func(o *onceWorld) {
			o.results["Intranet"] = status.Result{Status: status.Down, Reason: "HTTP 503 (want 200)"}
		},
		"a status page reported an outage": func(o *onceWorld) {
			o.results["Vendor"] = status.Result{Status: status.Down, Reason: "major outage: API"}
		},
		"a status page answered something odd": func(o *onceWorld) {
			o.results["Chat"] = status.Result{Status: status.Unknown, Reason: "status page did not answer with JSON"}
		},
		"a status page answered HTTP 404": func(o *onceWorld) {
			o.results["Cloud"] = status.Result{Status: status.Unknown, Reason: "HTTP 404 from status page"}
		},
		"a degraded answer": func(o *onceWorld) {
			o.results["Intranet"] = status.Result{Status: status.Degraded, Reason: "slow: 3 s (max 1 s)"}
		},
		"the monitoring server answered, its checks time out": func(o *onceWorld) {
			o.errs = nil
			o.entries = map[string][]source.Entry{"Ops Gatus": {
				{Name: "db", Result: status.Result{Status: status.Down, Reason: "timed out after 10s"}}}}
		},
		"the monitoring server refused the token": func(o *onceWorld) {
			o.errs["Ops Gatus"] = errors.New("HTTP 401 from the server (check the source's token or username and password)")
		},
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			o := noNetwork()
			change(o)
			rep := o.run(outageDayConfig())
			if o.asked != 0 || rep.Offline {
				t.Fatalf("asked %d, offline %v: an answer proves the network works", o.asked, rep.Offline)
			}
			for _, out := range rep.Outcomes {
				if out.Result.Status == status.Offline {
					t.Fatalf("%s says Offline while online", out.Name)
				}
			}
		})
	}
}

func TestCheckOnceNothingToExplain(t *testing.T) {
	o := &onceWorld{results: map[string]status.Result{
		"Ping": {Status: status.Unknown, Reason: `ping not allowed for this user (Linux: sysctl net.ipv4.ping_group_range="0 2147483647")`},
	}}
	cfg := &config.Config{Services: []config.Service{
		{Name: "Ping", Kind: "ping", Target: "router"},
		{Name: "Broken", Kind: "tcp", Target: "x:1", ConfigError: "target: missing port"},
	}}
	if rep := o.run(cfg); o.asked != 0 || rep.Offline {
		t.Fatalf("asked %d, offline %v: checks that never went out say nothing of the network", o.asked, rep.Offline)
	}
}

// TestAnsweredReadsTheProbesWords runs the real probes and source reader against a
// closed port, a server that never answers, and servers that answer badly, so the
// words CheckOnce reads are the words they write.
func TestAnsweredReadsTheProbesWords(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	silent, err := net.Listen("tcp", "127.0.0.1:0") // accepts, never answers
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	var conns sync.WaitGroup
	conns.Go(func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	})
	defer conns.Wait()
	defer silent.Close()
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/503":
			w.WriteHeader(http.StatusServiceUnavailable)
		case strings.HasPrefix(r.URL.Path, "/html"): // a captive portal's page
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html>login to the hotel Wi-Fi</html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer web.Close()

	reg := probe.NewRegistry(probe.Options{})
	cases := []struct {
		svc      config.Service
		answered bool
	}{
		{config.Service{Kind: "http", Target: "http://" + closed + "/"}, false},
		{config.Service{Kind: "http", Target: "http://" + silent.Addr().String() + "/"}, false},
		{config.Service{Kind: "tcp", Target: closed}, false},
		{config.Service{Kind: "statuspage", Target: "http://" + closed}, false},
		{config.Service{Kind: "instatus", Target: "http://" + silent.Addr().String()}, false},
		{config.Service{Kind: "feed", Target: "http://" + closed + "/feed.atom"}, false},
		{config.Service{Kind: "http", Target: web.URL + "/503", ExpectStatus: []int{200}}, true},
		{config.Service{Kind: "statuspage", Target: web.URL + "/html"}, true},
		{config.Service{Kind: "instatus", Target: web.URL + "/missing"}, true},
		{config.Service{Kind: "http", Target: "http://%zz/"}, false}, // never went out
	}
	for _, tc := range cases {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		r := reg.Check(ctx, tc.svc)
		cancel()
		if got := answered(r); got != tc.answered {
			t.Errorf("%s %s: %v %q: answered = %v, want %v", tc.svc.Kind, tc.svc.Target, r.Status, r.Reason, got, tc.answered)
		}
	}
	for _, tc := range []struct {
		url      string
		answered bool
	}{{"http://" + closed, false}, {"http://" + silent.Addr().String(), false}, {web.URL, true}} {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		_, err := source.Fetch(ctx, reg.HTTPClient(), config.Source{Name: "Ops", Kind: "gatus", URL: tc.url})
		cancel()
		if err == nil {
			t.Fatalf("gatus at %s: no error", tc.url)
		}
		if got := answered(status.Result{Status: status.Unknown, Reason: err.Error()}); got != tc.answered {
			t.Errorf("gatus at %s: %q: answered = %v, want %v", tc.url, err, got, tc.answered)
		}
	}
}

// `check` shows a remote check in the same group as the tray: the source, then the
// server's own group.
func TestCheckOnceKeepsTheServersGroup(t *testing.T) {
	cfg := &config.Config{Sources: []config.Source{{Name: "Ops Gatus", Kind: "gatus", URL: "https://gatus.test"}}}
	rep := CheckOnce(context.Background(), cfg, Options{
		Check: func(context.Context, config.Service) status.Result { return status.Result{Status: status.Up} },
		Fetch: func(context.Context, config.Source) ([]source.Entry, error) {
			return []source.Entry{{Name: "api", Group: "core", Result: status.Result{Status: status.Up}}}, nil
		},
		Clock: clock.NewFake(t0),
	})
	if len(rep.Outcomes) != 1 || rep.Outcomes[0].Group != "Ops Gatus · core" {
		t.Fatalf("outcomes = %+v, want api in group \"Ops Gatus · core\"", rep.Outcomes)
	}
}
