// Package applog is Uptray's log: log/slog to a size-capped, rotating file in the
// user's cache folder (for the helpdesk), with secrets redacted on the way out.
package applog

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"

	"gopkg.in/natefinch/lumberjack.v2"

	"github.com/uptray/uptray/internal/redact"
)

// Path returns the log file's path: os.UserCacheDir()/uptray/uptray.log.
func Path() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "uptray", "uptray.log")
}

// Open returns a logger writing to path (rotated at 5 MB, 3 old files kept, 28 days)
// and to also (stderr, or nil), and the closer of the file.
func Open(path string, also io.Writer, level slog.Level) (*slog.Logger, io.Closer) {
	file := &lumberjack.Logger{Filename: path, MaxSize: 5, MaxBackups: 3, MaxAge: 28}
	var w io.Writer = file
	if also != nil {
		w = io.MultiWriter(file, also)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: redactAttr})), file
}

// redactAttr removes secrets from every string value before it is written.
func redactAttr(_ []string, a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString:
		return slog.String(a.Key, Redact(a.Value.String()))
	case slog.KindAny:
		if err, ok := a.Value.Any().(error); ok {
			return slog.String(a.Key, Redact(err.Error()))
		}
	}
	return a
}

var bearerPattern = regexp.MustCompile(`(?i)(bearer|basic)\s+[A-Za-z0-9._~+/=-]+`)

// Redact hides passwords in URLs ("https://user:xxxxx@host"), secret query parameters
// ("?token=xxxxx") and Authorization header values in s: the one redaction of URLs
// (internal/redact) plus the header form that only logs carry.
func Redact(s string) string {
	return redact.Text(bearerPattern.ReplaceAllString(s, "$1 "+redact.Mask))
}
