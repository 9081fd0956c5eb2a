package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
)

// stateText is a service's state in words: "Down: HTTP 503", "Offline — not checked".
func stateText(st status.ServiceState) string {
	text, _ := describe(st)
	return text
}

// describe words a service's state and says how loud to show it. What is not known
// now (offline, paused, a broken configuration, not checked yet) is grey, whatever
// the last result said: a green "Up, <1 ms" while offline would be a lie.
func describe(st status.ServiceState) (string, widget.Importance) {
	if msg := configError(st); msg != "" {
		return i18n.F("Config error: %s", msg), widget.LowImportance
	}
	switch st.Status {
	case status.Offline:
		return i18n.T("Offline — not checked"), widget.LowImportance
	case status.Paused:
		return i18n.T("Paused"), widget.LowImportance
	case status.Unknown:
		if st.Last.Reason != "" {
			return i18n.F("Unknown: %s", i18n.Reason(st.Last.Reason)), widget.LowImportance
		}
		return i18n.T("Not checked yet"), widget.LowImportance
	}
	// One format per combination, so a translation can order the parts itself.
	word, lat, reason := i18n.StatusWord(st.Status), status.FormatLatency(st.Last.Latency), i18n.Reason(st.Last.Reason)
	if st.Status == status.Up {
		reason = ""
	}
	var text string
	switch {
	case lat != "" && reason != "":
		text = i18n.F("%[1]s, %[2]s: %[3]s", word, lat, reason)
	case lat != "":
		text = i18n.F("%[1]s, %[2]s", word, lat)
	case reason != "":
		text = i18n.F("%[1]s: %[2]s", word, reason)
	default:
		text = word
	}
	imp := widget.MediumImportance
	switch st.Status {
	case status.Down:
		imp = widget.DangerImportance
	case status.Degraded:
		imp = widget.WarningImportance
	}
	return text, imp
}

// configError is what is wrong with a service's configuration, or "". An engine that
// only words it in the last result ("Config error: … — open Settings") counts too.
func configError(st status.ServiceState) string {
	if st.ConfigError != "" {
		return i18n.ConfigProblem(st.ConfigError)
	}
	if r, ok := strings.CutPrefix(st.Last.Reason, "Config error: "); ok && st.Status == status.Unknown {
		return i18n.ConfigProblem(strings.TrimSuffix(r, " — open Settings"))
	}
	return ""
}

// shownStatus is the status a row's dot shows: grey for a broken configuration.
func shownStatus(st status.ServiceState) status.Status {
	if configError(st) != "" {
		return status.Unknown
	}
	return st.Status
}

// styleCell colours the text cell i of a row that rowMaker made as imp says; grey
// is the placeholder's, which reads, not the disabled one, which barely does.
func styleCell(row fyne.CanvasObject, i int, imp widget.Importance) {
	name := theme.ColorNameForeground
	switch imp {
	case widget.LowImportance:
		name = theme.ColorNamePlaceHolder
	case widget.DangerImportance:
		name = theme.ColorNameError
	case widget.WarningImportance:
		name = theme.ColorNameWarning
	}
	if t, seg := cellText(row, i); seg.Style.ColorName != name {
		seg.Style.ColorName = name
		t.Refresh()
	}
}

// offlineStates is snap's services as the views show them: while the machine is
// offline nothing can be said of any service, whatever its last result was.
func offlineStates(snap status.Snapshot) []status.ServiceState {
	if !snap.Offline {
		return snap.Services
	}
	out := make([]status.ServiceState, len(snap.Services))
	for i, st := range snap.Services {
		if st.Status != status.Paused && configError(st) == "" {
			st.Status = status.Offline
		}
		out[i] = st
	}
	return out
}
