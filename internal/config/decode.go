package config

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/uptray/uptray/internal/redact"
)

// Each [[services]] and [[sources]] entry, and each of [defaults], [connectivity]
// and [notifications], is decoded on its own, so that a value of the wrong type
// (critical = "yes") is an error about that field of that entry, on its line, not
// about the whole file: the lenient load can then keep every other entry.

var durationType = reflect.TypeOf(Duration{})

// entryDecoder decodes the parts of one parsed file.
type entryDecoder struct {
	md    toml.MetaData
	lines keyLines
}

// decode decodes one table of the file into v (a *Service, *Source, *Defaults…):
// p is its value as parsed, table the same value as a map, section its name in the
// file ("services", "defaults") and path its place for lines ("services[2]"). When
// the decoder refuses it, the values of the wrong type are reported by field, with
// their line, and the rest is decoded. It returns the fields reported.
func (d entryDecoder) decode(p toml.Primitive, section, path string, table map[string]any, v any, l *errorList) map[string]bool {
	err := d.md.PrimitiveDecode(p, v)
	if err == nil {
		return nil
	}
	bad := map[string]bool{}
	typeErrors(reflect.TypeOf(v).Elem(), table, section, "", func(field string, msg Message) {
		l.addAt(d.lines.of(path+"."+field), field, msg.Format, msg.Args...)
		bad[field] = true
	})
	reflect.ValueOf(v).Elem().SetZero()
	// typeErrors took the bad values out of table, which is the parsed data p holds
	// too: decoding p again reads only the good ones, without parsing anything twice.
	if len(bad) == 0 || d.md.PrimitiveDecode(p, v) != nil {
		// Not a type mistake typeErrors knows: keep the decoder's words.
		l.addAt(d.lines.of(path), "", "%s", redact.Text(strings.TrimPrefix(err.Error(), "toml: ")))
		bad[""] = true
	}
	return bad
}

// typeErrors calls bad for every key of table whose value the struct type t cannot
// take, with the field named as in the file (prefix + key) and what is wrong, and
// deletes that key from table. Unknown keys are left to checkUnknownKeys. section
// names the table in the file ("sources") for nested lists of tables.
func typeErrors(t reflect.Type, table map[string]any, section, prefix string, bad func(field string, msg Message)) {
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ",")
		if name != "" && name != "-" {
			fields[name] = t.Field(i).Type
		}
	}
	for _, key := range sortedKeys(table) {
		ft, ok := fields[key]
		if !ok {
			continue
		}
		v := table[key]
		field := prefix + key
		if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct {
			// A list of tables ([[sources.rules]]): look inside each one.
			list := tables(v)
			if list == nil || slices.ContainsFunc(list, func(m map[string]any) bool { return m == nil }) {
				bad(field, msgf("%s is not a list of tables (write [[%s.%s]] sections)", show(v), section, key))
				delete(table, key)
				continue
			}
			for i, sub := range list {
				typeErrors(ft.Elem(), sub, section+"."+key, fmt.Sprintf("%s[%d].", field, i+1), bad)
			}
			continue
		}
		if msg, wrong := wrongType(ft, v); wrong {
			bad(field, msg)
			delete(table, key)
		}
	}
}

// wrongType says what is wrong with v for a field of type t; wrong is false if it fits.
func wrongType(t reflect.Type, v any) (msg Message, wrong bool) {
	if t == durationType {
		return Message{}, false // Duration takes anything; validation says what is wrong with it
	}
	switch t.Kind() {
	case reflect.Pointer: // *bool: set or not
		return wrongType(t.Elem(), v)
	case reflect.String:
		if _, ok := v.(string); !ok {
			return msgf("%s is not text (write it in quotes)", show(v)), true
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return msgf("%s is not true or false", show(v)), true
		}
	case reflect.Int:
		if _, ok := v.(int64); !ok {
			return msgf("%s is not a whole number", show(v)), true
		}
	case reflect.Slice:
		example := `["a", "b"]`
		if t.Elem().Kind() == reflect.Int {
			example = "[200, 204]"
		}
		list, ok := v.([]any)
		if !ok {
			return msgf("%s is not a list (like %s)", show(v), example), true
		}
		for _, e := range list {
			if msg, wrong := wrongType(t.Elem(), e); wrong {
				if msg.Format == "%s is not text (write it in quotes)" {
					msg = msgf("%s is not text", msg.Args...) // the example shows the quotes
				}
				return msgf("%v (like %s)", msg, example), true
			}
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return msgf(`%s is not a table (like { team = "web" })`, show(v)), true
		}
		for _, k := range sortedKeys(m) {
			if msg, wrong := wrongType(t.Elem(), m[k]); wrong {
				return msgf("%s: %v", k, msg), true
			}
		}
	}
	return Message{}, false
}

// show prints a value read from a file for an error message.
func show(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "a list"
	case time.Time:
		return v.Format(time.RFC3339)
	}
	return fmt.Sprint(v)
}
