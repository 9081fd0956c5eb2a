package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// lenient loads two files written for the test.
func lenient(t *testing.T, machine, user string) (l *Loaded, es Errors, files Files) {
	t.Helper()
	dir := t.TempDir()
	files = Files{Machine: filepath.Join(dir, "absent.toml"), User: filepath.Join(dir, "absent-user.toml")}
	if machine != "" {
		files.Machine = writeLayer(t, dir, "machine.toml", machine)
	}
	if user != "" {
		files.User = writeLayer(t, dir, "user.toml", user)
	}
	l, err := LoadLenient(files)
	if l == nil || l.Merged == nil || l.Machine == nil || l.User == nil {
		t.Fatalf("LoadLenient = %+v, %v", l, err)
	}
	if err != nil && !errors.As(err, &es) {
		t.Fatalf("error is %T, not Errors: %v", err, err)
	}
	return l, es, files
}

const goodAndBad = `
[[services]]
name = "Intranet"
kind = "http"
target = "https://intranet.example"
interval = "30s"

[[services]]
name = "Mail"
kind = "tcp"
target = "mail.example:993"
colour = "red"

[[services]]
name = "Wiki"
kind = "http"
target = "https://wiki.example"
interval = "fast"

[[services]]
name = "Printer"
kind = "ping"

[[services]]
name = "VPN"
kind = "tcp"
target = "vpn.example:443"
critical = true
fallback = "Work offline"

[[sources]]
name = "Ops"
kind = "gatus"
url = "https://gatus.example"

[[sources]]
name = "Nagios"
kind = "nagios"
url = "https://nagios.example"
`

func TestLoadLenientKeepsTheGoodServices(t *testing.T) {
	l, es, files := lenient(t, "", goodAndBad)
	user := files.User
	want := []Service{
		{Name: "Intranet", Kind: "http", Target: "https://intranet.example", Interval: D(30 * time.Second), Origin: user},
		{Name: "Mail", Kind: "tcp", Target: "mail.example:993", Origin: user,
			ConfigError: `colour: unknown key`},
		{Name: "Wiki", Kind: "http", Target: "https://wiki.example", Interval: Duration{Raw: `"fast"`, Set: true}, Origin: user,
			ConfigError: `interval: "fast" is not a duration (try "30s")`},
		{Name: "Printer", Kind: "ping", Origin: user,
			ConfigError: "target: is missing (a host name or IP address)"},
		{Name: "VPN", Kind: "tcp", Target: "vpn.example:443", Critical: true, Fallback: "Work offline", Origin: user},
	}
	if !reflect.DeepEqual(l.Merged.Services, want) {
		t.Errorf("merged services\n got %+v\nwant %+v", l.Merged.Services, want)
	}
	// The bad source is left out; the good one runs.
	if len(l.Merged.Sources) != 1 || l.Merged.Sources[0].Name != "Ops" || l.Merged.Sources[0].Origin != user {
		t.Errorf("merged sources %+v", l.Merged.Sources)
	}
	// Every problem is in the error, pinned to its file, entry and field.
	got := map[string]bool{}
	for _, e := range es {
		if e.File != user {
			t.Errorf("error %q: file %q", e, e.File)
		}
		got[e.Where+" "+e.Field] = true
	}
	for _, w := range []string{`services[2] "Mail" colour`, `services[3] "Wiki" interval`, `services[4] "Printer" target`, `sources[2] "Nagios" kind`} {
		if !got[w] {
			t.Errorf("no error for %s in\n%v", w, es)
		}
	}
	if len(es) != 4 {
		t.Errorf("%d errors, want 4:\n%v", len(es), es)
	}
	// The layers are the files as written.
	if len(l.User.Services) != 5 || l.User.Services[1].ConfigError != "" || len(l.User.Sources) != 2 {
		t.Errorf("user layer %+v", l.User)
	}

	// The strict reading still refuses the file, and says the same.
	_, err := Load(files)
	var strict Errors
	if !errors.As(err, &strict) || strict.Error() != es.Error() {
		t.Errorf("Load = %v\nLoadLenient = %v", err, es)
	}
}

func TestLoadLenientValidIsLoad(t *testing.T) {
	files := Files{Machine: layer("machine.toml"), User: layer("user.toml")}
	strict, err := Load(files)
	if err != nil {
		t.Fatal(err)
	}
	l, err := LoadLenient(files)
	if err != nil || !reflect.DeepEqual(l, strict) {
		t.Errorf("LoadLenient = %+v, %v\nLoad = %+v", l, err, strict)
	}
	l, err = LoadLenient(Files{})
	if err != nil || l.Merged.Services != nil || l.Merged.Sources != nil {
		t.Errorf("no files: %+v %v", l, err)
	}
}

func TestLoadLenientNamesAndDuplicates(t *testing.T) {
	machine := `
[[services]]
name = "VPN"
kind = "tcp"
target = "vpn.example:443"

[[sources]]
name = "Ops"
kind = "gatus"
url = "https://gatus.example"
`
	user := `
[[services]]
name = "Mail"
kind = "tcp"
target = "mail.example:993"

[[services]]
kind = "ping"
target = "nas.local"

[[services]]
name = "mail"
kind = "ping"
target = "mail.example"

[[services]]
name = "vpn"
kind = "ping"
target = "vpn.example"

[[services]]
name = "ops"
kind = "ping"
target = "ops.example"

[[services]]
name = "Mail (duplicate)"
kind = "ping"
target = "mail2.example"

[[services]]
name = 7
kind = "ping"
target = "seven.example"
`
	l, es, _ := lenient(t, machine, user)
	var names, problems []string
	for _, s := range l.Merged.Services {
		names = append(names, s.Name)
		problems = append(problems, s.ConfigError)
	}
	wantNames := []string{"VPN", "Mail", "Service 2 (no name)", "mail (duplicate) 2", "vpn (duplicate)", "ops (duplicate)", "Mail (duplicate)", "Service 7 (no name)"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("names\n got %q\nwant %q", names, wantNames)
	}
	for i, want := range []string{"", "", "name: is missing", `name: "mail" is used by services[1] too`,
		`name: "vpn" is used by services[1] "VPN" in `, `name: "ops" is used by sources[1] "Ops" in `, "", "name: 7 is not text"} {
		if !strings.HasPrefix(problems[i], want) || (want == "") != (problems[i] == "") {
			t.Errorf("%s: ConfigError %q, want %q…", names[i], problems[i], want)
		}
	}
	if len(l.Merged.Sources) != 1 || !l.Merged.Sources[0].Managed {
		t.Errorf("sources %+v", l.Merged.Sources)
	}
	if len(es) != 5 {
		t.Errorf("%d errors, want 5:\n%v", len(es), es)
	}
}

func TestLoadLenientRejectsAFileWithBadSections(t *testing.T) {
	machine := `
[[services]]
name = "VPN"
kind = "tcp"
target = "vpn.example:443"
`
	for name, user := range map[string]string{
		"bad defaults value": "[defaults]\ninterval = \"soon\"\n",
		"unknown section":    "[defualts]\ninterval = \"30s\"\n",
		"syntax error":       "[[services]\nname = \"x\"\n",
		"wrong type":         "[defaults]\nfailure_threshold = \"three\"\n",
	} {
		t.Run(name, func(t *testing.T) {
			l, es, files := lenient(t, machine, user+`
[[services]]
name = "Mail"
kind = "tcp"
target = "mail.example:993"
`)
			if len(l.Merged.Services) != 1 || l.Merged.Services[0].Name != "VPN" || len(l.User.Services) != 0 {
				t.Errorf("merged %+v, user %+v", l.Merged.Services, l.User)
			}
			if len(es) == 0 || es[0].File != files.User {
				t.Errorf("errors %v", es)
			}
		})
	}
	// A broken machine-wide file leaves the user's services running, and its broken
	// services do not mark the user's.
	l, es, _ := lenient(t, `
[defaults]
interval = "soon"

[[services]]
name = "VPN"
kind = "tcp"
`, `
[[services]]
name = "Mail"
kind = "tcp"
target = "mail.example:993"
`)
	if len(l.Merged.Services) != 1 || l.Merged.Services[0].ConfigError != "" || len(es) != 2 {
		t.Errorf("merged %+v, errors %v", l.Merged.Services, es)
	}
	var files Files
	l, es, files = lenient(t, "[[services]\n", `
[[services]]
name = "Mail"
kind = "tcp"
target = "mail.example:993"
`)
	if len(l.Merged.Services) != 1 || l.Merged.Services[0].Name != "Mail" || len(es) != 1 || es[0].File != files.Machine {
		t.Errorf("merged %+v, errors %v", l.Merged.Services, es)
	}
}

func TestLoadLenientDefaultsClash(t *testing.T) {
	// Each file is valid alone; together the user's timeout is not below the machine's
	// interval. The user's file is set aside.
	l, es, files := lenient(t, `
[defaults]
interval = "10s"

[[services]]
name = "VPN"
kind = "tcp"
target = "vpn.example:443"
`, `
[defaults]
timeout = "20s"

[[services]]
name = "Mail"
kind = "tcp"
target = "mail.example:993"
`)
	if len(l.Merged.Services) != 1 || l.Merged.Services[0].Name != "VPN" || l.Merged.Defaults.Timeout.Set {
		t.Errorf("merged %+v", l.Merged)
	}
	if len(es) != 1 || es[0].File != files.User || es[0].Where != "defaults" || es[0].Field != "timeout" {
		t.Errorf("errors %#v", es)
	}
}

func TestLoadLenientCrossFileServiceProblem(t *testing.T) {
	// The user's timeout is fine against the built-in interval but not against the
	// machine's: only that service is marked.
	l, es, files := lenient(t, "[defaults]\ninterval = \"30s\"\n", `
[[services]]
name = "Mail"
kind = "tcp"
target = "mail.example:993"
timeout = "45s"

[[services]]
name = "Wiki"
kind = "http"
target = "https://wiki.example"
`)
	s := l.Merged.Services
	if len(s) != 2 || s[0].ConfigError != "timeout: 45s is not below the interval (30s)" || s[1].ConfigError != "" {
		t.Errorf("services %+v", s)
	}
	if len(es) != 1 || es[0].File != files.User || es[0].Where != `services[1] "Mail"` || es[0].Service != 1 {
		t.Errorf("errors %#v", es)
	}
}

// FuzzLoadLenient: whatever the user's file holds, LoadLenient returns a configuration
// the engine can run: unique names, and every service without ConfigError and every
// source valid.
func FuzzLoadLenient(f *testing.F) {
	f.Add([]byte(goodAndBad))
	for _, name := range []string{"full.toml", "minimal.toml", "inline.toml"} {
		if data, err := os.ReadFile(filepath.Join("testdata", "valid", name)); err == nil {
			f.Add(data)
		}
	}
	invalid, _ := filepath.Glob(filepath.Join("testdata", "invalid", "*.toml"))
	for _, p := range invalid {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	machine := layer("machine.toml")
	f.Fuzz(func(t *testing.T, data []byte) {
		user := filepath.Join(t.TempDir(), "user.toml")
		if err := os.WriteFile(user, data, 0o600); err != nil {
			t.Fatal(err)
		}
		checkLenient(t, Files{Machine: machine, User: user})
	})
}

// checkLenient checks what LoadLenient promises the engine.
func checkLenient(t *testing.T, files Files) {
	t.Helper()
	l, err := LoadLenient(files)
	if l == nil || l.Merged == nil {
		t.Fatalf("LoadLenient = %v, %v", l, err)
	}
	if _, strict := Load(files); (strict == nil) != (err == nil) {
		t.Fatalf("Load says %v, LoadLenient %v", strict, err)
	}
	m := l.Merged
	names := map[string]bool{}
	for _, s := range m.Services {
		key := strings.ToLower(s.Name)
		if strings.TrimSpace(s.Name) == "" || names[key] {
			t.Fatalf("service name %q empty or repeated", s.Name)
		}
		names[key] = true
		if s.ConfigError == "" {
			if es := m.ValidateService(s); len(es) > 0 {
				t.Fatalf("%q runs with errors: %v", s.Name, es)
			}
		}
	}
	for _, src := range m.Sources {
		if names[strings.ToLower(src.Name)] {
			t.Fatalf("source name %q repeated", src.Name)
		}
		names[strings.ToLower(src.Name)] = true
		if es := m.ValidateSource(src); len(es) > 0 {
			t.Fatalf("source %q runs with errors: %v", src.Name, es)
		}
	}
	// Validate finds nothing but the marked services' own problems.
	if err := m.Validate(); err != nil {
		var es Errors
		errors.As(err, &es)
		for _, e := range es {
			if e.Service == 0 || m.Services[e.Service-1].ConfigError == "" {
				t.Fatalf("merged configuration: %v", e)
			}
		}
	}
}
