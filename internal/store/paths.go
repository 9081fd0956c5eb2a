package store

import (
	"net/url"
	"os"
	"path/filepath"
	"runtime"
)

// DefaultPath is where the history file lives: the user's data folder, not the cache,
// because a year of events is worth keeping when the cache is cleaned.
//   - Linux and BSD: $XDG_DATA_HOME/uptray/history.db (~/.local/share/uptray/history.db)
//   - Windows: %LocalAppData%\Uptray\history.db (not roaming: it is this laptop's view)
//   - macOS: ~/Library/Application Support/Uptray/history.db
func DefaultPath() string {
	home, _ := os.UserHomeDir()
	return defaultPath(runtime.GOOS, os.Getenv, home)
}

func defaultPath(goos string, getenv func(string) string, home string) string {
	switch goos {
	case "windows":
		dir := getenv("LocalAppData")
		if dir == "" {
			dir = filepath.Join(home, "AppData", "Local")
		}
		return filepath.Join(dir, "Uptray", "history.db")
	case "darwin", "ios":
		return filepath.Join(home, "Library", "Application Support", "Uptray", "history.db")
	}
	dir := getenv("XDG_DATA_HOME")
	if dir == "" || !filepath.IsAbs(dir) { // the spec says a relative value is to be ignored
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "uptray", "history.db")
}

// fileURI turns a path into the file: URI SQLite reads, so a path with a space
// ("Application Support"), '?' or '#' survives and mode=ro can be given.
func fileURI(path string, query string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	p := filepath.ToSlash(abs)
	if len(p) > 0 && p[0] != '/' {
		p = "/" + p // C:/Users/… becomes file:///C:/Users/…
	}
	return (&url.URL{Scheme: "file", Path: p, RawQuery: query}).String()
}
