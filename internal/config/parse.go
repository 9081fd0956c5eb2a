package config

import (
	"errors"
	"fmt"

	"github.com/BurntSushi/toml"

	"github.com/uptray/uptray/internal/redact"
)

// Parse decodes and validates a configuration from TOML text. A file that does not
// parse, or whose sections outside [[services]] and [[sources]] hold values of the
// wrong type, gives a nil Config; otherwise the Config is returned with the errors,
// each about the entry and field it concerns (with its line where the file says it:
// a value of the wrong type, an unknown key). Text over MaxFileSize, nested deeper
// than maxDepth, with more than maxKeys keys or a key path over maxKeyPath is
// refused before it is decoded.
func Parse(data []byte) (*Config, error) {
	if len(data) > MaxFileSize {
		return nil, Errors{{Msg: "the configuration " + tooLarge(int64(len(data))).Error()}}
	}
	text := string(data)
	lines, line, err := scanText(text)
	if err != nil {
		return nil, Errors{{Line: line, Msg: err.Error()}}
	}
	// The text is parsed once: each top-level value stays as parsed (a Primitive) for
	// the typed decoding, and the same values, as maps, give raw for the unknown keys.
	var top map[string]toml.Primitive
	md, err := toml.Decode(text, &top)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, Errors{{Line: pe.Position.Line, Msg: redact.Text(pe.Message)}}
		}
		return nil, Errors{{Msg: redact.Text(err.Error())}}
	}
	raw := make(map[string]any, len(top))
	for k, p := range top {
		var v any
		md.PrimitiveDecode(p, &v) // into any: it cannot fail
		raw[k] = v
	}
	d := entryDecoder{md: md, lines: lines}
	var c Config
	l := &errorList{}
	// Fields whose value had the wrong type: validation would only repeat it.
	type place struct {
		svc, src int
		field    string
	}
	typed := map[place]bool{}

	sectionsOK := true
	for _, sec := range []struct {
		name string
		v    any
	}{{"defaults", &c.Defaults}, {"connectivity", &c.Connectivity}, {"notifications", &c.Notifications}, {"interface", &c.Interface}, {"managed", &c.Managed}} {
		p, ok := top[sec.name]
		if !ok {
			continue
		}
		l.at(sec.name, 0)
		table, ok := raw[sec.name].(map[string]any)
		if !ok {
			l.addAt(lines.of(sec.name), "", "%s is not a table (write a [%s] section)", show(raw[sec.name]), sec.name)
			sectionsOK = false
			continue
		}
		for f := range d.decode(p, sec.name, sec.name, table, sec.v, l) {
			typed[place{0, 0, f}] = true
			sectionsOK = false
		}
	}

	// Services and sources: each entry on its own (entryDecoder).
	list := func(section string) ([]toml.Primitive, bool) {
		var prims []toml.Primitive
		p, ok := top[section]
		if ok && md.PrimitiveDecode(p, &prims) != nil {
			l.at("", 0).addAt(lines.of(section), section, "%s is not a list of tables (write [[%s]] sections)", show(raw[section]), section)
			return nil, false
		}
		return prims, true
	}
	decodeAll := func(section string, prims []toml.Primitive, at func(i int, name string) *errorList, v func(i int) any) bool {
		entries := tables(raw[section])
		for i, p := range prims {
			var table map[string]any
			if i < len(entries) {
				table = entries[i]
			}
			path := fmt.Sprintf("%s[%d]", section, i+1)
			if table == nil {
				l.at(path, 0).addAt(lines.of(path), "", "is not a table (write a [[%s]] section)", section)
				return false
			}
			name, _ := table["name"].(string)
			el := at(i, name)
			for f := range d.decode(p, section, path, table, v(i), el) {
				typed[place{el.svc, el.src, f}] = true
			}
		}
		return true
	}
	services, okServices := list("services")
	sources, okSources := list("sources")
	if services != nil {
		c.Services = make([]Service, len(services))
	}
	if sources != nil {
		c.Sources = make([]Source, len(sources))
	}
	okServices = okServices && decodeAll("services", services,
		func(i int, name string) *errorList { return l.at(serviceWhere(i, name), i+1) },
		func(i int) any { return &c.Services[i] })
	okSources = okSources && decodeAll("sources", sources,
		func(i int, name string) *errorList { return l.atSource(sourceWhere(i, name), i+1) },
		func(i int) any { return &c.Sources[i] })
	if !okServices || !okSources {
		return nil, l.errs
	}
	checkUnknownKeys(l, raw, &c, lines)
	n := len(l.errs)
	c.validateInto(l)
	if len(typed) > 0 {
		kept := l.errs[:n]
		for _, e := range l.errs[n:] {
			if !typed[place{e.Service, e.Source, e.Field}] {
				kept = append(kept, e)
			}
		}
		l.errs = kept
	}
	switch {
	case !sectionsOK:
		return nil, l.errs
	case len(l.errs) > 0:
		return &c, l.errs
	}
	return &c, nil
}
