package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// Set by the build (-ldflags "-X main.version=…"): see the Makefile. Not hand-edited.
var (
	version = "dev"
	commit  = ""
	date    = ""
)

// buildCommit falls back to what the Go toolchain recorded when the build did not say.
func buildCommit() string {
	if commit != "" {
		return commit
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" {
				return s.Value
			}
		}
	}
	return "unknown"
}

// versionLine is "0.1.0 (commit abc1234, built 2026-11-27T10:00:00Z)".
func versionLine() string {
	d := date
	if d == "" {
		d = "unknown"
	}
	return fmt.Sprintf("%s (commit %s, built %s)", version, buildCommit(), d)
}

func printVersion(w io.Writer) {
	fmt.Fprintf(w, "uptray %s %s %s/%s\n", versionLine(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
