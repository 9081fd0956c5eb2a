package config

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// normal drops differences a file cannot express: empty lists that mean the same as
// no list (services, sources, expect_status, components, include, exclude, labels). targets = [] is kept: it differs from no targets.
func normal(c *Config) *Config {
	cp := *withoutOrigin(c)
	if len(cp.Services) == 0 {
		cp.Services = nil
	}
	for i := range cp.Services {
		if len(cp.Services[i].ExpectStatus) == 0 {
			cp.Services[i].ExpectStatus = nil
		}
		if len(cp.Services[i].Components) == 0 {
			cp.Services[i].Components = nil
		}
	}
	if len(cp.Sources) == 0 {
		cp.Sources = nil
	}
	for i := range cp.Sources {
		s := &cp.Sources[i]
		if len(s.Include) == 0 {
			s.Include = nil
		}
		if len(s.Exclude) == 0 {
			s.Exclude = nil
		}
		if len(s.Labels) == 0 {
			s.Labels = nil
		}
		if len(s.Rules) == 0 {
			s.Rules = nil
		}
	}
	return &cp
}

func FuzzParse(f *testing.F) {
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".toml") {
			return err
		}
		data, err := os.ReadFile(path)
		if err == nil {
			f.Add(data)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"",
		"[defaults]\ninterval = \"1m0s\"\ntimeout = \"1.5s\"\n",
		"[notifications]\nremind_every = \"0s\"\nenabled = false\n",
		"[connectivity]\ntargets = []\n",
		"services = []\n",
		"[[services]]\nname = \"a\\tb\\\"c\"\nkind = \"ping\"\ntarget = \"::1\"\n",
		"[[services]]\nname = \"x\"\nkind = \"http\"\ntarget = \"https://x\"\nexpect_status = []\ninterval = {a = 1}\n",
		"[[services]]\n[services.interval]\n",
		"defaults = 5\n",
		"[[services]]\nname = \"x\"\nkind = \"tls\"\ntarget = \"x:1\"\ncert_min_days = -3\n",
		"[[services]]\nname = 3\ncritical = \"yes\"\nexpect_status = [\"200\"]\n",
		"services = [1]\n",
		"[[sources]]\nname = \"s\"\nkind = \"gatus\"\nurl = \"http://x\"\nrules = [{match = \"a/*\"}, 5]\n",
		"[[sources]]\nname = \"s\"\nkind = \"gatus\"\nurl = \"http://x\"\nlabels = {a = 1}\n[[sources.rules]]\nmatch = \"x\"\ncritical = \"no\"\n",
		// Refused before decoding: too deep, too large, a key path too long.
		nested(50_000),
		nested(maxDepth),
		nested(maxDepth - 1),
		"[[sources]]\nrules = [" + strings.Repeat("{a=[", 20) + "\n",
		"x" + strings.Repeat(".a", 100) + " = 1\n",
		strings.Repeat("#", MaxFileSize+1),
		"[" + strings.Repeat("k", 300) + "]\nb = 1\n",
	} {
		f.Add([]byte(s))
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if len(data) > MaxFileSize && err == nil {
			t.Fatal("text over MaxFileSize accepted")
		}
		if err != nil {
			if _, ok := err.(Errors); !ok {
				t.Fatalf("Parse error is %T, not Errors: %v", err, err)
			}
			if len(err.(Errors)) == 0 || err.Error() == "" {
				t.Fatalf("empty error")
			}
			return
		}
		if c == nil {
			t.Fatal("nil config without an error")
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("Parse accepted what Validate refuses: %v", err)
		}
		out, err := Encode(c)
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		back, err := Parse(out)
		if err != nil {
			t.Fatalf("encoded config does not parse: %v\ninput:\n%s\nencoded:\n%s", err, data, out)
		}
		if !reflect.DeepEqual(normal(back), normal(c)) {
			t.Fatalf("round trip changed the config:\n got %+v\nwant %+v\ninput:\n%s\nencoded:\n%s", back, c, data, out)
		}
		if !slices.Equal(back.ConnectivityTargets(), c.ConnectivityTargets()) || len(back.Specs()) != len(c.Specs()) {
			t.Fatal("resolved values differ")
		}
	})
}
