package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/uptray/uptray/internal/i18n"
)

// `check --json` carries each service's fallback, as `watch --json` transitions do:
// a script that reports an outage can say what to do instead. A source's check gets
// the fallback of its first matching rule.
func TestCheckJSONHasTheFallback(t *testing.T) {
	web, _, _ := loopback(t)
	cfg := writeConfig(t, fmt.Sprintf(`
[defaults]
timeout = "1s"
[[services]]
name = "Payments"
kind = "http"
target = "%[1]s/503"
expect_status = [200]
fallback = "Use the offline card terminal"
[[services]]
name = "Web"
kind = "http"
target = "%[1]s/ok"
[[sources]]
name = "Ops Gatus"
kind = "gatus"
url = "%[1]s"
[[sources.rules]]
match = "core/db"
fallback = "Call the DBA on 1234"
`, web.URL))
	var out, errOut bytes.Buffer
	if code := run([]string{"check", "--json", "--config", cfg, "--machine-config", ""}, &out, &errOut); code != exitProblem {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitProblem, out.String(), errOut.String())
	}
	var rep struct {
		Services []map[string]any `json:"services"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	got := map[string]any{}
	for _, s := range rep.Services {
		got[s["name"].(string)] = s["fallback"]
	}
	want := map[string]any{"Payments": "Use the offline card terminal", "Web": nil, "db": "Call the DBA on 1234"}
	for name, w := range want {
		if g, ok := got[name]; !ok || g != w {
			t.Errorf("%s: fallback %v (listed: %v), want %v\n%s", name, g, ok, w, out.String())
		}
	}
}

// The command line stays English whatever the locale and [interface] language say:
// scripts parse it.
func TestCommandLineStaysEnglish(t *testing.T) {
	t.Setenv("LANG", "ko_KR.UTF-8")
	t.Setenv("LC_ALL", "ko_KR.UTF-8")
	web, _, _ := loopback(t)
	cfg := writeConfig(t, fmt.Sprintf("[interface]\nlanguage = \"ko\"\n[[services]]\nname = \"Web\"\nkind = \"http\"\ntarget = \"%s/503\"\nexpect_status = [200]\n", web.URL))
	for _, args := range [][]string{{"validate"}, {"check"}} {
		var out, errOut bytes.Buffer
		run(append(args, "--config", cfg, "--machine-config", ""), &out, &errOut)
		text := out.String() + errOut.String()
		if want := map[string]string{"validate": "Configuration OK", "check": "NAME"}[args[0]]; !strings.Contains(text, want) {
			t.Errorf("%s under ko_KR: %q, want English (%q)", args[0], text, want)
		}
		if l := i18n.Language(); l != "en" {
			t.Fatalf("%s switched the language to %q", args[0], l)
		}
	}
}
