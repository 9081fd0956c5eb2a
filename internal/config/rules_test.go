package config

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestMatchName(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"*", "Intranet / home page", true},
		{"*", "", true},
		{"*", "core/api", true},
		{"prod/payments*", "prod/payments-api", true},
		{"prod/payments*", "prod/payments", true},
		{"prod/payments*", "staging/payments-api", false},
		{"prod/payments*", "payments-api", false},
		{"*/db", "core/db", true},
		{"*/db", "a/b/db", true},
		{"*db", "a/b/db", true},
		{"core-*", "core-api", true},
		{"core-*", "edge-api", false},
		{"db?", "db1", true},
		{"db?", "db12", false},
		{"a?c", "a/c", true}, // ? is any one character, "/" too
		{"a?c", "aéc", true}, // one character, not one byte
		{"*-staging", "api-staging", true},
		{"*a*b*c*", "xxaxxbxxcxx", true},
		{"*a*b*c*", "xxaxxcxxbxx", false},
		{"Mail", "mail", false}, // case-sensitive, as before
		{"[a-c]x", "bx", true},
		{"[a-c]x", "dx", false},
		{"[^a-c]x", "dx", true},
		{"[!a-c]x", "bx", false},
		{"[/]", "/", true},
		{`\*`, "*", true},
		{`\*`, "x", false},
		{`a\[b`, "a[b", true},
		{"web-[a", "web-a", false}, // malformed: matches nothing
		{"x\\", "x", false},
		{"[]", "x", false},
	}
	for _, tt := range tests {
		if got := MatchName(tt.pattern, tt.name); got != tt.want {
			t.Errorf("MatchName(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
	// A hard pattern on a long name stays quick (no exponential backtracking).
	long := strings.Repeat("a", 10000)
	if MatchName(strings.Repeat("*a", 50)+"b", long) {
		t.Error("matched a name without b")
	}
}

func TestCheckPattern(t *testing.T) {
	for _, p := range []string{"*", "a/b*", "db?", "[a-z]*", "[^a]", `\*`, "[\\]]", "é*"} {
		if err := checkPattern(p); err != nil {
			t.Errorf("checkPattern(%q) = %v", p, err)
		}
	}
	for _, p := range []string{"[", "web-[a", "[]", "[^]", "x\\", "[a-", "[-a]", "\xff"} {
		if checkPattern(p) == nil {
			t.Errorf("checkPattern(%q) accepted a bad pattern", p)
		}
	}
}

func TestWantsNamesWithSlash(t *testing.T) {
	s := Source{Include: []string{"*"}}
	if !s.Wants("Intranet / home page") || !s.Wants("home page", "Intranet/home page") {
		t.Error(`include ["*"] drops a name holding "/"`)
	}
	s = Source{Include: []string{"prod/*"}, Exclude: []string{"*/legacy*"}}
	if !s.Wants("payments", "prod/payments") || s.Wants("legacy-db", "prod/legacy-db") || s.Wants("x", "staging/x") {
		t.Error("include/exclude on group/name")
	}
}

func TestRuleFor(t *testing.T) {
	s := Source{Rules: []SourceRule{
		{Match: "prod/payments*", Fallback: "Use the offline card terminal", Critical: true},
		{Match: "prod/*", Fallback: "Call the on-call engineer"},
		{Match: "*", Critical: true},
	}}
	tests := []struct {
		names []string
		want  int // index of the rule; -1 for none
	}{
		{[]string{"payments-api", "prod/payments-api"}, 0},
		{[]string{"payments-api"}, 2}, // no group: only the catch-all
		{[]string{"mail", "prod/mail"}, 1},
		{[]string{"Intranet / home page"}, 2},
	}
	for _, tt := range tests {
		r, ok := s.RuleFor(tt.names...)
		if !ok || !reflect.DeepEqual(r, s.Rules[tt.want]) {
			t.Errorf("RuleFor(%q) = %+v %v, want rule %d", tt.names, r, ok, tt.want+1)
		}
	}
	// Order decides: the first matching rule wins, even when a later one is closer.
	s.Rules[0], s.Rules[1] = s.Rules[1], s.Rules[0]
	if r, _ := s.RuleFor("payments-api", "prod/payments-api"); r.Fallback != "Call the on-call engineer" || r.Critical {
		t.Errorf("first rule did not win: %+v", r)
	}
	if _, ok := (Source{Rules: []SourceRule{{Match: "x*"}}}).RuleFor("y"); ok {
		t.Error("a rule matched what it should not")
	}
}

func TestRulesInFullExample(t *testing.T) {
	g, _ := loadFull(t).Source("Ops Gatus")
	want := []SourceRule{
		{Match: "core/payments*", Fallback: "Use the offline card terminal", Critical: true},
		{Match: "*", Fallback: "Ask the IT desk"},
	}
	if !reflect.DeepEqual(g.Rules, want) {
		t.Errorf("rules %+v, want %+v", g.Rules, want)
	}
}

func TestValidateRules(t *testing.T) {
	c := &Config{}
	src := Source{Name: "Ops", Kind: "gatus", URL: "https://g.example", Rules: []SourceRule{
		{Match: "prod/*", Critical: true},
		{Match: "web-[a", Fallback: "x"},
		{Match: " ", Fallback: "y"},
	}}
	es := c.ValidateSource(src)
	if len(es) != 2 || len(es.ForSource(0, "rules[2].match")) != 1 || len(es.ForSource(0, "rules[3].match")) != 1 {
		t.Errorf("errors %v", es)
	}
	c.Sources = []Source{src}
	err := c.Validate()
	if err == nil || !strings.Contains(err.Error(), `sources[1] "Ops": rules[2].match: "web-[a" is not a name pattern`) {
		t.Errorf("Validate = %v", err)
	}
}

func TestMachineSourcesKeepTheirRules(t *testing.T) {
	dir := t.TempDir()
	rules := []SourceRule{{Match: "prod/payments*", Fallback: "Use the offline card terminal", Critical: true}}
	machine := writeLayer(t, dir, "machine.toml", `
[[sources]]
name = "Ops"
kind = "gatus"
url = "https://gatus.example"

[[sources.rules]]
match = "prod/payments*"
fallback = "Use the offline card terminal"
critical = true
`)
	user := writeLayer(t, dir, "user.toml", `
[[sources]]
name = "Mine"
kind = "gatus"
url = "https://mine.example"
rules = [{ match = "*", fallback = "Wait" }]
`)
	for name, load := range map[string]func(Files) (*Loaded, error){"Load": Load, "LoadLenient": LoadLenient} {
		l, err := load(Files{Machine: machine, User: user})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ops, _ := l.Merged.Source("Ops")
		mine, _ := l.Merged.Source("Mine")
		if !reflect.DeepEqual(ops.Rules, rules) || !ops.Managed || len(mine.Rules) != 1 || mine.Rules[0].Fallback != "Wait" {
			t.Errorf("%s: sources %+v", name, l.Merged.Sources)
		}
	}
	// Saving the user's layer writes its rules back.
	l, _ := Load(Files{Machine: machine, User: user})
	out := filepath.Join(dir, "saved.toml")
	if err := Save(out, l.User); err != nil {
		t.Fatal(err)
	}
	back, err := LoadFile(out)
	if err != nil || !reflect.DeepEqual(back.Sources[0].Rules, l.User.Sources[0].Rules) {
		t.Errorf("saved rules %+v %v", back, err)
	}
}

func TestRuleUnknownKeysNamed(t *testing.T) {
	_, err := Parse([]byte(`
[[sources]]
name = "Ops"
kind = "gatus"
url = "https://g.example"

[[sources.rules]]
match = "a*"

[[sources.rules]]
match = "b*"
criticl = true
`))
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 || es[0].Field != "rules[2].criticl" || es[0].Source != 1 ||
		!strings.Contains(es[0].Msg, `did you mean "critical"?`) {
		t.Errorf("Parse = %#v", err)
	}
}
