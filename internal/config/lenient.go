package config

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// LoadLenient reads both layers as the tray runs them: one broken entry never silences
// the others. It returns every problem, as Load does (Errors, in file order), but also
// a Merged configuration that keeps everything usable:
//
//   - A service whose problems are its own fields (an unknown key, a value of the wrong
//     type or out of range, a missing or bad name, kind or target) stays in Merged with
//     ConfigError set to its first problem ("interval: \"fast\" is not a duration (try
//     \"30s\")"). The engine does not check it; the views show it as a config error.
//     Without a name it is called "Service 3 (no name)" (3: its place in its
//     file), with an unusable one "Service 3 (bad name)"; a second service with a name already used (names are unique regardless
//     of case) is renamed "Mail (duplicate)" and marked, the first keeps the name.
//     Merged's names are therefore unique.
//   - A [[sources]] entry with any problem is left out of Merged (its checks would be
//     guesses); the others run.
//   - A problem outside [[services]] and [[sources]] (a syntax error, an unknown
//     section, a bad [defaults], [connectivity] or [notifications] value) rejects that
//     whole file, as Load does: its layer is empty and the other file runs alone. Those
//     sections set the timing and the offline test of every check, so half-applying a
//     file would run the good services in a way nobody wrote. When each file is valid
//     alone but their [defaults] clash (the user's timeout not below the machine's
//     interval), the user's file is the one rejected.
//
// Machine and User are the files as read (an empty Config for a rejected file); only
// Merged carries ConfigError and the new names. The Loaded is never nil. Load stays
// the strict reading for `uptray check`, `watch`, `validate` and the settings window.
func LoadLenient(files Files) (*Loaded, error) {
	machine, machineErrs, machineRead := readLenient(files.Machine, true)
	machine, machineErrs = withManagedLenient(files, machine, machineErrs)
	user, userErrs, userRead := readLenient(files.User, false)
	all := append(append(Errors(nil), machineErrs...), userErrs...)
	if !machineRead {
		machineErrs = nil // about entries that are not in the (empty) layer
	}
	if !userRead {
		userErrs = nil
	}

	merged, cross, rejectUser := mergeLenient(machine, user, machineErrs, userErrs)
	if rejectUser {
		for i, e := range cross {
			if e.Service == 0 && e.Source == 0 {
				cross[i].File = files.User
			}
		}
		all = appendNew(all, cross)
		user = &Config{}
		merged, cross, _ = mergeLenient(machine, user, machineErrs, nil)
	}
	// Validating the merge finds again what each file already said: keep one of each.
	all = appendNew(all, cross)
	l := &Loaded{Files: files, Machine: machine, User: user, Merged: merged}
	if len(all) > 0 {
		return l, all
	}
	return l, nil
}

// appendNew appends the errors of more that are not in es yet.
func appendNew(es, more Errors) Errors {
	type key struct {
		file, where, field, msg string
		line, svc, src          int
	}
	keyOf := func(e FieldError) key { return key{e.File, e.Where, e.Field, e.Msg, e.Line, e.Service, e.Source} }
	seen := make(map[key]bool, len(es))
	for _, e := range es {
		seen[keyOf(e)] = true
	}
	for _, e := range more {
		if k := keyOf(e); !seen[k] {
			seen[k] = true
			es = append(es, e)
		}
	}
	return es
}

// readLenient reads one layer: an empty Config when the file is missing or rejected
// as a whole (read is false when rejected); else every service and source with Origin
// and Managed set, and the problems of its entries.
func readLenient(path string, managed bool) (c *Config, es Errors, read bool) {
	if path == "" {
		return &Config{}, nil, true
	}
	data, err := readConfigFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Config{}, nil, true
	}
	if err != nil {
		return &Config{}, Errors{{File: path, Msg: err.Error()}}, false
	}
	c, err = Parse(data)
	if err = misplacedManaged(c, managed, err); err != nil && !errors.As(err, &es) {
		es = Errors{{Msg: err.Error()}}
	}
	for i := range es {
		es[i].File = path
	}
	if c == nil || fileLevel(es) {
		return &Config{}, es, false
	}
	for i := range c.Services {
		c.Services[i].Origin, c.Services[i].Managed = path, managed
	}
	for i := range c.Sources {
		c.Sources[i].Origin, c.Sources[i].Managed = path, managed
	}
	return c, es, true
}

// fileLevel reports whether any error is about neither a service nor a source.
func fileLevel(es Errors) bool {
	for _, e := range es {
		if e.Service == 0 && e.Source == 0 {
			return true
		}
	}
	return false
}

// mergeLenient merges two layers, marks the services and drops the sources that
// each file's own problems (machineErrs, userErrs: indices local to their file) or the
// merge's validation name, and returns the merge's own problems pointed at their files.
// rejectUser is true when the merge has a problem outside services and sources,
// which only the two files' [defaults] together can cause.
func mergeLenient(machine, user *Config, machineErrs, userErrs Errors) (m *Config, cross Errors, rejectUser bool) {
	m = Merge(machine, user)
	nm, nms := len(machine.Services), len(machine.Sources)
	problem := make([]string, len(m.Services)) // first problem of each merged service
	badName := make([]bool, len(m.Services))
	dropSource := make([]bool, len(m.Sources))
	mark := func(e FieldError, svc, src int) { // svc, src: 1-based merged indices
		switch {
		case src >= 1 && src <= len(m.Sources):
			dropSource[src-1] = true
		case e.Source == 0 && svc >= 1 && svc <= len(m.Services):
			if problem[svc-1] == "" {
				problem[svc-1] = describeProblem(e)
			}
			if e.Field == "name" {
				badName[svc-1] = true
			}
		}
	}
	for _, e := range machineErrs {
		mark(e, e.Service, e.Source)
	}
	for _, e := range userErrs {
		svc, src := e.Service, e.Source
		if svc > 0 {
			svc += nm
		}
		if src > 0 {
			src += nms
		}
		mark(e, svc, src)
	}
	if err := m.Validate(); err != nil {
		errors.As(err, &cross)
		for _, e := range cross {
			if e.Service == 0 && e.Source == 0 {
				rejectUser = true
			}
			mark(e, e.Service, e.Source)
		}
		pointAtFiles(cross, m, nm, nms)
		// What a file said about an entry's field, the merge says again, sometimes in
		// other words (a duplicate within a file is named by its merged index): the
		// merge only adds what no file could see alone.
		type place struct {
			file     string
			svc, src int
			field    string
		}
		said := map[place]bool{}
		for _, e := range append(append(Errors(nil), machineErrs...), userErrs...) {
			said[place{e.File, e.Service, e.Source, e.Field}] = true
		}
		kept := cross[:0]
		for _, e := range cross {
			if e.Service == 0 && e.Source == 0 || !said[place{e.File, e.Service, e.Source, e.Field}] {
				kept = append(kept, e)
			}
		}
		cross = kept
	}

	// Every name in Merged is unique: the engine knows services by name.
	taken := newNames()
	for i, s := range m.Services {
		if !badName[i] && strings.TrimSpace(s.Name) != "" {
			taken.take(s.Name)
		}
	}
	sources := m.Sources[:0:0]
	for k, src := range m.Sources {
		if !dropSource[k] {
			sources = append(sources, src)
			taken.take(src.Name)
		}
	}
	services := make([]Service, len(m.Services))
	for i, s := range m.Services {
		s.ConfigError = problem[i]
		if blank := strings.TrimSpace(s.Name) == ""; blank || nameProblem(s.Name) {
			local := i + 1
			if i >= nm {
				local = i - nm + 1
			}
			what := "no name"
			if !blank {
				what = "bad name" // too long, or with control characters
			}
			s.Name = taken.unique(fmt.Sprintf("Service %d (%s)", local, what))
		} else if badName[i] {
			s.Name = taken.unique(s.Name + " (duplicate)")
		}
		services[i] = s
	}
	m.Services, m.Sources = services, sources
	if len(m.Services) == 0 {
		m.Services = nil
	}
	if len(m.Sources) == 0 {
		m.Sources = nil
	}
	return m, cross, rejectUser
}

// describeProblem words an error for ConfigError: "<field>: <what is wrong>".
func describeProblem(e FieldError) string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

// names hands out names unique regardless of case.
type names struct {
	taken map[string]bool
	// next is, per base name, the number to try next: 20,000 services of one name
	// are renamed in linear time, not by counting up from 2 for each.
	next map[string]int
}

func newNames() *names { return &names{taken: map[string]bool{}, next: map[string]int{}} }

func (u *names) take(name string) { u.taken[strings.ToLower(name)] = true }

// unique returns base, or base followed by " 2", " 3"… when that is taken, and
// takes it.
func (u *names) unique(base string) string {
	key := strings.ToLower(base)
	name := base
	n := max(u.next[key], 2)
	for u.taken[strings.ToLower(name)] {
		name = base + " " + strconv.Itoa(n)
		n++
	}
	u.next[key] = n
	u.take(name)
	return name
}
