package assets

import "embed"

// Lang holds the translation files, lang/<area>.<language>.json (one area per package:
// tray, alert, ui…, so each has its own file), in go-i18n's JSON format (the
// format Fyne's lang package reads too). The key of every message is its English text;
// a plural message is an object with "one"/"other" forms.
//
//go:embed lang/*.json
var Lang embed.FS
