package catalog

import (
	"slices"
	"strings"
	"unicode"
)

// How well an entry matches a query, best first.
const (
	rankNamePrefix     = iota // "git" → GitHub, GitLab
	rankNameWord              // "cloud" → Google Cloud (a word of the name starts so)
	rankNameContains          // "hub" → GitHub, HubSpot
	rankCategory              // "chat" → Discord, Slack (the category is the query)
	rankHost                  // "atlassian" → Bitbucket, Confluence, Jira… (by address)
	rankCategoryPrefix        // "mon" → the monitoring entries
	rankAllWords              // "google feed"… every word matches somewhere
	noMatch
)

// Search returns the entries that match query, ignoring case, on their name, category
// or address host: those whose name starts with the query first, then those with a
// word of the name starting so, then a name holding the query, then the category, then
// the host; within each, by name. A query of several words that matches nothing whole
// matches entries where every word does. A blank query returns every entry.
func Search(query string) []Entry {
	q := strings.ToLower(strings.Join(strings.Fields(query), " "))
	all := All()
	if q == "" {
		return all
	}
	type hit struct {
		e    Entry
		rank int
	}
	var hits []hit
	for _, e := range all {
		if r := rank(e, q); r != noMatch {
			hits = append(hits, hit{e, r})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		return compareNames(a.e.Name, b.e.Name)
	})
	out := make([]Entry, len(hits))
	for i, h := range hits {
		out[i] = h.e
	}
	return out
}

// rank says how well e matches q (lower case, single spaces).
func rank(e Entry, q string) int {
	name := strings.ToLower(e.Name)
	category := strings.ToLower(e.Category)
	host := e.Host()
	switch {
	case strings.HasPrefix(name, q):
		return rankNamePrefix
	case wordPrefix(name, q):
		return rankNameWord
	case strings.Contains(name, q):
		return rankNameContains
	case category == q:
		return rankCategory
	case host != "" && strings.Contains(host, q):
		return rankHost
	case strings.HasPrefix(category, q):
		return rankCategoryPrefix
	}
	words := strings.Fields(q)
	if len(words) < 2 {
		return noMatch
	}
	for _, w := range words {
		if !strings.Contains(name, w) && !strings.HasPrefix(category, w) && !strings.Contains(host, w) {
			return noMatch
		}
	}
	return rankAllWords
}

// wordPrefix reports whether a word of s, after the first, starts with q: words are
// split at anything but letters and digits ("Claude (Anthropic)", "monday.com").
func wordPrefix(s, q string) bool {
	for i, r := range s {
		if i == 0 || isWordRune(r) {
			continue
		}
		rest := strings.TrimLeftFunc(s[i:], func(r rune) bool { return !isWordRune(r) })
		if strings.HasPrefix(rest, q) {
			return true
		}
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
