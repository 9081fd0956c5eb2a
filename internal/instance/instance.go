// Package instance keeps one Uptray running per user: a second start tells the first
// (which shows itself) and exits, instead of putting a second icon in the tray.
package instance

import (
	"bufio"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ErrRunning means another instance holds the lock; it has been told Message.
var ErrRunning = errors.New("uptray is already running")

// Lock is this process's claim to be the one instance.
type Lock struct {
	ln   net.Listener
	path string
}

// Acquire claims the instance socket at path. If another live instance holds it,
// Acquire sends it message and returns ErrRunning. A socket left by a crashed
// instance is taken over. onMessage receives what later instances send.
func Acquire(path, message string, onMessage func(string)) (*Lock, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		if conn, dialErr := net.DialTimeout("unix", path, time.Second); dialErr == nil {
			conn.SetDeadline(time.Now().Add(time.Second))
			conn.Write([]byte(message + "\n"))
			conn.Close()
			return nil, ErrRunning
		}
		os.Remove(path) // stale: nobody answers
		if ln, err = net.Listen("unix", path); err != nil {
			return nil, err
		}
	}
	l := &Lock{ln: ln, path: path}
	go l.serve(onMessage)
	return l, nil
}

func (l *Lock) serve(onMessage func(string)) {
	for {
		conn, err := l.ln.Accept()
		if err != nil {
			return // closed by Release
		}
		conn.SetDeadline(time.Now().Add(time.Second))
		line, _ := bufio.NewReader(conn).ReadString('\n')
		conn.Close()
		if msg := strings.TrimSpace(line); msg != "" && onMessage != nil {
			onMessage(msg)
		}
	}
}

// Release gives the claim up (the socket file goes with it).
func (l *Lock) Release() {
	l.ln.Close()
}
