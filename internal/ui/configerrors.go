package ui

import (
	"errors"
	"strings"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
)

// The configuration's problems are worded by package config in English (the command
// line shows them so); each carries the format and values it was made from, which
// are worded here in the windows' language from assets/lang/config.*.json. Values
// stay as written: names, durations, numbers, keys. A problem known only by its English
// (a broken service's ConfigError, from the engine) is read back by i18n.ConfigProblem.

// configText words an error from package config in the windows' language: a list of
// errors one a line, each as FieldError.Error lays it out. Words around it (an error
// that wraps it) stay as they are, and so does any other error.
func configText(err error) string {
	if err == nil {
		return ""
	}
	text := err.Error()
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var english, lines []string
		for _, e := range joined.Unwrap() {
			english, lines = append(english, e.Error()), append(lines, configText(e))
		}
		if strings.Join(english, "\n") != text {
			return text // not errors.Join's: its words are its own
		}
		return strings.Join(lines, "\n")
	}
	var es config.Errors
	var fe config.FieldError
	var m config.Message
	switch {
	case errors.As(err, &es):
		lines := make([]string, len(es))
		for i, e := range es {
			lines[i] = fieldErrorText(e)
		}
		return strings.Replace(text, es.Error(), strings.Join(lines, "\n"), 1)
	case errors.As(err, &fe):
		return strings.Replace(text, fe.Error(), fieldErrorText(fe), 1)
	case errors.As(err, &m):
		return strings.Replace(text, m.Error(), messageText(m.Format, m.Args), 1)
	}
	return text
}

// fieldErrorText is FieldError.Error in the windows' language.
func fieldErrorText(e config.FieldError) string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File + ": ")
	}
	if e.Line > 0 {
		b.WriteString(i18n.F("line %d: ", e.Line))
	}
	if e.Where != "" {
		b.WriteString(e.Where + ": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(problemText(e))
	return b.String()
}

// problemText is what is wrong (FieldError.Msg) in the windows' language.
func problemText(e config.FieldError) string {
	if e.Format == "" {
		return e.Msg
	}
	return messageText(e.Format, e.Args)
}

// messageText fills a translated format with the values, themselves translated when
// they are a config.Message or a config.Phrase.
func messageText(format string, args []any) string {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case config.Message:
			out[i] = messageText(v.Format, v.Args)
		case config.Phrase:
			out[i] = i18n.T(string(v))
		default:
			out[i] = a
		}
	}
	return i18n.F(format, out...)
}

// subjectless reports whether an English problem reads after its field's name
// ("is missing"): humanize then puts the field's label first.
func subjectless(msg string) bool {
	for _, p := range []string{"is ", "must ", "applies ", "has "} { // i18n:ignore the validator's words, matched
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}
