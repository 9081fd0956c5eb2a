package main

import (
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/control"
)

// startWait is how long an open waits for a windows process that was just started to
// connect, rather than starting a second one.
const startWait = 5 * time.Second

// opener is what the launcher needs of the control server: hand an open to a running
// windows process.
type opener interface {
	SendOpen(window, service string) bool
}

// launcher starts the windows process (`uptray windows --open …`) on demand, or hands
// the request to the one that runs. A crash of that process is logged and costs
// nothing else: the next open starts a new one.
type launcher struct {
	exe   string
	files config.Files
	log   *slog.Logger
	srv   opener
	// afterLast runs when the windows process has exited and no other runs (the
	// resident gives back the executable's pages that process shared with it).
	afterLast func()

	mu       sync.Mutex
	child    *exec.Cmd
	started  time.Time
	exited   chan struct{} // closed when child has exited
	stopping bool          // Stop was called: no more restarts
}

// Open shows a window. It may block for seconds (it waits for a starting process): call
// it off the UI and menu goroutines.
func (l *launcher) Open(window, service string) {
	deadline := time.Now().Add(startWait)
	for {
		if l.srv != nil && l.srv.SendOpen(window, service) {
			return
		}
		l.mu.Lock()
		starting := l.child != nil && time.Since(l.started) < startWait
		if l.child == nil {
			err := l.startLocked(window, service, false)
			l.mu.Unlock()
			if err != nil {
				l.log.Error("cannot start the windows process", "err", err)
			}
			return
		}
		l.mu.Unlock()
		if !starting || time.Now().After(deadline) {
			l.log.Warn("the windows process does not answer; waiting for it to exit")
			return
		}
		time.Sleep(100 * time.Millisecond) // it has not connected yet: ask again
	}
}

// startLocked starts the windows process. A process that fails by itself (an exit
// status, not a signal) within startWait of its start (the X server or the GL driver
// failing at start, seen once in CI) is started once more: the user clicked and
// expects a window, not a log line. One killed from outside is not restarted.
func (l *launcher) startLocked(window, service string, retry bool) error {
	arg := window
	if service != "" {
		arg += ":" + service
	}
	cmd := exec.Command(l.exe, "windows", "--open", arg, "--config", l.files.User, "--machine-config", l.files.Machine)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	l.child, l.started, l.exited = cmd, time.Now(), make(chan struct{})
	exited := l.exited
	l.log.Info("windows process started", "pid", cmd.Process.Pid, "open", arg)
	go func() {
		err := cmd.Wait()
		var exit *exec.ExitError
		switch {
		case err == nil:
			l.log.Info("windows process exited", "pid", cmd.Process.Pid)
		case errors.As(err, &exit):
			l.log.Warn("windows process ended abnormally; the tray goes on", "pid", cmd.Process.Pid, "status", exit.String())
		default:
			l.log.Warn("windows process", "err", err)
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.child == cmd {
			l.child = nil
		}
		close(exited)
		failedAlone := exit != nil && exit.ExitCode() > 0 // ExitCode is -1 when signalled
		if failedAlone && !retry && !l.stopping && l.child == nil && time.Since(l.started) < startWait {
			l.log.Warn("the windows process failed at start; starting it once more")
			if err := l.startLocked(window, service, true); err != nil {
				l.log.Error("cannot start the windows process", "err", err)
			}
		}
		if l.child == nil && l.afterLast != nil {
			l.afterLast()
		}
	}()
	return nil
}

// Stop ends a running windows process (at Quit): politely, then for good after a second.
func (l *launcher) Stop() {
	l.mu.Lock()
	l.stopping = true
	child, exited := l.child, l.exited
	l.mu.Unlock()
	if child == nil {
		return
	}
	child.Process.Signal(os.Interrupt)
	select {
	case <-exited:
	case <-time.After(time.Second):
		child.Process.Kill()
		<-exited
	}
}

var _ opener = (*control.Server)(nil)
