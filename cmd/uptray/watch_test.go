package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test run the real command in a child process (UPTRAY_RUN_MAIN=1),
// to send it a signal as a user's Ctrl-C would.
func TestMain(m *testing.M) {
	if os.Getenv("UPTRAY_RUN_MAIN") == "1" {
		os.Args = append([]string{"uptray"}, os.Args[1:]...)
		main()
		return
	}
	os.Exit(m.Run())
}

func TestWatchPrintsTransitionsUntilSIGINT(t *testing.T) {
	web, _, _ := loopback(t)
	cfg := writeConfig(t, fmt.Sprintf("[defaults]\nretry_interval = \"1s\"\n[[services]]\nname = \"Payments\"\nkind = \"http\"\ntarget = \"%s/503\"\nexpect_status = [200]\n", web.URL))
	cfgArgs := []string{"watch", "--config", cfg, "--machine-config", ""}
	cmd := exec.Command(os.Args[0], cfgArgs...)
	cmd.Env = append(os.Environ(), "UPTRAY_RUN_MAIN=1")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan string, 10)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	deadline := time.After(30 * time.Second) // two checks, retry_interval (1 s) apart
	for {
		select {
		case l := <-lines:
			if !strings.Contains(l, "Payments") || !strings.Contains(l, "Unknown → Down") {
				continue
			}
			if !strings.Contains(l, "HTTP 503 (want 200)") {
				t.Fatalf("transition line without the reason: %q", l)
			}
			cmd.Process.Signal(syscall.SIGINT)
			if err := cmd.Wait(); err != nil {
				t.Fatalf("after SIGINT: %v, want exit 0", err)
			}
			return
		case <-deadline:
			t.Fatal("no Down transition printed within 30 s")
		}
	}
}

// A command line tool is quiet: no Fyne noise from package start on stderr, whatever
// the locale (C.UTF-8 made Fyne print "Error parsing user locale C": quietlocale).
func TestVersionPrintsNothingOnStderr(t *testing.T) {
	for _, lang := range []string{"en_US.UTF-8", "C.UTF-8", "C", "POSIX", "ko_KR.UTF-8"} {
		cmd := exec.Command(os.Args[0], "version")
		cmd.Env = append(os.Environ(), "UPTRAY_RUN_MAIN=1", "LANG="+lang, "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatal(err)
		}
		if stderr.Len() > 0 {
			t.Errorf("LANG=%s: uptray version wrote to stderr:\n%s", lang, stderr.String())
		}
	}
}
