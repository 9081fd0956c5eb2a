package i18n

import "github.com/uptray/uptray/internal/status"

// StatusWord is a state as the user reads it ("Down", "장애"), the same word in the
// tray, the notices and the windows. status.String stays English for logs and scripts.
func StatusWord(s status.Status) string {
	switch s {
	case status.Up:
		return T("Up")
	case status.Degraded:
		return T("Degraded")
	case status.Down:
		return T("Down")
	case status.Offline:
		return T("Offline")
	case status.Paused:
		return T("Paused")
	}
	return T("Unknown")
}
