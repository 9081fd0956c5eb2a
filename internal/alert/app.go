package alert

import (
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
)

// Notices about Uptray itself rather than a service (sent with Runner.Send). They are
// made here, not by the caller, so that their words come from the translation files
// with the rest, in the language in use when they are sent.

// ConfigErrorsNotice says the configuration read at start has errors; msg is the first,
// as package config words it in English (shown in the language in use).
func ConfigErrorsNotice(msg string) Notification {
	return appNotice(i18n.T("Uptray: the configuration has errors"), i18n.ConfigProblem(msg))
}

// EditedConfigErrorsNotice says a configuration edited by hand has errors: with
// wholeFile the previous configuration stays in use, otherwise only the broken
// entries are left out. msg is the first error, in config's English.
func EditedConfigErrorsNotice(msg string, wholeFile bool) Notification {
	msg = i18n.ConfigProblem(msg)
	body := i18n.F("%s\nThe other services are watched as before.", msg)
	if wholeFile {
		body = i18n.F("%s\nThe previous configuration stays in use.", msg)
	}
	return appNotice(i18n.T("Uptray: the edited configuration has errors"), body)
}

// WelcomeNotice greets a first start with nothing to watch yet.
func WelcomeNotice() Notification {
	return appNotice(i18n.T("Uptray is running"), i18n.T("No services are configured yet: add one in the settings window."))
}

// HistoryUnavailableNotice says the history database could not be opened.
func HistoryUnavailableNotice(reason string) Notification {
	return appNotice(i18n.T("Uptray: history is not recorded"), reason)
}

// HistoryDamagedNotice says a damaged history file was moved aside to movedTo.
func HistoryDamagedNotice(movedTo string) Notification {
	return appNotice(i18n.T("Uptray: the history file was damaged"),
		i18n.F("It was moved aside to %s; a new history starts now.", movedTo))
}

// HistoryStoppedNotice says recording stopped (a full disk); monitoring goes on.
func HistoryStoppedNotice(reason string) Notification {
	return appNotice(i18n.T("Uptray: history recording stopped"), reason)
}

func appNotice(title, body string) Notification {
	return Notification{Title: title, Body: body, Status: status.Unknown}
}
