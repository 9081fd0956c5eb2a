package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/monitor"
)

// loopback starts the fixture servers `uptray check` is pointed at.
func loopback(t *testing.T) (web *httptest.Server, openPort, closedPort string) {
	t.Helper()
	statuspage, err := os.ReadFile("../../internal/probe/testdata/statuspages/sp_major.json")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("all OK")) })
	mux.HandleFunc("/503", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(503) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/vendor/api/v2/summary.json", func(w http.ResponseWriter, _ *http.Request) { w.Write(statuspage) })
	mux.HandleFunc("/api/v1/endpoints/statuses", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `[{"name":"db","group":"core","key":"core_db","results":[{"status":500,"duration":1200000,"success":false,
		  "conditionResults":[{"condition":"[STATUS] (500) == 200","success":false}],"timestamp":"2026-11-27T10:00:00Z"}]}]`)
	})
	web = httptest.NewServer(mux)
	t.Cleanup(web.Close)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	closedPort = closed.Addr().String()
	closed.Close()
	return web, ln.Addr().String(), closedPort
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCheckReportsEachCaseWithItsReason(t *testing.T) {
	web, open, closed := loopback(t)
	u := web.URL
	cfg := writeConfig(t, fmt.Sprintf(`
[defaults]
timeout = "1s"
[connectivity]
targets = [%[2]q]
[[services]]
name = "Web"
kind = "http"
target = "%[1]s/ok"
body_contains = "OK"
[[services]]
name = "Payments"
kind = "http"
target = "%[1]s/503"
expect_status = [200]
[[services]]
name = "Slow"
kind = "http"
target = "%[1]s/slow"
[[services]]
name = "Loop"
kind = "http"
target = "%[1]s/loop"
[[services]]
name = "Mail"
kind = "tcp"
target = %[2]q
[[services]]
name = "Closed"
kind = "tcp"
target = %[3]q
[[services]]
name = "Vendor"
kind = "statuspage"
target = "%[1]s/vendor"
[[sources]]
name = "Ops Gatus"
kind = "gatus"
url = %[1]q
`, u, open, closed))
	var out, errOut bytes.Buffer
	code := run([]string{"check", "--config", cfg, "--machine-config", ""}, &out, &errOut)
	if code != exitProblem {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitProblem, out.String(), errOut.String())
	}
	text := out.String()
	for _, want := range []string{
		"Web ", "Up",
		"HTTP 503 (want 200)",
		"timed out after 1s",
		"too many redirects",
		"connect: connection refused",
		"Vendor", "Down",
		"db", "Ops Gatus", "[STATUS] (500) == 200",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}

	out.Reset()
	if code := run([]string{"check", "--json", "--config", cfg, "--machine-config", ""}, &out, &errOut); code != exitProblem {
		t.Fatalf("--json exit %d", code)
	}
	var rep monitor.Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, out.String())
	}
	if len(rep.Outcomes) != 8 || rep.Outcomes[0].Name != "Web" || rep.Outcomes[0].Result.Status.String() != "Up" {
		t.Fatalf("JSON report = %+v", rep.Outcomes)
	}
}

func TestCheckAllUpExitsZero(t *testing.T) {
	web, open, _ := loopback(t)
	cfg := writeConfig(t, fmt.Sprintf("[[services]]\nname = \"Web\"\nkind = \"http\"\ntarget = \"%s/ok\"\n[[services]]\nname = \"Mail\"\nkind = \"tcp\"\ntarget = %q\n", web.URL, open))
	var out, errOut bytes.Buffer
	if code := run([]string{"check", "--config", cfg, "--machine-config", ""}, &out, &errOut); code != exitOK {
		t.Fatalf("exit %d, want 0\n%s%s", code, out.String(), errOut.String())
	}
}

func TestCheckOfflineIsNotNOutages(t *testing.T) {
	_, _, closed := loopback(t)
	cfg := writeConfig(t, fmt.Sprintf("[connectivity]\ntargets = [%[1]q]\n[[services]]\nname = \"Mail\"\nkind = \"tcp\"\ntarget = %[1]q\n", closed))
	var out, errOut bytes.Buffer
	if code := run([]string{"check", "--config", cfg, "--machine-config", ""}, &out, &errOut); code != exitProblem {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(out.String(), "Offline:") {
		t.Fatalf("output does not say offline:\n%s", out.String())
	}
}

func TestBadConfigGetsEveryErrorAndExit2(t *testing.T) {
	cfg := writeConfig(t, `
[[services]]
name = "Mail"
kind = "tcp"
target = "mail.example.com"
interval = "5"

[[services]]
name = "Wiki"
kind = "http"
target = "https://wiki.example.com"
intervall = "30s"
`)
	var out, errOut bytes.Buffer
	if code := run([]string{"check", "--config", cfg, "--machine-config", ""}, &out, &errOut); code != exitConfigError {
		t.Fatalf("exit %d, want 2", code)
	}
	for _, want := range []string{
		`services[1] "Mail": target:`,
		`services[1] "Mail": interval: "5" is not a duration (try "30s")`,
		`services[2] "Wiki": intervall: unknown key (did you mean "interval"?)`,
	} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut.String())
		}
	}
}

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"version"}, &out, &out); code != 0 || !strings.HasPrefix(out.String(), "uptray ") {
		t.Fatalf("version: exit %d, %q", code, out.String())
	}
}

func TestValidate(t *testing.T) {
	good := writeConfig(t, "[[services]]\nname = \"Mail\"\nkind = \"tcp\"\ntarget = \"mail.example.com:993\"\n")
	var out, errOut bytes.Buffer
	if code := run([]string{"validate", "--config", good, "--machine-config", ""}, &out, &errOut); code != exitOK || !strings.Contains(out.String(), "Configuration OK: 1 services") {
		t.Fatalf("validate good: exit %d, %q %q", code, out.String(), errOut.String())
	}
	bad := writeConfig(t, "[[services]]\nname = \"Mail\"\nkind = \"tcp\"\n")
	if code := run([]string{"validate", "--config", bad, "--machine-config", ""}, &out, &errOut); code != exitConfigError || !strings.Contains(errOut.String(), "target: is missing") {
		t.Fatalf("validate bad: exit %d, %q", code, errOut.String())
	}
}

// A path named on the command line must exist: a typo is not "no file, all fine".
func TestValidateNamedFileMissing(t *testing.T) {
	good := writeConfig(t, "[[services]]\nname = \"Mail\"\nkind = \"tcp\"\ntarget = \"mail.example.com:993\"\n")
	missing := filepath.Join(t.TempDir(), "typo.toml")
	for _, args := range [][]string{
		{"validate", "--config", missing, "--machine-config", ""},
		{"validate", "--config", good, "--machine-config", missing},
	} {
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code != exitConfigError || !strings.Contains(errOut.String(), missing) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 naming %s", args, code, errOut.String(), missing)
		}
	}
}

// check --json never prints a password or a token from a target.
func TestCheckJSONRedactsTargets(t *testing.T) {
	cfg := writeConfig(t, "[connectivity]\ntargets = []\n[[services]]\nname = \"Secret\"\nkind = \"http\"\ntarget = \"http://bob:hunter2@127.0.0.1:1/health?token=abc123&x=1\"\ntimeout = \"1s\"\n")
	var out, errOut bytes.Buffer
	run([]string{"check", "--json", "--config", cfg, "--machine-config", ""}, &out, &errOut)
	for _, secret := range []string{"hunter2", "abc123"} {
		if strings.Contains(out.String()+errOut.String(), secret) {
			t.Errorf("check --json printed %q:\n%s%s", secret, out.String(), errOut.String())
		}
	}
	if !strings.Contains(out.String(), "bob:xxxxx@127.0.0.1:1") {
		t.Errorf("the target is not shown redacted:\n%s", out.String())
	}
}
