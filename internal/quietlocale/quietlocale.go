// Package quietlocale stops Fyne printing "Error parsing user locale C" on every start
// of every command when the locale is C.UTF-8 or POSIX.UTF-8 (common on servers,
// containers and CI). Fyne's lang package reads the locale in its init and cannot
// parse "C"; LANGUAGE=en, which gettext ignores under a plain "C" anyway, gives it a
// language it can.
//
// main imports it for its side effect. It must initialise before fyne.io/fyne/v2/lang:
// Go initialises packages in import-path order among those whose dependencies are
// ready, and this one needs only os and strings, while Fyne's lang waits for
// golang.org/x/text/language, which sorts after github.com/uptray. TestFyneSilent in
// cmd/uptray holds that.
package quietlocale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			if strings.HasPrefix(s, "C.") || strings.HasPrefix(s, "POSIX.") {
				os.Setenv("LANGUAGE", "en")
			}
			return
		}
	}
}
