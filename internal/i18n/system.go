package i18n

import "github.com/jeandeaual/go-locale"

// systemLanguage asks the OS for the UI language: the Windows user default UI
// language, macOS's AppleLanguages; on Linux the environment Detect already read.
func systemLanguage() string {
	l, err := locale.GetLocale()
	if err != nil {
		return ""
	}
	return l
}
