package main

import (
	"os"
	"testing"

	"github.com/BurntSushi/toml"
)

// FyneApp.toml is the one place for name, ID and version (the packages read it; the
// Makefile passes the version): the defaults compiled in here must agree with it.
func TestMetadataMatchesFyneAppToml(t *testing.T) {
	var meta struct {
		Details struct{ Name, ID, Version string }
	}
	b, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := toml.Decode(string(b), &meta); err != nil {
		t.Fatal(err)
	}
	if meta.Details.ID != appID || meta.Details.Name != appName {
		t.Errorf("FyneApp.toml says %q %q; the binary uses %q %q", meta.Details.Name, meta.Details.ID, appName, appID)
	}
	if meta.Details.Version == "" {
		t.Error("FyneApp.toml has no version")
	}
}
