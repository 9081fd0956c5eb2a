package alert

import (
	"fmt"
	"time"

	"github.com/uptray/uptray/internal/config"
)

// Settings are the notification rules in force, resolved from the configuration.
type Settings struct {
	Enabled, OnDegraded, OnRecovery bool
	SoundCritical                   bool               // a critical service's Down notice plays a sound
	RemindEvery                     time.Duration      // 0 = never remind
	Quiet                           *config.QuietHours // nil = no quiet hours
}

// SettingsFrom resolves the [notifications] table against the built-in defaults.
func SettingsFrom(n config.Notifications) (Settings, error) {
	s := Settings{
		Enabled:    config.On(n.Enabled, true),
		OnDegraded: config.On(n.OnDegraded, true),
		OnRecovery: config.On(n.OnRecovery, true),
		// On by default: a critical service is one whose outage must not go unnoticed.
		SoundCritical: config.On(n.SoundCritical, true),
		RemindEvery:   n.RemindEvery.Or(config.DefaultRemindEvery),
	}
	if n.RemindEvery.Set && !n.RemindEvery.Valid {
		return Settings{}, fmt.Errorf("remind_every: %s is not a duration", n.RemindEvery.Raw) // i18n:ignore config validation words it for the user; this only guards
	}
	if s.RemindEvery < 0 {
		return Settings{}, fmt.Errorf("remind_every: %s is negative", config.Format(s.RemindEvery)) // i18n:ignore as above
	}
	q, ok, err := config.ParseQuietHours(n.QuietHours)
	if err != nil {
		return Settings{}, fmt.Errorf("quiet_hours: %w", err) // i18n:ignore as above
	}
	if ok {
		s.Quiet = &q
	}
	return s, nil
}
