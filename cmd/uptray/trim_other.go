//go:build !linux

package main

// trimExecutable is Linux's (see trim_linux.go); macOS and Windows map executables
// differently.
func trimExecutable() {}
