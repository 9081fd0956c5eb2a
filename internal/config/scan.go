package config

import (
	"fmt"
	"strconv"
	"strings"
)

// The TOML decoder's memory grows with the square of the nesting depth (8,000 levels
// of {a={a=…}} took 863 MB, 50,000 more than 24 GB), with the length of each key's
// full path times the number of keys, and with the number of keys. scanText bounds
// all three before the text reaches it, in one pass that decodes nothing: the
// costliest file it lets through (1 MiB, 12,000 services) decodes in half a second
// and 70 MB.
const (
	// maxDepth is how deep tables, lists and dotted keys may nest. The format needs
	// 5 (sources = [{ rules = [{ match = … }] }]); 16 leaves room for any layout.
	maxDepth = 16
	// maxKeys is the most keys, tables and inline tables a file may hold: the
	// decoder spends 1 to 6 KB on each. 1,000 services take some 10,000.
	maxKeys = 50_000
	// linesDepth is the deepest level whose keys get a line: errors name no deeper
	// key ("sources[1].rules[2].critical"), and deeper ones fall back to it.
	linesDepth = 5
	// maxKeyPath is the longest full path of a key, table names included.
	maxKeyPath = 256
)

// keyLines maps the path of each key, table header and inline table to its line:
// "defaults.interval", "services[2]", "services[2].critical",
// "sources[1].rules[2].match" (indices from 1, as errors name them).
type keyLines map[string]int

// of returns the line of path, or of the nearest enclosing key or table that has
// one (a value inside a list is reported at its key); 0 when none does.
func (kl keyLines) of(path string) int {
	for path != "" {
		if n, ok := kl[path]; ok {
			return n
		}
		path = path[:max(strings.LastIndexAny(path, ".["), 0)]
	}
	return 0
}

// scanText walks TOML text as far as its structure: it skips strings and comments,
// follows table headers, keys and brackets, refuses what passes maxDepth, maxKeys or
// maxKeyPath, with the line where it stopped, and records the line of each key down
// to linesDepth. What is not TOML it passes over: the decoder words syntax errors
// better.
func scanText(text string) (lines keyLines, line int, err error) {
	s := &scanner{text: text, line: 1, lines: keyLines{}, arrays: map[string]int{}}
	if err := s.run(); err != nil {
		return nil, s.line, err
	}
	return s.lines, 0, nil
}

type scanner struct {
	text   string
	i      int
	line   int
	lines  keyLines
	arrays map[string]int // entries so far of each array of tables, by path
	keys   int            // keys, tables and inline tables so far
	table  frame          // the current [table] or [[array]] entry
	stack  []frame        // open lists and inline tables
}

// frame is a table or list: its path, its nesting level, and for a list the commas
// seen (its next element's index) or for an inline table whether a key comes next.
type frame struct {
	list    bool
	path    string
	level   int
	commas  int
	keyNext bool
}

var (
	errTooDeep  = fmt.Errorf("nested more than %d levels deep (tables, lists and dotted keys): not a configuration Uptray can read", maxDepth)
	errManyKeys = fmt.Errorf("more than %d keys and tables: not a configuration Uptray can read", maxKeys)
	errLongKey  = fmt.Errorf("a key whose full name is longer than %d characters: not a configuration Uptray can read", maxKeyPath)
)

func (s *scanner) run() error {
	lineStart := true // and outside any list or inline table
	for s.i < len(s.text) {
		c := s.text[s.i]
		switch c {
		case '\n':
			s.line++
			s.i++
			lineStart = len(s.stack) == 0
			continue
		case ' ', '\t', '\r':
			s.i++
			continue
		case '#':
			s.skipComment()
			continue
		}
		atStart := lineStart
		lineStart = false
		keyHere := atStart || len(s.stack) > 0 && s.top().keyNext
		var err error
		switch {
		case atStart && c == '[':
			err = s.header()
		case keyHere && (isBareKeyByte(c) || c == '"' || c == '\''):
			err = s.keyValue()
		case c == '"' || c == '\'':
			s.skipString()
		case c == '[' || c == '{':
			err = s.open(c == '[')
		case c == ']' || c == '}':
			if len(s.stack) > 0 {
				s.stack = s.stack[:len(s.stack)-1]
			}
			s.i++
		case c == ',' && len(s.stack) > 0:
			if f := s.top(); f.list {
				f.commas++
			} else {
				f.keyNext = true
			}
			s.i++
		default:
			s.i++
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *scanner) top() *frame { return &s.stack[len(s.stack)-1] }

// header reads "[a.b]" or "[[a.b]]" and makes it the current table.
func (s *scanner) header() error {
	s.i++ // [
	array := s.i < len(s.text) && s.text[s.i] == '['
	if array {
		s.i++
	}
	keys, ok := s.key()
	if !ok {
		return nil
	}
	if len(keys) > maxDepth {
		return errTooDeep
	}
	path := ""
	for k, key := range keys {
		path = join(path, key)
		if k == len(keys)-1 && array {
			s.arrays[path]++
		}
		if n := s.arrays[path]; n > 0 {
			path += "[" + strconv.Itoa(n) + "]" // the array's latest entry
		}
	}
	if len(path) > maxKeyPath {
		return errLongKey
	}
	s.table = frame{path: path, level: len(keys)}
	return s.record(path, len(keys))
}

// keyValue reads "a.b =" at the start of a line or in an inline table, and the value
// after it up to its first list or inline table, which run then follows.
func (s *scanner) keyValue() error {
	in := &s.table
	if len(s.stack) > 0 {
		in = s.top()
		in.keyNext = false
	}
	keys, ok := s.key()
	if !ok {
		return nil // not a key: the decoder will say what it is
	}
	level := in.level + len(keys)
	path := in.path
	for _, key := range keys {
		path = join(path, key)
	}
	if level > maxDepth {
		return errTooDeep
	}
	if len(path) > maxKeyPath {
		return errLongKey
	}
	if err := s.record(path, level); err != nil {
		return err
	}
	s.skipSpace()
	if s.i >= len(s.text) || s.text[s.i] != '=' {
		return nil
	}
	s.i++
	s.skipSpace()
	if s.i < len(s.text) && (s.text[s.i] == '[' || s.text[s.i] == '{') {
		return s.push(s.text[s.i] == '[', path, level)
	}
	return nil
}

// open starts a list or inline table found as a list's element.
func (s *scanner) open(list bool) error {
	if len(s.stack) == 0 || !s.top().list {
		s.i++ // not where a value goes: the decoder will say so
		return nil
	}
	f := s.top()
	path := f.path + "[" + strconv.Itoa(f.commas+1) + "]"
	if err := s.record(path, f.level+1); err != nil {
		return err
	}
	return s.push(list, path, f.level+1)
}

func (s *scanner) push(list bool, path string, level int) error {
	if level >= maxDepth {
		return errTooDeep
	}
	s.stack = append(s.stack, frame{list: list, path: path, level: level, keyNext: !list})
	s.i++
	return nil
}

// record counts a key, table or inline table and notes its line.
func (s *scanner) record(path string, level int) error {
	if s.keys++; s.keys > maxKeys {
		return errManyKeys
	}
	if _, ok := s.lines[path]; !ok && level <= linesDepth {
		s.lines[path] = s.line
	}
	return nil
}

// key reads a dotted key of bare and quoted parts, up to what follows it.
func (s *scanner) key() (keys []string, ok bool) {
	for {
		s.skipSpace()
		start := s.i
		switch {
		case s.i < len(s.text) && (s.text[s.i] == '"' || s.text[s.i] == '\''):
			s.skipString()
			keys = append(keys, strings.Trim(s.text[start:s.i], `"'`))
		default:
			for s.i < len(s.text) && isBareKeyByte(s.text[s.i]) {
				s.i++
			}
			if s.i == start {
				return keys, len(keys) > 0
			}
			keys = append(keys, s.text[start:s.i])
		}
		if len(keys) > maxDepth {
			return keys, true // the caller refuses it; read no further
		}
		s.skipSpace()
		if s.i >= len(s.text) || s.text[s.i] != '.' {
			return keys, true
		}
		s.i++
	}
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

func (s *scanner) skipSpace() {
	for s.i < len(s.text) && (s.text[s.i] == ' ' || s.text[s.i] == '\t') {
		s.i++
	}
}

func (s *scanner) skipComment() {
	if n := strings.IndexByte(s.text[s.i:], '\n'); n >= 0 {
		s.i += n
	} else {
		s.i = len(s.text)
	}
}

// skipString passes over a basic or literal string, one line or multi-line,
// counting the lines it spans. An unterminated one ends at the end of its line (or
// of the text, multi-line).
func (s *scanner) skipString() {
	q := s.text[s.i]
	if strings.HasPrefix(s.text[s.i:], strings.Repeat(string(q), 3)) {
		s.i += 3
		for s.i < len(s.text) {
			switch c := s.text[s.i]; {
			case c == '\\' && q == '"' && s.i+1 < len(s.text):
				s.i++
				if s.text[s.i] == '\n' {
					s.line++
				}
			case c == '\n':
				s.line++
			case c == q && strings.HasPrefix(s.text[s.i:], strings.Repeat(string(q), 3)):
				s.i += 3
				for s.i < len(s.text) && s.text[s.i] == q { // up to two quotes end the content
					s.i++
				}
				return
			}
			s.i++
		}
		return
	}
	for s.i++; s.i < len(s.text); s.i++ {
		switch s.text[s.i] {
		case '\\':
			if q == '"' && s.i+1 < len(s.text) && s.text[s.i+1] != '\n' {
				s.i++
			}
		case q:
			s.i++
			return
		case '\n':
			return
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
