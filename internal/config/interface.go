package config

import (
	"slices"
	"strings"
)

// Interface is the [interface] table: how Uptray speaks to the user.
type Interface struct {
	// Language of the tray, notifications and windows: "system" (or unset) follows the
	// OS; "en" or "ko" override it. The command line stays English whatever it says.
	Language string `toml:"language,omitempty"`
}

// Languages are the values [interface] language takes.
var Languages = []string{"system", "en", "ko"}

// LanguageOr returns the language set, or "system" when none is.
func (i Interface) LanguageOr() string {
	if i.Language == "" {
		return "system"
	}
	return i.Language
}

func (i Interface) validateInto(l *errorList) {
	l.at("interface", 0)
	if i.Language != "" && !slices.Contains(Languages, i.Language) {
		l.add("language", "%q is not a language Uptray speaks (use %s)", clip(i.Language), `"`+strings.Join(Languages, `", "`)+`"`)
	}
}
