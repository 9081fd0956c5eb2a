package main

import (
	"os"
	"testing"
	"unsafe"
)

// The test binary's own mappings: code and constants are listed, the relocated
// read-only page and the writable data are not.
func TestCleanMappingsSkipWrittenPages(t *testing.T) {
	exe, err := os.Readlink("/proc/self/exe")
	if err != nil {
		t.Skip(err)
	}
	clean := cleanMappingsOf(exe)
	if len(clean) < 2 {
		t.Fatalf("clean mappings of %s: %v, want at least code and constants", exe, clean)
	}
	var pc uintptr
	for _, m := range clean {
		if m[0] >= m[1] {
			t.Fatalf("empty or reversed range %x", m)
		}
		pc = max(pc, m[1])
	}
	// A writable variable of this program must lie outside every listed range.
	addr := uintptrOf(&writable)
	for _, m := range clean {
		if addr >= m[0] && addr < m[1] {
			t.Fatalf("the writable variable at %x is inside a listed range %x", addr, m)
		}
	}
	trimExecutable() // and the program goes on running
	writable++
	if writable != 2 || len(cleanMappingsOf(exe)) == 0 {
		t.Fatal("after trimming, the program's state or mappings are gone")
	}
}

var writable = 1

func uintptrOf(p *int) uintptr { return uintptr(unsafe.Pointer(p)) }
