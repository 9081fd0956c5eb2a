package tray

// The menu's English labels, as the tests find items by them (tests run in English,
// the language in use until SetLanguage is called).
const (
	LabelCheckAll = "Check all now"
	LabelPause    = "Pause notifications"
	LabelResume   = "Resume notifications"
	LabelHour     = "For 1 hour"
	LabelTomorrow = "Until tomorrow 08:00"
	LabelForever  = "Until resumed"
	LabelSettings = "Settings…"
	LabelAbout    = "About Uptray"
	LabelQuit     = "Quit"
	LabelOpen     = "Open in browser"
	LabelCheckNow = "Check now"
	LabelDetails  = "Details…"
)
