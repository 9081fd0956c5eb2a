package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSourcesInFullExample(t *testing.T) {
	c := loadFull(t)
	if len(c.Sources) != 3 {
		t.Fatalf("%d sources, want 3", len(c.Sources))
	}
	g, ok := c.Source("Ops Gatus")
	if !ok || g.Kind != "gatus" || g.URL != "https://gatus.internal.example" || g.Token != "s3cret-token" ||
		g.Interval != D(30*time.Second) || g.Timeout != D(5*time.Second) ||
		fmt.Sprint(g.Include) != "[core-* db?]" || fmt.Sprint(g.Exclude) != "[*-staging]" {
		t.Errorf("Ops Gatus = %+v", g)
	}
	k, _ := c.Source("Kuma")
	if k.Kind != "uptime-kuma" || k.Slug != "office" || k.Username != "reader" || k.Password != "hunter2" {
		t.Errorf("Kuma = %+v", k)
	}
	a, _ := c.Source("Alerts")
	if a.Kind != "alertmanager" || len(a.Labels) != 2 || a.Labels["team"] != "ops" || a.Labels["env"] != "prod" {
		t.Errorf("Alerts = %+v", a)
	}
	for _, s := range c.Sources {
		if s.Origin != filepath.Join("testdata", "valid", "full.toml") || s.Managed {
			t.Errorf("%s: Origin %q Managed %v", s.Name, s.Origin, s.Managed)
		}
	}
	if _, ok := c.Source("nope"); ok {
		t.Error(`Source("nope") found something`)
	}
	// Timing follows the defaults like a service's (defaults: 1m, 20s).
	if i, to := c.SourceTiming(g); i != 30*time.Second || to != 5*time.Second {
		t.Errorf("Ops Gatus timing %v %v", i, to)
	}
	if i, to := c.SourceTiming(a); i != time.Minute || to != 20*time.Second {
		t.Errorf("Alerts timing %v %v", i, to)
	}
}

func TestSourceNeverPrintsCredentials(t *testing.T) {
	s := Source{Name: "Ops", Kind: "gatus", URL: "https://g.example", Token: "tok-123", Username: "u", Password: "pw-456"}
	for _, text := range []string{fmt.Sprint(s), fmt.Sprintf("%v", s), fmt.Sprintf("%+v", s), fmt.Sprintf("%s", s)} {
		if strings.Contains(text, "tok-123") || strings.Contains(text, "pw-456") {
			t.Errorf("printed source shows a secret: %s", text)
		}
	}
}

func TestSourceWants(t *testing.T) {
	tests := []struct {
		include, exclude []string
		name             string
		want             bool
	}{
		{nil, nil, "anything", true},
		{[]string{"core-*"}, nil, "core-api", true},
		{[]string{"core-*"}, nil, "edge-api", false},
		{[]string{"core-*", "db?"}, nil, "db1", true},
		{nil, []string{"*-staging"}, "api-staging", false},
		{nil, []string{"*-staging"}, "api", true},
		{[]string{"*"}, []string{"api"}, "api", false},
		{[]string{"web-[a"}, nil, "web-a", false}, // a bad pattern matches nothing
	}
	s := Source{Include: []string{"core/*"}, Exclude: []string{"*/db"}}
	if !s.Wants("api", "core/api") || s.Wants("api", "edge/api") || s.Wants("db", "core/db") {
		t.Error("Wants with group/name")
	}
	for _, tt := range tests {
		s := Source{Include: tt.include, Exclude: tt.exclude}
		if got := s.Wants(tt.name); got != tt.want {
			t.Errorf("include %q exclude %q: Wants(%q) = %v", tt.include, tt.exclude, tt.name, got)
		}
	}
}

func TestValidateSource(t *testing.T) {
	c := &Config{Defaults: Defaults{Interval: D(30 * time.Second)}}
	ok := Source{Name: "Ops", Kind: "gatus", URL: "https://g.example"}
	if es := c.ValidateSource(ok); len(es) != 0 {
		t.Errorf("valid source: %v", es)
	}
	bad := Source{Name: "K", Kind: "uptime-kuma", URL: "ftp://k", Timeout: D(time.Minute), Password: "x",
		Exclude: []string{""}, Labels: map[string]string{"a": "b"}}
	es := c.ValidateSource(bad)
	fields := map[string]bool{}
	for _, e := range es {
		fields[e.Field] = true
		if e.Source != 0 || e.Service != 0 || e.Where != `"K"` {
			t.Errorf("error %+v", e)
		}
	}
	for _, f := range []string{"url", "slug", "timeout", "password", "exclude", "labels"} {
		if !fields[f] {
			t.Errorf("no error for %s in\n%v", f, es)
		}
	}
	if len(es) != 6 {
		t.Errorf("%d errors:\n%v", len(es), es)
	}
}

func TestSourceErrorsFor(t *testing.T) {
	_, err := Parse([]byte(`
[defaults]
interval = "1s"

[[services]]
name = "A"
kind = "tcp"
target = "a:1"

[[sources]]
name = "S"
kind = "gatus"
url = "nope"
`))
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("%T %v", err, err)
	}
	if got := es.ForSource(1, "url"); len(got) != 1 || !strings.Contains(got[0].Error(), `sources[1] "S": url: "nope" is not an http(s) URL`) {
		t.Errorf("ForSource(1, url) = %v", got)
	}
	if got := es.For(0, "url"); len(got) != 0 {
		t.Errorf("For(0, url) picked up a source's error: %v", got)
	}
	if got := es.For(0, "interval"); len(got) != 1 {
		t.Errorf("For(0, interval) = %v", got)
	}
}

func TestNewKindTargets(t *testing.T) {
	for _, kind := range []string{"statuspage", "instatus", "feed"} {
		if err := checkTarget(kind, "https://status.example.com/x"); err != nil {
			t.Errorf("%s: %v", kind, err)
		}
		if err := checkTarget(kind, "status.example.com"); err == nil {
			t.Errorf("%s: a bare host passed", kind)
		}
		if TargetHint(kind) == TargetHint("other") || !strings.Contains(TargetHint(kind), "https://") {
			t.Errorf("TargetHint(%q) = %q", kind, TargetHint(kind))
		}
	}
	c := &Config{}
	es := c.ValidateService(Service{Name: "P", Kind: "statuspage", Target: "https://s.example", Components: []string{"API", " "}})
	if len(es) != 1 || es[0].Field != "components" {
		t.Errorf("empty component name: %v", es)
	}
	es = c.ValidateService(Service{Name: "F", Kind: "feed", Target: "https://s.example/x.atom", FeedWindow: D(time.Hour)})
	if len(es) != 0 {
		t.Errorf("feed with a window: %v", es)
	}
}

func TestMergeSources(t *testing.T) {
	machine := &Config{Sources: []Source{{Name: "A", Managed: true}}}
	user := &Config{Sources: []Source{{Name: "B"}}}
	m := Merge(machine, user)
	if len(m.Sources) != 2 || m.Sources[0].Name != "A" || !m.Sources[0].Managed || m.Sources[1].Name != "B" {
		t.Errorf("sources %+v", m.Sources)
	}
	m.Sources[0].Name = "changed"
	if machine.Sources[0].Name != "A" {
		t.Error("Merge shares the machine's source slice")
	}
	if m := Merge(&Config{}, &Config{}); m.Sources != nil {
		t.Errorf("no sources: %#v", m.Sources)
	}
}

func writeLayer(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadSourceLayers(t *testing.T) {
	dir := t.TempDir()
	machine := writeLayer(t, dir, "machine.toml", `
[[services]]
name = "VPN"
kind = "tcp"
target = "vpn.example:443"

[[sources]]
name = "Ops"
kind = "gatus"
url = "https://gatus.example"
`)
	user := writeLayer(t, dir, "user.toml", `
[[sources]]
name = "Mine"
kind = "alertmanager"
url = "http://127.0.0.1:9093"
`)
	l, err := Load(Files{Machine: machine, User: user})
	if err != nil {
		t.Fatal(err)
	}
	src := l.Merged.Sources
	if len(src) != 2 || src[0].Name != "Ops" || !src[0].Managed || src[0].Origin != machine ||
		src[1].Name != "Mine" || src[1].Managed || src[1].Origin != user {
		t.Errorf("merged sources %+v", src)
	}

	// Clashes between the layers are reported in the user's file, at its own index.
	tests := []struct {
		name, user, where, msg string
		service, source        int
	}{
		{"user source named like a machine service", `
[[sources]]
name = "Mine"
kind = "alertmanager"
url = "http://127.0.0.1:9093"

[[sources]]
name = "vpn"
kind = "gatus"
url = "https://g.example"
`, `sources[2] "vpn"`, `"vpn" is used by services[1] "VPN" in ` + machine, 0, 2},
		{"user source named like a machine source", `
[[sources]]
name = "OPS"
kind = "gatus"
url = "https://g.example"
`, `sources[1] "OPS"`, `"OPS" is used by sources[1] "Ops" in ` + machine, 0, 1},
		{"user service named like a machine source", `
[[services]]
name = "Home"
kind = "ping"
target = "nas.local"

[[services]]
name = "ops"
kind = "ping"
target = "ops.local"
`, `services[2] "ops"`, `"ops" is used by sources[1] "Ops" in ` + machine, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			user := writeLayer(t, t.TempDir(), "user.toml", tt.user)
			_, err := Load(Files{Machine: machine, User: user})
			var es Errors
			if !errors.As(err, &es) || len(es) != 1 {
				t.Fatalf("Load = %v, want one error", err)
			}
			e := es[0]
			if e.File != user || e.Where != tt.where || e.Field != "name" || e.Service != tt.service || e.Source != tt.source {
				t.Errorf("error %+v", e)
			}
			if !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("message %q lacks %q", e.Msg, tt.msg)
			}
		})
	}
}
