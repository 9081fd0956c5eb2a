package main

import (
	"encoding/xml"
	"os"
	"strings"
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

// The macOS bundle's Info.plist agrees with FyneApp.toml and keeps both processes out
// of the Dock (LSUIElement), which a Mac cannot be asked about here.
func TestMacInfoPlist(t *testing.T) {
	b, err := os.ReadFile("../../assets/macos/Info.plist")
	if err != nil {
		t.Fatal(err)
	}
	var plist struct {
		Dict struct {
			Items []struct {
				XMLName xml.Name
				Text    string `xml:",chardata"`
			} `xml:",any"`
		} `xml:"dict"`
	}
	if err := xml.Unmarshal(b, &plist); err != nil {
		t.Fatalf("Info.plist: %v", err)
	}
	values := map[string]string{}
	items := plist.Dict.Items
	for i := 0; i+1 < len(items); i += 2 {
		if items[i].XMLName.Local != "key" {
			t.Fatalf("Info.plist: %s where a key belongs", items[i].XMLName.Local)
		}
		v := items[i+1]
		values[items[i].Text] = v.XMLName.Local + ":" + strings.TrimSpace(v.Text)
	}
	for key, want := range map[string]string{
		"LSUIElement":        "true:",
		"CFBundleIdentifier": "string:" + appID,
		"CFBundleExecutable": "string:uptray",
	} {
		if values[key] != want {
			t.Errorf("Info.plist %s = %q, want %q", key, values[key], want)
		}
	}
}
