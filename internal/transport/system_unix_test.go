//go:build !windows && !(darwin && cgo)

package transport

import (
	"slices"
	"testing"
)

func TestGVariantStrings(t *testing.T) {
	if got := gvString(`"it's"`); got != "it's" {
		t.Errorf("gvString = %q", got)
	}
	if got := gvString(`'a\'b'`); got != "a'b" {
		t.Errorf("gvString = %q", got)
	}
	got := gvStrings(`['localhost', '127.0.0.0/8', "it's", '*.corp']`)
	if want := []string{"localhost", "127.0.0.0/8", "it's", "*.corp"}; !slices.Equal(got, want) {
		t.Errorf("gvStrings = %q, want %q", got, want)
	}
	if got := gvStrings(`@as []`); got != nil {
		t.Errorf("empty array = %q", got)
	}
	keys := parseGsettings("org.gnome.system.proxy mode 'manual'\norg.gnome.system.proxy.http port 3128\n")
	if keys["mode"] != "'manual'" || keys["http.port"] != "3128" {
		t.Errorf("parseGsettings = %q", keys)
	}
	if kdeServer("http://proxy 3128") != "http://proxy:3128" || kdeServer("http://proxy:3128") != "http://proxy:3128" {
		t.Error("kdeServer")
	}
}
