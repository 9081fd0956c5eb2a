package applog

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	cases := map[string]string{
		"GET https://bob:hunter2@status.example/api failed": "GET https://bob:xxxxx@status.example/api failed",
		"https://am.example/api/v2/alerts?token=abc123&x=1": "https://am.example/api/v2/alerts?token=xxxxx&x=1",
		"Authorization: Bearer eyJhbGciOi.payload.sig":      "Authorization: Bearer xxxxx",
		"https://intranet.example/health":                   "https://intranet.example/health",
		"connect: connection refused":                       "connect: connection refused",
	}
	for in, want := range cases {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLogFileHasNoSecrets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "uptray", "uptray.log")
	log, closer := Open(path, nil, slog.LevelInfo)
	log.Info("source failed", "url", "https://ops:s3cret@gatus.example/", "err", errors.New("GET https://x.example/?api_key=k3y: EOF"))
	closer.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if strings.Contains(text, "s3cret") || strings.Contains(text, "k3y") {
		t.Fatalf("secret in the log: %s", text)
	}
	if !strings.Contains(text, "source failed") || !strings.Contains(text, "gatus.example") {
		t.Fatalf("log lost the message: %s", text)
	}
}
