package config

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// checkUnknownKeys reports every key the format does not know, with where it is and
// the nearest known key: a typo ("intervall") must never be ignored silently.
func checkUnknownKeys(l *errorList, raw map[string]any, c *Config, lines keyLines) {
	top := tomlKeys(reflect.TypeOf(Config{}))
	for _, k := range sortedKeys(raw) {
		if _, ok := top[k]; !ok {
			l.at("", 0).addAt(lines.of(k), k, "unknown section or key%s", suggest(k, top))
		}
	}
	// A slice, not a map: errors come out in the same order every time.
	sections := []struct {
		name string
		typ  reflect.Type
	}{
		{"defaults", reflect.TypeOf(Defaults{})},
		{"connectivity", reflect.TypeOf(Connectivity{})},
		{"notifications", reflect.TypeOf(Notifications{})},
		{"interface", reflect.TypeOf(Interface{})},
		{"managed", reflect.TypeOf(Managed{})},
	}
	for _, sec := range sections {
		if table, ok := raw[sec.name].(map[string]any); ok {
			unknownIn(l.at(sec.name, 0), table, tomlKeys(sec.typ), lines, sec.name+".")
		}
	}
	known := tomlKeys(reflect.TypeOf(Service{}))
	for i, table := range tables(raw["services"]) {
		name := ""
		if i < len(c.Services) {
			name = c.Services[i].Name
		}
		unknownIn(l.at(serviceWhere(i, name), i+1), table, known, lines, fmt.Sprintf("services[%d].", i+1))
	}
	known = tomlKeys(reflect.TypeOf(Source{}))
	ruleKeys := tomlKeys(reflect.TypeOf(SourceRule{}))
	for i, table := range tables(raw["sources"]) {
		name := ""
		if i < len(c.Sources) {
			name = c.Sources[i].Name
		}
		path := fmt.Sprintf("sources[%d].", i+1)
		unknownIn(l.atSource(sourceWhere(i, name), i+1), table, known, lines, path)
		for k, rule := range tables(table["rules"]) {
			unknownIn(l, rule, ruleKeys, lines, path, fmt.Sprintf("rules[%d].", k+1))
		}
	}
}

// tables returns an array of tables, written [[x]] or x = [{...}, {...}].
func tables(v any) []map[string]any {
	switch v := v.(type) {
	case []map[string]any: // [[x]]
		return v
	case []any: // x = [{...}, {...}]
		out := make([]map[string]any, 0, len(v))
		for _, t := range v {
			table, _ := t.(map[string]any)
			out = append(out, table)
		}
		return out
	}
	return nil
}

// unknownIn reports the keys of table not in known, each named after prefix: the
// path of a nested table ("rules[2]."), and found on its line by path+prefix.
func unknownIn(l *errorList, table map[string]any, known map[string]bool, lines keyLines, path string, prefix ...string) {
	for _, k := range sortedKeys(table) {
		if !known[k] {
			field := strings.Join(prefix, "") + k
			l.addAt(lines.of(path+field), field, "unknown key%s", suggest(k, known))
		}
	}
}

// tomlKeys lists the keys a struct type accepts, from its toml tags.
func tomlKeys(t reflect.Type) map[string]bool {
	keys := map[string]bool{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ",")
		if name != "" && name != "-" {
			keys[name] = true
		}
	}
	return keys
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// suggest returns ` (did you mean "x"?)` for the closest known key, if one is close.
func suggest(key string, known map[string]bool) Message {
	best, bestDist := "", 3
	for _, k := range sortedKeys(known) {
		if abs(len(key)-len(k)) >= bestDist {
			continue // the distance is at least the difference in length
		}
		if d := editDistance(key, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return Message{}
	}
	return msgf(" (did you mean %q?)", best)
}

func abs(n int) int { return max(n, -n) }

func editDistance(a, b string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
