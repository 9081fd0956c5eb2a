package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// Files are the two layers: the machine-wide file IT manages, and the user's own.
type Files struct {
	Machine string
	User    string
	// Managed is the cached copy of the managed file the machine-wide file names
	// ([managed]); empty: no managed layer. It sits between the two.
	Managed string
}

// DefaultFiles returns the platform's paths: the user's file under os.UserConfigDir.
func DefaultFiles() Files {
	f := Files{Machine: MachinePath(), Managed: ManagedCachePath()}
	if dir, err := os.UserConfigDir(); err == nil {
		f.User = filepath.Join(dir, "uptray", "config.toml")
	}
	return f
}

// MachinePath is where IT puts the machine-wide file on this OS.
func MachinePath() string {
	switch runtime.GOOS {
	case "darwin":
		return "/Library/Application Support/Uptray/config.toml"
	case "windows":
		dir := os.Getenv("ProgramData")
		if dir == "" {
			dir = `C:\ProgramData`
		}
		return filepath.Join(dir, "Uptray", "config.toml")
	}
	return "/etc/uptray/config.toml"
}

// Loaded is the result of reading both layers.
type Loaded struct {
	Files   Files
	Machine *Config // never nil; empty when there is no machine-wide file; with the managed copy folded in
	User    *Config // never nil; empty when the user has no file yet
	Merged  *Config // what the engine runs
}

// Load reads and validates both layers. A missing file is an empty layer; any other
// problem, in either file, is returned as Errors with every problem found.
func Load(files Files) (*Loaded, error) {
	var all Errors
	read := func(path string, managed bool) *Config {
		c, err := readFile(path, managed)
		var es Errors
		switch {
		case errors.As(err, &es):
			all = append(all, es...)
		case err != nil:
			all = append(all, fileError(path, err))
		}
		if c == nil {
			c = &Config{}
		}
		return c
	}
	machine, managedErrs := withManaged(files, read(files.Machine, true))
	all = append(all, managedErrs...)
	l := &Loaded{Files: files, Machine: machine, User: read(files.User, false)}
	l.Merged = Merge(l.Machine, l.User)
	if len(all) == 0 {
		if err := l.Merged.Validate(); err != nil {
			errors.As(err, &all) // only cross-file problems remain, like a duplicate name
			pointAtFiles(all, l.Merged, len(l.Machine.Services), len(l.Machine.Sources))
		}
	}
	if len(all) > 0 {
		return l, all
	}
	return l, nil
}

// pointAtFiles points each error of the merged configuration m about a service or a
// source at its own file and its place there; nm and nms are the machine-wide file's
// counts of services and sources.
func pointAtFiles(es Errors, m *Config, nm, nms int) {
	for i, e := range es {
		if e.Source >= 1 && e.Source <= len(m.Sources) {
			src := m.Sources[e.Source-1]
			es[i].File = src.Origin
			if e.Source > nms {
				es[i].Source = e.Source - nms
				es[i].Where = sourceWhere(e.Source-nms-1, src.Name)
			}
			continue
		}
		if e.Service < 1 || e.Service > len(m.Services) {
			continue
		}
		svc := m.Services[e.Service-1]
		es[i].File = svc.Origin
		if e.Service > nm {
			es[i].Service = e.Service - nm
			es[i].Where = serviceWhere(e.Service-nm-1, svc.Name)
		}
	}
}

// LoadFile reads one file strictly: syntax, unknown keys and every field are checked.
func LoadFile(path string) (*Config, error) { return readFile(path, false) }

func readFile(path string, managed bool) (*Config, error) {
	if path == "" {
		return &Config{}, nil
	}
	data, err := readConfigFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Config{}, nil
	}
	if err != nil {
		return nil, Errors{{File: path, Msg: err.Error()}}
	}
	c, err := Parse(data)
	if err = misplacedManaged(c, managed, err); err != nil {
		var es Errors
		if errors.As(err, &es) {
			for i := range es {
				es[i].File = path
			}
			return c, es
		}
		return nil, Errors{{File: path, Msg: err.Error()}}
	}
	for i := range c.Services {
		c.Services[i].Origin, c.Services[i].Managed = path, managed
	}
	for i := range c.Sources {
		c.Sources[i].Origin, c.Sources[i].Managed = path, managed
	}
	return c, nil
}

// Merge layers the user's file over the machine-wide one: the user's defaults,
// connectivity and notification settings win where set; services and sources are the
// machine's followed by the user's.
func Merge(machine, user *Config) *Config {
	m := *machine
	m.Managed = Managed{} // the machine file's own setting, not something the engine runs
	m.Services = append(append([]Service(nil), machine.Services...), user.Services...)
	m.Sources = append(append([]Source(nil), machine.Sources...), user.Sources...)
	mergeDuration(&m.Defaults.Interval, user.Defaults.Interval)
	mergeDuration(&m.Defaults.Timeout, user.Defaults.Timeout)
	mergeDuration(&m.Defaults.RetryInterval, user.Defaults.RetryInterval)
	mergeInt(&m.Defaults.FailureThreshold, user.Defaults.FailureThreshold)
	mergeInt(&m.Defaults.SuccessThreshold, user.Defaults.SuccessThreshold)
	mergeInt(&m.Defaults.MaxConcurrent, user.Defaults.MaxConcurrent)
	m.Defaults.setNetwork(user.Defaults.Network().Or(machine.Defaults.Network()))
	if user.Connectivity.Targets != nil {
		m.Connectivity.Targets = user.Connectivity.Targets
	}
	un := user.Notifications
	for dst, src := range map[**bool]*bool{&m.Notifications.Enabled: un.Enabled, &m.Notifications.OnDegraded: un.OnDegraded, &m.Notifications.OnRecovery: un.OnRecovery, &m.Notifications.SoundCritical: un.SoundCritical} {
		if src != nil {
			*dst = src
		}
	}
	mergeDuration(&m.Notifications.RemindEvery, un.RemindEvery)
	if un.QuietHours != "" {
		m.Notifications.QuietHours = un.QuietHours
	}
	if user.Interface.Language != "" {
		m.Interface.Language = user.Interface.Language
	}
	return &m
}

func mergeDuration(dst *Duration, src Duration) {
	if src.Set {
		*dst = src
	}
}

func mergeInt(dst *int, src int) {
	if src != 0 {
		*dst = src
	}
}
