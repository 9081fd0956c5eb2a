// Package config is Uptray's configuration file: its format (TOML), built-in defaults,
// layering of a machine-wide file under the user's, validation that names every bad
// field at once, and an atomic save. It knows nothing of how probes work.
package config

import "time"

// Built-in values, used where neither file says otherwise.
//
// At these defaults an outage is confirmed at most 55 s after it begins: the service
// fails right after a good check, the next check comes one interval later (30 s) and
// takes the full timeout (10 s), the confirming re-check one retry interval after that
// (5 s) takes the full timeout too (10 s): 30 + 10 + 5 + 10 = 55 s, so staff hear of it
// within a minute.
const (
	DefaultInterval         = 30 * time.Second
	DefaultTimeout          = 10 * time.Second
	DefaultFailureThreshold = 2
	DefaultSuccessThreshold = 1
	DefaultRetryInterval    = 5 * time.Second
	DefaultCertMinDays      = 14
	DefaultRecordType       = "A"
	DefaultRemindEvery      = 30 * time.Minute
	MinInterval             = 5 * time.Second
	MinRetryInterval        = 1 * time.Second
	DefaultFeedWindow       = 6 * time.Hour // feed: entries newer than this count
	MinFeedWindow           = time.Minute

	// Limits that keep values meaningful (and sums of them from overflowing).
	MaxTiming        = 24 * time.Hour // interval, timeout, retry_interval, max_latency
	MaxFeedWindow    = 30 * 24 * time.Hour
	MinRemindEvery   = time.Minute // "0s" turns reminders off
	MaxRemindEvery   = 7 * 24 * time.Hour
	MaxThreshold     = 100  // failure_threshold, success_threshold
	MaxMaxConcurrent = 1000 // max_concurrent
	MaxCertMinDays   = 3650 // ten years: more overflowed to Up
	MaxNameLength    = 100  // characters, for names and groups
)

// DefaultConnectivityTargets are TCP addresses that answer from almost any network.
var DefaultConnectivityTargets = []string{"1.1.1.1:443", "8.8.8.8:443"}

// RecordTypes are the DNS record types the dns probe can ask for.
var RecordTypes = []string{"A", "AAAA", "CNAME", "MX", "TXT", "NS"}

// Config is one configuration: a file's, or the merge of the machine-wide and user files.
type Config struct {
	Defaults      Defaults      `toml:"defaults,omitempty"`
	Connectivity  Connectivity  `toml:"connectivity"`
	Notifications Notifications `toml:"notifications,omitempty"`
	Interface     Interface     `toml:"interface,omitempty"`
	Services      []Service     `toml:"services,omitempty"`
	// Sources are monitoring servers whose checks each become a service.
	Sources []Source `toml:"sources,omitempty"`
	// Managed names the company's managed file (machine-wide file only; managed.go).
	Managed Managed `toml:"managed,omitempty"`
}

// Defaults apply to every service that does not set its own value.
type Defaults struct {
	Interval         Duration `toml:"interval,omitempty"`
	Timeout          Duration `toml:"timeout,omitempty"`
	FailureThreshold int      `toml:"failure_threshold,omitempty,omitzero"`
	SuccessThreshold int      `toml:"success_threshold,omitempty,omitzero"`
	RetryInterval    Duration `toml:"retry_interval,omitempty"`
	// MaxConcurrent caps checks in flight at once (default 16).
	MaxConcurrent int `toml:"max_concurrent,omitempty,omitzero"`
	// Proxy, CAFile, CertFile, KeyFile: how requests leave the machine, for every
	// service and source that does not set its own (network.go).
	Proxy    string `toml:"proxy,omitempty"`
	CAFile   string `toml:"ca_file,omitempty"`
	CertFile string `toml:"cert_file,omitempty"`
	KeyFile  string `toml:"key_file,omitempty"`
}

// Connectivity says how to tell "the service is down" from "this laptop is offline".
type Connectivity struct {
	// Targets are TCP host:port addresses; any one answering means online.
	// nil means the built-in list; an empty list switches the offline check to
	// network interfaces only.
	Targets []string `toml:"targets"` // not omitempty: [] must survive a save
}

// Notifications are the notification rules' settings.
type Notifications struct {
	Enabled     *bool    `toml:"enabled,omitempty"`      // default true
	OnDegraded  *bool    `toml:"on_degraded,omitempty"`  // default true
	OnRecovery  *bool    `toml:"on_recovery,omitempty"`  // default true
	RemindEvery Duration `toml:"remind_every,omitempty"` // default 30m; "0s" = never
	QuietHours  string   `toml:"quiet_hours,omitempty"`  // "22:00-07:00"
	// SoundCritical: a critical service's Down notice plays a sound (default true).
	SoundCritical *bool `toml:"sound_critical,omitempty"`
}

// Service is one thing to watch.
type Service struct {
	Name     string   `toml:"name"`
	Kind     string   `toml:"kind"`
	Target   string   `toml:"target"`
	Interval Duration `toml:"interval,omitempty"`
	Timeout  Duration `toml:"timeout,omitempty"`
	Group    string   `toml:"group,omitempty"`
	Fallback string   `toml:"fallback,omitempty"`
	Critical bool     `toml:"critical,omitempty"`

	// http
	ExpectStatus       []int  `toml:"expect_status,omitempty"` // default: any 2xx or 3xx
	BodyContains       string `toml:"body_contains,omitempty"`
	InsecureSkipVerify bool   `toml:"insecure_skip_verify,omitempty"`
	// http, tcp: slower than this is Degraded
	MaxLatency Duration `toml:"max_latency,omitempty"`
	// Proxy, CAFile, CertFile, KeyFile: how requests leave the machine (network.go):
	// web kinds; tls takes the certificate files, not proxy.
	Proxy    string `toml:"proxy,omitempty"`
	CAFile   string `toml:"ca_file,omitempty"`
	CertFile string `toml:"cert_file,omitempty"`
	KeyFile  string `toml:"key_file,omitempty"`

	// dns
	RecordType  string `toml:"record_type,omitempty"` // default A
	ExpectValue string `toml:"expect_value,omitempty"`
	Resolver    string `toml:"resolver,omitempty"` // ip:port; default the system's

	// tls
	CertMinDays int `toml:"cert_min_days,omitempty,omitzero"` // default 14

	// statuspage, instatus: only these components of the page count (default: the
	// page's overall state)
	Components []string `toml:"components,omitempty"`
	// feed: an unresolved entry newer than this is Degraded (default 6h)
	FeedWindow Duration `toml:"feed_window,omitempty"`

	// Origin is the file the service was loaded from (not written to files).
	Origin string `toml:"-"`
	// Managed is true for services from the machine-wide file: read-only for the user.
	Managed bool `toml:"-"`
	// ConfigError is set on a service the loader kept although it is invalid
	// ("interval: …"): the engine does not check it and the views show it as
	// `Config error: <field> — open Settings`, so one bad entry never silences the rest.
	ConfigError string `toml:"-"`
}

// Spec is a service with every timing value resolved against the defaults: what the
// engine schedules by.
type Spec struct {
	Service
	Interval         time.Duration
	Timeout          time.Duration
	FailureThreshold int
	SuccessThreshold int
	RetryInterval    time.Duration
}

// SpecFor resolves a service's timing against the configuration's defaults.
func (c *Config) SpecFor(s Service) Spec {
	d := c.Defaults
	interval := s.Interval.Or(d.Interval.Or(DefaultInterval))
	timeout := s.Timeout.Or(d.Timeout.Or(DefaultTimeout))
	if !s.Timeout.Set && timeout >= interval {
		// A short interval with the default timeout: keep checks from overlapping.
		timeout = interval / 2
	}
	s.SetNetwork(s.Network().Or(d.Network()))
	return Spec{
		Service:          s,
		Interval:         interval,
		Timeout:          timeout,
		FailureThreshold: orInt(d.FailureThreshold, DefaultFailureThreshold),
		SuccessThreshold: orInt(d.SuccessThreshold, DefaultSuccessThreshold),
		RetryInterval:    d.RetryInterval.Or(DefaultRetryInterval),
	}
}

// Specs resolves every service.
func (c *Config) Specs() []Spec {
	out := make([]Spec, len(c.Services))
	for i, s := range c.Services {
		out[i] = c.SpecFor(s)
	}
	return out
}

// ConnectivityTargets returns the targets in force (the built-in list when unset).
func (c *Config) ConnectivityTargets() []string {
	if c.Connectivity.Targets == nil {
		return DefaultConnectivityTargets
	}
	return c.Connectivity.Targets
}

// MaxConcurrent returns the cap on checks in flight.
func (c *Config) MaxConcurrent() int { return orInt(c.Defaults.MaxConcurrent, 16) }

// Service returns the service with that name, if any.
func (c *Config) Service(name string) (Service, bool) {
	for _, s := range c.Services {
		if s.Name == name {
			return s, true
		}
	}
	return Service{}, false
}

func orInt(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// On reports a *bool setting, def when unset.
func On(b *bool, def bool) bool {
	if b == nil {
		return def
	}
	return *b
}
