package source

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
)

func TestFinishIncludeAllKeepsNamesWithSlash(t *testing.T) {
	src := config.Source{Include: []string{"*"}}
	got := finished(t, src, []Entry{{Name: "Intranet / home page"}, {Name: "api", Group: "core/eu"}, {Name: "db"}})
	if len(got) != 3 {
		t.Errorf(`include ["*"] kept %+v`, got)
	}
	src = config.Source{Include: []string{"core/*"}, Exclude: []string{"*/legacy / old"}}
	got = finished(t, src, []Entry{{Name: "api", Group: "core"}, {Name: "legacy / old", Group: "core"}, {Name: "x", Group: "edge"}})
	if len(got) != 1 || got[0].Name != "api" {
		t.Errorf("include/exclude with slashes kept %+v", got)
	}
}

func TestFinishRules(t *testing.T) {
	src := config.Source{Rules: []config.SourceRule{
		{Match: "prod/payments*", Fallback: "Use the offline card terminal", Critical: true},
		{Match: "prod/*", Fallback: "Call the on-call engineer"},
		{Match: "Intranet / *", Critical: true},
	}}
	got := finished(t, src, []Entry{
		{Name: "payments-api", Group: "prod"},
		{Name: "mail", Group: "prod"},
		{Name: "payments-api", Group: "staging"},
		{Name: "Intranet / home page"},
	})
	want := []struct {
		name, fallback string
		critical       bool
	}{
		{"payments-api", "Use the offline card terminal", true},
		{"mail", "Call the on-call engineer", false},
		{"payments-api (staging)", "", false}, // renamed after the rules matched its own name
		{"Intranet / home page", "", true},
	}
	if len(got) != len(want) {
		t.Fatalf("entries %+v", got)
	}
	for i, w := range want {
		if g := got[i]; g.Name != w.name || g.Fallback != w.fallback || g.Critical != w.critical {
			t.Errorf("entry %d = %q %q %v, want %+v", i, g.Name, g.Fallback, g.Critical, w)
		}
	}
	// The first matching rule wins.
	src.Rules[0], src.Rules[1] = src.Rules[1], src.Rules[0]
	got = finished(t, src, []Entry{{Name: "payments-api", Group: "prod"}})
	if got[0].Fallback != "Call the on-call engineer" || got[0].Critical {
		t.Errorf("rule order: %+v", got[0])
	}
}

func TestGatusRules(t *testing.T) {
	srv := newServer(t, gatusRoutes)
	src := config.Source{Name: "Ops", Kind: "gatus", URL: srv.URL + "/ok/", Rules: []config.SourceRule{
		{Match: "core/api", Fallback: "Use the read-only mirror", Critical: true},
		{Match: "postgres"},
	}}
	entries, err, _ := fetch(t, src, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		wantFallback, wantCritical := "", false
		if e.Name == "api" && e.Group == "core" {
			wantFallback, wantCritical = "Use the read-only mirror", true
		}
		if e.Fallback != wantFallback || e.Critical != wantCritical {
			t.Errorf("%s/%s: fallback %q critical %v", e.Group, e.Name, e.Fallback, e.Critical)
		}
	}
}

// quadraticNames is the renaming finish did before it was made linear: its names are
// the reference.
func quadraticNames(entries []Entry) []string {
	seen := map[string]bool{}
	var names []string
	for _, e := range entries {
		name := e.Name
		if seen[name] && e.Group != "" && !seen[name+" ("+e.Group+")"] {
			name += " (" + e.Group + ")"
		}
		for n := 2; seen[name]; n++ {
			name = e.Name + " " + strconv.Itoa(n)
		}
		seen[name] = true
		names = append(names, name)
	}
	return names
}

func TestFinishNamesAsBefore(t *testing.T) {
	// Names that collide with the generated ones ("a 2", "a (g)") on purpose.
	pool := []string{"a", "a 2", "a 3", "a (g)", "a (g) 2", "b", "b 2"}
	groups := []string{"", "", "g", "h"}
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 2000 {
		entries := make([]Entry, r.IntN(12)+1)
		for i := range entries {
			entries[i] = Entry{Name: pool[r.IntN(len(pool))], Group: groups[r.IntN(len(groups))]}
		}
		want := quadraticNames(entries)
		got := finished(t, config.Source{}, append([]Entry(nil), entries...))
		for i := range got {
			if got[i].Name != want[i] {
				t.Fatalf("round %d: entries %+v\n got %v\nwant %v", round, entries, names(got), want)
			}
		}
	}
}

// finished is finish with a context that does not end.
func finished(t *testing.T, src config.Source, entries []Entry) []Entry {
	t.Helper()
	out, err := finish(context.Background(), time.Now(), src, entries)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func names(entries []Entry) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Name
	}
	return out
}

func TestFinishManySameName(t *testing.T) {
	const n = 20000
	entries := make([]Entry, n)
	for i := range entries {
		entries[i] = Entry{Name: "check", Group: []string{"", "g"}[i%2]}
	}
	got := finished(t, config.Source{Include: []string{"*"}}, entries)
	if len(got) != n {
		t.Fatalf("%d entries, want %d", len(got), n)
	}
	seen := make(map[string]bool, n)
	for _, e := range got {
		if seen[e.Name] {
			t.Fatalf("name %q twice", e.Name)
		}
		seen[e.Name] = true
	}
	if got[0].Name != "check" || got[1].Name != "check (g)" || got[2].Name != "check 2" || got[n-1].Name != fmt.Sprintf("check %d", n-1) {
		t.Errorf("names %q %q %q … %q", got[0].Name, got[1].Name, got[2].Name, got[n-1].Name)
	}
}
