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

	// Format and Args are what Msg was made from (Msg = fmt.Sprintf(Format, Args...)):
	// the windows look Format up in the translation files and word the Args that are
	// themselves a Message or a Phrase in the same language. The command line shows Msg.
	Format string
	Args   []any
}

// Message is a problem worded in English, with the format and values it is made of,
// so that a window can word it in another language: Error is the English.
type Message struct {
	Format string
	Args   []any
}

func (m Message) Error() string { return fmt.Sprintf(m.Format, m.Args...) }

// msgf makes a Message; its format is a key of assets/lang/config.*.json (a test
// checks every literal format given to msgf, add and addAt).
func msgf(format string, args ...any) Message { return Message{Format: format, Args: args} }

// Phrase is a few English words given as a value to a Message ("a number of days"):
// a window translates it as a whole.
type Phrase string

// fileError is an error about a whole file: a Message keeps its words.
func fileError(path string, err error) FieldError {
	e := FieldError{File: path, Msg: err.Error()}
	if m, ok := err.(Message); ok {
		e.Format, e.Args = m.Format, m.Args
	}
	return e
}

// fieldError is a FieldError with its Message.
func fieldError(where string, m Message) FieldError {
	return FieldError{Where: where, Msg: m.Error(), Format: m.Format, Args: m.Args}
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
	l.errs = append(l.errs, FieldError{File: l.file, Line: line, Where: l.where, Service: l.svc, Source: l.src, Field: field,
		Msg: fmt.Sprintf(format, args...), Format: format, Args: args})
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
