package status

import "time"

// ServiceState is what the tray and the windows show of one service.
type ServiceState struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Target   string `json:"target"`
	Group    string `json:"group,omitempty"`
	Fallback string `json:"fallback,omitempty"`
	Critical bool   `json:"critical,omitempty"`
	Managed  bool   `json:"managed,omitempty"`
	// ConfigError is set when the service's configuration is broken ("interval: …"): it
	// is not checked, its Status is Unknown and Last.Reason says
	// "Config error: <ConfigError> — open Settings". Views show it greyed out.
	ConfigError string `json:"config_error,omitempty"`
	// Status is the confirmed state; Paused while checks are paused and Offline while
	// this machine is offline (Last and Since keep what was known before).
	Status Status    `json:"status"`
	Since  time.Time `json:"since"`
	// Last is the latest result, which may not be confirmed yet (a failure being
	// re-checked shows here before Status turns Down).
	Last   Result `json:"last"`
	Checks int    `json:"checks"`
}

// Snapshot is the state of everything at one moment.
type Snapshot struct {
	Services      []ServiceState `json:"services"` // in configuration order
	Overall       Status         `json:"overall"`
	Offline       bool           `json:"offline,omitempty"`
	OfflineReason string         `json:"offline_reason,omitempty"`
	Paused        bool           `json:"paused,omitempty"`
	At            time.Time      `json:"at"`
}

// Count returns how many services are in state st.
func (s Snapshot) Count(st Status) int {
	n := 0
	for _, svc := range s.Services {
		if svc.Status == st {
			n++
		}
	}
	return n
}
