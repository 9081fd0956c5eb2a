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

func printVersion(w io.Writer) {
	d := date
	if d == "" {
		d = "unknown"
	}
	fmt.Fprintf(w, "uptray %s (commit %s, built %s, %s %s/%s)\n", version, buildCommit(), d, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
