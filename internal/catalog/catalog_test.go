package catalog

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/uptray/uptray/internal/config"
)

// pageKinds are the check kinds that read a vendor's page: the only kinds a catalog
// entry may have. Some are newer than config's table; validation below tells the two
// apart.
var pageKinds = []string{"statuspage", "instatus", "feed", "incidentio", "betterstack", "slack", "statusio"}

// componentKinds are the kinds that take components (config: only statuspage and
// instatus pages list them all).
var componentKinds = []string{"statuspage", "instatus"}

// statusioPage is a Status.io page's address holding its id (24 hex digits): the
// hosted page, https://status.example.com/pages/<id>, or the Public Status API.
var statusioPage = regexp.MustCompile(`/(pages|1\.0/status)/[0-9a-f]{24}$`)

func TestEmbeddedCatalogParses(t *testing.T) {
	entries, err := parse(catalogJSON)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 40 {
		t.Errorf("%d entries, want at least 40", len(entries))
	}
	if got := All(); len(got) != len(entries) {
		t.Errorf("All() returns %d entries, the file holds %d", len(got), len(entries))
	}
}

func TestParseRejectsWhatIsNotACatalog(t *testing.T) {
	for name, data := range map[string]string{
		"unknown field": `[{"name":"X","category":"code","kind":"feed","target":"https://x.example","source":"s","url":"https://x"}]`,
		"not a list":    `{"name":"X"}`,
		"two values":    `[] []`,
		"broken":        `[{"name":`,
	} {
		if _, err := parse([]byte(data)); err == nil {
			t.Errorf("%s: parse accepted %s", name, data)
		}
	}
}

func TestEveryEntryIsComplete(t *testing.T) {
	for _, e := range All() {
		t.Run(e.Name, func(t *testing.T) {
			if strings.TrimSpace(e.Name) == "" || e.Name != strings.TrimSpace(e.Name) {
				t.Errorf("name %q is blank or has spaces around it", e.Name)
			}
			if !slices.Contains(Categories(), e.Category) {
				t.Errorf("category %q is not one of %v", e.Category, Categories())
			}
			if !slices.Contains(pageKinds, e.Kind) {
				t.Errorf("kind %q is not one of %v", e.Kind, pageKinds)
			}
			if len(strings.TrimSpace(e.Source)) < 10 {
				t.Errorf("source %q does not say where the address was seen", e.Source)
			}
			checkTarget(t, e)
			if len(e.Components) > 0 && !slices.Contains(componentKinds, e.Kind) {
				t.Errorf("components %q on a %s page (only %v take them)", e.Components, e.Kind, componentKinds)
			}
			seen := map[string]bool{}
			for _, c := range e.Components {
				if strings.TrimSpace(c) == "" || c != strings.TrimSpace(c) || strings.Contains(c, ",") {
					t.Errorf("component %q is blank, has spaces around it or a comma (the editor splits on commas)", c)
				}
				if seen[strings.ToLower(c)] {
					t.Errorf("component %q is listed twice", c)
				}
				seen[strings.ToLower(c)] = true
			}
		})
	}
}

// checkTarget: an https URL with a host, nothing that is not the page's address
// (credentials, query, fragment), and the shape its kind needs.
func checkTarget(t *testing.T, e Entry) {
	t.Helper()
	u, err := url.Parse(e.Target)
	switch {
	case err != nil:
		t.Errorf("target %q does not parse: %v", e.Target, err)
		return
	case u.Scheme != "https":
		t.Errorf("target %q is not https", e.Target)
	case u.Host == "" || u.Hostname() != e.Host() || e.Host() == "":
		t.Errorf("target %q has no host", e.Target)
	case u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Port() != "":
		t.Errorf("target %q carries more than the page's address", e.Target)
	case strings.ContainsAny(e.Target, " \t\n"):
		t.Errorf("target %q has spaces", e.Target)
	}
	switch e.Kind {
	case "statuspage", "instatus", "incidentio", "betterstack", "slack":
		// The page's base address: the probe adds the API path.
		if strings.Trim(u.Path, "/") != "" {
			t.Errorf("a %s target is the page's base address, not %q", e.Kind, e.Target)
		}
		if strings.HasSuffix(e.Target, "/") {
			t.Errorf("target %q ends in /", e.Target)
		}
	case "statusio":
		if !statusioPage.MatchString(u.Path) {
			t.Errorf("a statusio target is the page's /pages/<id> address (24 hex digits), not %q", e.Target)
		}
	case "feed":
		if strings.Trim(u.Path, "/") == "" {
			t.Errorf("a feed target is the feed's own address, not the site %q", e.Target)
		}
	}
}

func TestNamesAreUnique(t *testing.T) {
	seen := map[string]string{}
	for _, e := range All() {
		k := strings.ToLower(e.Name)
		if other, dup := seen[k]; dup {
			t.Errorf("%q and %q are the same name", other, e.Name)
		}
		seen[k] = e.Name
	}
}

func TestTargetsAreUnique(t *testing.T) {
	seen := map[string]string{}
	for _, e := range All() {
		k := strings.ToLower(strings.TrimSuffix(e.Target, "/"))
		if other, dup := seen[k]; dup {
			t.Errorf("%s and %s watch the same page %s", other, e.Name, e.Target)
		}
		seen[k] = e.Name
	}
}

// Every category has an entry, and the catalog covers what the issue asks for.
func TestCategoriesAreCovered(t *testing.T) {
	count := map[string]int{}
	for _, e := range All() {
		count[e.Category]++
	}
	for _, c := range Categories() {
		if count[c] == 0 {
			t.Errorf("no entry in category %q", c)
		}
	}
}

func TestAllIsSortedByName(t *testing.T) {
	all := All()
	if !slices.IsSortedFunc(all, func(a, b Entry) int { return compareNames(a.Name, b.Name) }) {
		var names []string
		for _, e := range all {
			names = append(names, e.Name)
		}
		t.Errorf("All() is not sorted by name: %q", names)
	}
}

func TestAllReturnsCopies(t *testing.T) {
	first := All()
	gh := slices.IndexFunc(first, func(e Entry) bool { return e.Name == "GitHub" })
	if gh < 0 || len(first[gh].Components) == 0 {
		t.Fatal("GitHub with components is not in the catalog")
	}
	first[gh].Name = "changed"
	first[gh].Components[0] = "changed"
	first[0].Target = "changed"
	again := All()
	if again[gh].Name != "GitHub" || again[gh].Components[0] == "changed" || again[0].Target == "changed" {
		t.Error("changing what All() returned changed the catalog")
	}
	svc := again[gh].Service()
	svc.Components[0] = "changed"
	if All()[gh].Components[0] == "changed" {
		t.Error("changing a Service() changed the catalog")
	}
}

func TestService(t *testing.T) {
	e, ok := Lookup("github")
	if !ok {
		t.Fatal(`Lookup("github") found nothing`)
	}
	svc := e.Service()
	if svc.Name != "GitHub" || svc.Kind != "statuspage" || svc.Target != "https://www.githubstatus.com" {
		t.Errorf("Service() = %q %q %q", svc.Name, svc.Kind, svc.Target)
	}
	if !slices.Equal(svc.Components, []string{"Git Operations", "Actions", "Pull Requests"}) {
		t.Errorf("Service().Components = %q", svc.Components)
	}
	if svc.Interval.Set || svc.Timeout.Set || svc.Group != "" || svc.Critical {
		t.Errorf("Service() sets more than name, kind, target and components: %+v", svc)
	}
	if _, ok := Lookup("No Such Vendor"); ok {
		t.Error("Lookup found a vendor that is not in the catalog")
	}
}

// TestServicesPassValidation checks each entry's service as the settings editor will,
// through config's own validation. A kind config does not know yet (a page kind being
// added) may only be reported as such; anything else is the entry's mistake.
func TestServicesPassValidation(t *testing.T) {
	c := &config.Config{}
	known := 0
	for _, e := range All() {
		var problems []string
		for _, fe := range c.ValidateService(e.Service()) {
			if fe.Field == "kind" && slices.Contains(pageKinds, e.Kind) {
				continue // not in config's table yet
			}
			problems = append(problems, fe.Error())
		}
		if len(problems) > 0 {
			t.Errorf("%s: %s", e.Name, strings.Join(problems, "; "))
		}
		if !kindUnknownToConfig(c, e) {
			known++
		}
	}
	if known == 0 {
		t.Error("config knows none of the catalog's kinds")
	}
}

// kindUnknownToConfig reports whether config's validation says the entry's kind does
// not exist.
func kindUnknownToConfig(c *config.Config, e Entry) bool {
	for _, fe := range c.ValidateService(e.Service()) {
		if fe.Field == "kind" {
			return true
		}
	}
	return false
}

func names(entries []Entry) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Name
	}
	return out
}

func TestSearch(t *testing.T) {
	for _, tc := range []struct {
		name, query string
		first       []string // the results start with these, in order
		has         []string // and hold these somewhere
		not         []string
	}{
		{name: "name prefix first", query: "git", first: []string{"GitHub", "GitLab"}, has: []string{"DigitalOcean"}},
		{name: "ignores case and spaces", query: "  GIT ", first: []string{"GitHub", "GitLab"}},
		{name: "category", query: "chat", has: []string{"Slack", "Discord"}, not: []string{"GitHub"}},
		{name: "category ranks after names", query: "ai", first: []string{"Airtable"}, has: []string{"OpenAI", "Claude (Anthropic)", "Hugging Face"}},
		{name: "a word of the name", query: "cloud", first: []string{"Cloudflare", "Cloudinary", "Google Cloud", "Splunk Cloud"}, has: []string{"AWS", "Microsoft Azure"}},
		{name: "host", query: "githubstatus", first: []string{"GitHub"}},
		{name: "host shared by a vendor's pages", query: "status.atlassian.com", has: []string{"Bitbucket", "Confluence", "Jira", "Loom", "Trello"}, not: []string{"GitHub"}},
		{name: "a word in brackets", query: "anthropic", first: []string{"Claude (Anthropic)"}},
		{name: "several words", query: "google  cloud", first: []string{"Google Cloud"}, not: []string{"AWS"}},
		{name: "every word somewhere", query: "amazon cloud", first: []string{"AWS"}},
		{name: "nothing", query: "no such vendor", not: []string{"GitHub"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := names(Search(tc.query))
			if len(got) < len(tc.first) || !slices.Equal(got[:len(tc.first)], tc.first) {
				t.Errorf("Search(%q) = %q, want it to start with %q", tc.query, got, tc.first)
			}
			for _, n := range tc.has {
				if !slices.Contains(got, n) {
					t.Errorf("Search(%q) = %q, want %q in it", tc.query, got, n)
				}
			}
			for _, n := range tc.not {
				if slices.Contains(got, n) {
					t.Errorf("Search(%q) = %q, want no %q", tc.query, got, n)
				}
			}
		})
	}
	if got := Search(""); len(got) != len(All()) {
		t.Errorf("Search(\"\") returns %d entries, want all %d", len(got), len(All()))
	}
	if got := Search("no such vendor"); len(got) != 0 {
		t.Errorf("Search(\"no such vendor\") = %q, want nothing", names(got))
	}
}

func TestSearchRanksNamePrefixFirst(t *testing.T) {
	for _, e := range All() {
		q := strings.ToLower(e.Name[:min(3, len(e.Name))])
		got := Search(q)
		if len(got) == 0 {
			t.Errorf("Search(%q) finds nothing, not even %s", q, e.Name)
			continue
		}
		for i, g := range got {
			if !strings.HasPrefix(strings.ToLower(g.Name), q) {
				for _, later := range got[i:] {
					if strings.HasPrefix(strings.ToLower(later.Name), q) {
						t.Errorf("Search(%q): %s ranks before %s, whose name starts with the query", q, g.Name, later.Name)
					}
				}
				break
			}
		}
	}
}
