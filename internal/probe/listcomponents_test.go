package probe

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// Components lists a page's components as a service writes them (the editor's
// "Choose from the page…"), from the same fixtures the probes read.
func TestComponentsLists(t *testing.T) {
	ps := newPageServer(t)
	reg := NewRegistry(Options{UserAgent: "Uptray/test"})
	for _, tc := range []struct {
		name, kind, target string
		want               []string
	}{
		{"statuspage, flat", "statuspage", "/sp_major", []string{"API", "Dashboard", "Web", "Email notifications"}},
		{"statuspage, the API address itself", "statuspage", "/sp_major/api/v2/summary.json", []string{"API", "Dashboard", "Web", "Email notifications"}},
		// Groups come first where the page lists them, their children right after as
		// Group/Child; a group and its child of the same name are both there.
		{"statuspage, groups", "statuspage", "/sp_groups", []string{
			"HashiCorp Cloud Platform (HCP)",
			"HashiCorp Cloud Platform (HCP)/Consul",
			"HashiCorp Cloud Platform (HCP)/HCP Portal",
			"HashiCorp Cloud Platform (HCP)/Vault",
			"Terraform Cloud",
			"Terraform Cloud/Terraform Cloud UI and API",
			"Terraform Cloud/Terraform Runs",
			"HashiCorp Consul Service (HCS) on Azure",
			"HashiCorp Consul Service (HCS) on Azure/Consul",
			"HashiCorp Consul Service (HCS) on Azure/Creation via Azure Marketplace",
			"Terraform Registry",
			"Terraform Registry/Terraform Registry",
			"Terraform Registry/Fastly API",
			"Vagrant Cloud",
		}},
		{"statuspage, a CDN's PoPs", "statuspage", "/sp_cdn_maintenance", []string{
			"API", "Dashboard",
			"Europe", "Europe/Amsterdam, Netherlands - (AMS)", "Europe/Frankfurt, Germany - (FRA)", "Europe/London, United Kingdom - (LHR)",
			"North America", "North America/Ashburn, VA, United States - (IAD)", "North America/San Jose, CA, United States - (SJC)",
		}},
		{"instatus, groups named by their children", "instatus", "/is_components", []string{
			"Messaging", "Calls", "Apps", "Apps/Search", "Apps/Files", "Apps/Webhooks", "Integrations", "Integrations/Webhooks",
		}},
		{"instatus, a bare list", "instatus", "/is_bare", []string{"Messaging", "Calls"}},
		{"instatus, the summary's address", "instatus", "/is_bare/summary.json", []string{"Messaging", "Calls"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := config.Service{Kind: tc.kind, Target: ps.URL + tc.target}
			got, err := reg.Components(withTimeout(t, 5*time.Second), svc)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			if ua := ps.lastUA.Load(); ua != "Uptray/test" {
				t.Errorf("User-Agent %q", ua)
			}
			// Every name listed is one the probe finds, alone: never missing, never
			// ambiguous.
			for _, name := range got {
				svc.Components = []string{name}
				if res := reg.Check(withTimeout(t, 5*time.Second), svc); res.Status == status.Unknown {
					t.Errorf("checking %q: %v %q", name, res.Status, res.Reason)
				}
			}
		})
	}
}

// What cannot be read is an error in the probes' words; a kind that lists no
// components says so.
func TestComponentsErrors(t *testing.T) {
	ps := newPageServer(t)
	reg := NewRegistry(Options{})
	for _, tc := range []struct{ name, kind, target, want string }{
		{"404", "statuspage", ps.URL + "/missing", "HTTP 404 from status page"},
		{"HTML", "statuspage", ps.URL + "/html", "status page did not answer with JSON"},
		{"truncated", "statuspage", ps.URL + "/truncated/sp_major.json", "status page sent malformed JSON"},
		{"too large", "instatus", ps.URL + "/50mib", "status page larger than 1 MiB"},
		{"instatus without a components list", "instatus", ps.URL + "/is_up", "HTTP 404 from status page"},
		{"unreachable", "statuspage", "http://" + closedAddr(t), "status page unreachable: connect: connection refused"},
		{"a kind without components", "feed", ps.URL + "/feed/history.atom", "feed checks have no components to choose from"},
		{"an unknown kind", "gopher", ps.URL, `"gopher" checks have no components to choose from`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := reg.Components(withTimeout(t, 5*time.Second), config.Service{Kind: tc.kind, Target: tc.target})
			if err == nil || err.Error() != tc.want {
				t.Errorf("got %q, %v; want the error %q", got, err, tc.want)
			}
		})
	}

	// The caller's deadline holds.
	start := time.Now()
	_, err := reg.Components(withTimeout(t, 300*time.Millisecond), config.Service{Kind: "statuspage", Target: ps.URL + "/hang"})
	if err == nil || err.Error() != "status page unreachable: timed out after 300ms" || time.Since(start) > 3*time.Second {
		t.Errorf("hanging page: %v after %v", err, time.Since(start))
	}
}

// A page's names are data: one that could not be written back as the page spells it
// (control characters, runs of spaces, a name longer than a line) is left out, with
// its children; a name listed twice is listed once; blank names are skipped.
func TestComponentsHostileNames(t *testing.T) {
	long := strings.Repeat("x", 300)
	body := `{"status":{"indicator":"none"},"components":[
		{"id":"a","name":"  API  "},
		{"id":"b","name":"\u001b[31mRed"},
		{"id":"c","name":"Two  spaces"},
		{"id":"d","name":"` + long + `","group":true,"components":["e"]},
		{"id":"e","name":"Child of long","group_id":"d"},
		{"id":"f","name":"api"},
		{"id":"g","name":""},
		{"id":"h","name":"Loop A","group_id":"i"},
		{"id":"i","name":"Loop B","group_id":"h"},
		{"id":"j","name":"Web","group_id":"nowhere"}
	]}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	got, err := NewRegistry(Options{}).Components(withTimeout(t, 5*time.Second), config.Service{Kind: "statuspage", Target: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"API", "Web"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// The kinds of issue 11 §2 list their components too, from their fixtures; every name
// listed is one the kind's probe finds.
func TestComponentsVendorKinds(t *testing.T) {
	for _, tc := range []struct {
		k      vendorKind
		target string
		want   []string
	}{
		{betterstackKind, "/bs_operational", []string{"Core", "Core/API", "Core/Dashboard", "Providers", "Providers/Payments provider"}},
		// A container shared by two components is listed under each.
		{statusioKind, "/1.0/status/sio_maintenance", []string{"Website", "Website/Virginia", "Mobile App", "Mobile App/Virginia", "Mobile App/Ireland"}},
		{slackKind, "/slack_incident", slackServices},
	} {
		t.Run(tc.k.kind, func(t *testing.T) {
			srv := newVendorServer(t, tc.k)
			reg := vendorRegistry(tc.k, fixturesNow)
			svc := config.Service{Kind: tc.k.kind, Target: srv.URL + tc.target}
			got, err := reg.Components(withTimeout(t, 5*time.Second), svc)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			checkEachFound(t, reg, svc, got)
		})
	}
}

// An incident.io page's Widget API lists only the components an event affects: the
// names come from its Statuspage-compatible summary, when that lists them.
func TestComponentsIncidentio(t *testing.T) {
	listed, err := os.ReadFile(filepath.Join("testdata", "statuspages", "sp_major.json"))
	if err != nil {
		t.Fatal(err)
	}
	compat, err := os.ReadFile(filepath.Join("testdata", "incidentio", "io_compat.v2.json"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/listed/api/v2/summary.json":
			w.Write(listed)
		case "/unlisted/api/v2/summary.json":
			w.Write(compat)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	reg := NewRegistry(Options{})
	svc := config.Service{Kind: "incidentio", Target: srv.URL + "/listed"}
	got, err := reg.Components(withTimeout(t, 5*time.Second), svc)
	if want := []string{"API", "Dashboard", "Web", "Email notifications"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
	checkEachFound(t, reg, svc, got)

	_, err = reg.Components(withTimeout(t, 5*time.Second), config.Service{Kind: "incidentio", Target: srv.URL + "/unlisted"})
	if want := "this incident.io page does not list its components: type their names as the page shows them"; err == nil || err.Error() != want {
		t.Errorf("a page without components: %v, want %q", err, want)
	}
}

// checkEachFound checks svc with each name alone: the probe must find it, neither
// missing nor ambiguous.
func checkEachFound(t *testing.T, reg *Registry, svc config.Service, names []string) {
	t.Helper()
	for _, name := range names {
		svc.Components = []string{name}
		res := reg.Check(withTimeout(t, 5*time.Second), svc)
		if strings.Contains(res.Reason, "no component named") || strings.Contains(res.Reason, "not unique") ||
			strings.Contains(res.Reason, "no Slack service named") {
			t.Errorf("checking %q: %v %q", name, res.Status, res.Reason)
		}
	}
}

// Every kind whose row in config's table takes components can list them: the editor
// offers "Choose from the page…" for each.
func TestComponentsForEveryKindThatTakesThem(t *testing.T) {
	reg := NewRegistry(Options{})
	addr := "http://" + closedAddr(t)
	for _, k := range config.Kinds() {
		if _, ok := k.Field("components"); !ok {
			continue
		}
		target := addr
		if k.Name == "statusio" {
			target += "/1.0/status/51f6f2088643809b7200000d"
		}
		_, err := reg.Components(withTimeout(t, 2*time.Second), config.Service{Kind: k.Name, Target: target})
		if err == nil || strings.Contains(err.Error(), "no components to choose from") {
			t.Errorf("%s: %v, want the page's reading to fail", k.Name, err)
		}
	}
}
