package config

import (
	"fmt"
	"strings"
)

// FieldError is one problem in a configuration, pinned to where it is.
type FieldError struct {
	File    string // the file, when known
	Line    int    // the line in the file, when known (syntax, a value of the wrong type, an unknown key)
	Where   string // `services[2] "Mail"`, `defaults`, `connectivity`; empty for the whole file
	Service int    // 1-based index of the service, 0 when not about a service
	Source  int    // 1-based index of the source ([[sources]]), 0 when not about a source
	Field   string // the key, as written in the file: "interval"
	Msg     string // what is wrong and, where it helps, what to write instead
}

func (e FieldError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File + ": ")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Where != "" {
		b.WriteString(e.Where + ": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found in a configuration, in file order.
type Errors []FieldError

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// For returns the errors about one field of one service (1-based index; 0 for the
// sections outside services): the settings window shows them beside that field.
func (es Errors) For(service int, field string) []FieldError {
	var out []FieldError
	for _, e := range es {
		if e.Service == service && e.Source == 0 && e.Field == field {
			out = append(out, e)
		}
	}
	return out
}

// ForSource returns the errors about one field of one source (1-based index).
func (es Errors) ForSource(source int, field string) []FieldError {
	var out []FieldError
	for _, e := range es {
		if e.Source == source && e.Service == 0 && e.Field == field {
			out = append(out, e)
		}
	}
	return out
}

// errorList collects errors for one place in the file.
type errorList struct {
	errs  Errors
	file  string
	where string
	svc   int
	src   int
}

func (l *errorList) add(field, format string, args ...any) {
	l.addAt(0, field, format, args...)
}

// addAt adds an error about a place whose line is known (0: not known).
func (l *errorList) addAt(line int, field, format string, args ...any) {
	l.errs = append(l.errs, FieldError{File: l.file, Line: line, Where: l.where, Service: l.svc, Source: l.src, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (l *errorList) at(where string, svc int) *errorList {
	l.where, l.svc, l.src = where, svc, 0
	return l
}

func (l *errorList) atSource(where string, src int) *errorList {
	l.where, l.svc, l.src = where, 0, src
	return l
}

func serviceWhere(i int, name string) string {
	if name == "" {
		return fmt.Sprintf("services[%d]", i+1)
	}
	return fmt.Sprintf("services[%d] %q", i+1, clip(name))
}
