// Package catalog is the list of vendor status pages staff can pick from instead of
// typing an address ("Add from catalog…" in the service editor): one entry per service
// companies commonly depend on, each with the kind of page it is, its address and, where
// useful, the components worth watching. The list is catalog.json, embedded in the
// binary; every entry names in its source field where its address and platform were
// seen, so an entry can be checked and corrected.
//
// The package reads only its embedded data: no network, no files.
package catalog

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/uptray/uptray/internal/config"
)

//go:embed catalog.json
var catalogJSON []byte

// Entry is one service of the catalog.
type Entry struct {
	// Name is the service as staff know it: "GitHub", "Google Workspace".
	Name string `json:"name"`
	// Category is one of Categories(): "code", "chat", "cloud"…
	Category string `json:"category"`
	// Kind is the check kind that reads the vendor's page: "statuspage", "feed"…
	Kind string `json:"kind"`
	// Target is the page's https address, as the kind takes it.
	Target string `json:"target"`
	// Components are the page's components worth watching (statuspage and instatus
	// only); empty means the whole page.
	Components []string `json:"components,omitempty"`
	// Source says where the address and the platform were seen.
	Source string `json:"source"`
}

// categories is the fixed list an entry's category comes from, in the order a list of
// them is shown.
var categories = []string{
	"code", "chat", "video", "office", "cloud", "identity", "payments", "cdn", "ai",
	"ticketing", "monitoring", "email", "storage", "design", "crm", "hr", "other",
}

// Categories returns the categories an entry may have, in display order.
func Categories() []string { return slices.Clone(categories) }

// Service returns the entry as a service to add: its name, kind, target and
// components; everything else is left to the defaults.
func (e Entry) Service() config.Service {
	return config.Service{
		Name:       e.Name,
		Kind:       e.Kind,
		Target:     e.Target,
		Components: slices.Clone(e.Components),
	}
}

// Host is the host name of the entry's target ("www.githubstatus.com"), lower case.
func (e Entry) Host() string {
	u, err := url.Parse(e.Target)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// loaded is the embedded catalog, read once, sorted by name. It is never changed:
// callers get copies.
var loaded = sync.OnceValues(func() ([]Entry, error) { return parse(catalogJSON) })

// All returns every entry, sorted by name (ignoring case).
func All() []Entry {
	entries, err := loaded()
	if err != nil {
		// The data is compiled in and its test reads it: this is a broken build.
		panic(err)
	}
	return cloneEntries(entries)
}

// Lookup returns the entry called name (ignoring case).
func Lookup(name string) (Entry, bool) {
	key := strings.ToLower(strings.TrimSpace(name))
	for _, e := range All() {
		if strings.ToLower(e.Name) == key {
			return e, true
		}
	}
	return Entry{}, false
}

// parse reads a catalog: a JSON list of entries, no unknown fields, sorted by name on
// the way out.
func parse(data []byte) ([]Entry, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var entries []Entry
	if err := dec.Decode(&entries); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("catalog: more than one JSON value")
	}
	slices.SortStableFunc(entries, func(a, b Entry) int { return compareNames(a.Name, b.Name) })
	return entries, nil
}

func compareNames(a, b string) int {
	if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func cloneEntries(in []Entry) []Entry {
	out := slices.Clone(in)
	for i := range out {
		out[i].Components = slices.Clone(out[i].Components)
	}
	return out
}
