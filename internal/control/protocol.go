// Package control is the local channel between Uptray's resident process (engine, tray,
// notifier) and the processes that talk to it: the windows process, which shows live state
// and asks for checks, and a second start, which asks the resident to open a window.
//
// It is a Unix socket in a directory only this user may enter, carrying JSON lines. Every
// message has a version; a peer reads the fields it knows and ignores the rest, so either
// side can be newer than the other.
package control

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/uptray/uptray/internal/status"
)

// Version is the protocol version this side writes.
const Version = 1

// MaxLine is the longest message either side reads: a snapshot of 1,000 services with
// long names, targets and reasons is well under it; anything longer ends the connection.
const MaxLine = 4 << 20

// Message types.
const (
	TypeHello     = "hello"     // client → resident: Role
	TypeSubscribe = "subscribe" // client → resident: send snapshots from now on
	TypeSnapshot  = "snapshot"  // resident → client: Snapshot
	TypeCheckNow  = "check_now" // client → resident: Name, or every service when empty
	TypePause     = "pause"     // client → resident: Until, or until resumed when zero
	TypeResume    = "resume"    // client → resident
	TypeReload    = "reload"    // client → resident: read the config file again
	TypeOpen      = "open"      // either way: Window, Service; from the resident it carries ID
	TypeOpened    = "opened"    // windows process → resident: the open with ID was taken
)

// Roles a client names in its hello.
const (
	RoleWindows = "windows" // the windows process: it is sent open requests
	RoleCLI     = "cli"     // a second start or a command: sends and goes
)

// Windows an open message names (Service picks one service where the window shows many).
const (
	WindowSettings = "settings"
	WindowAbout    = "about"
	WindowWelcome  = "welcome"
	WindowNoTray   = "notray"
	WindowService  = "service" // the details of Service
)

// Message is one line of the protocol. Which fields mean something depends on Type.
type Message struct {
	V        int              `json:"v"`
	Type     string           `json:"type"`
	ID       uint64           `json:"id,omitempty"` // pairs an open with its opened
	Role     string           `json:"role,omitempty"`
	Name     string           `json:"name,omitempty"`
	Window   string           `json:"window,omitempty"`
	Service  string           `json:"service,omitempty"`
	Until    time.Time        `json:"until,omitzero"`
	Snapshot *status.Snapshot `json:"snapshot,omitempty"`
}

// ErrRunning means a live resident already answers on the socket.
var ErrRunning = errors.New("uptray is already running")

// ErrUnsafeDir means the socket's directory could be used by other users, so it is not used.
var ErrUnsafeDir = errors.New("control: the socket directory is not private")

// encode turns m into one line, stamping the version.
func encode(m Message) ([]byte, error) {
	m.V = Version
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	if len(b) > MaxLine {
		return nil, fmt.Errorf("control: %s message of %d bytes is over the %d-byte limit", m.Type, len(b), MaxLine)
	}
	return append(b, '\n'), nil
}

// decode reads one line. Unknown fields are ignored by encoding/json, and a newer version
// is read for the fields this one knows; only a line that is not a message is an error.
func decode(line []byte) (Message, error) {
	var m Message
	if err := json.Unmarshal(line, &m); err != nil {
		return Message{}, err
	}
	if m.V < 1 || m.Type == "" {
		return Message{}, fmt.Errorf("control: not a message (v=%d, type=%q)", m.V, m.Type)
	}
	return m, nil
}

// newScanner splits r into lines of at most MaxLine bytes (the newline aside).
func newScanner(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine+1)
	return sc
}
