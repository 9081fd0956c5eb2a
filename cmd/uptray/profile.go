package main

import (
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile to $UPTRAY_CPUPROFILE while the command runs, for
// the footprint work (`make soak`): where an idle tray spends its time.
func startProfile() (stop func()) {
	path := os.Getenv("UPTRAY_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}
