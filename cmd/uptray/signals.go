package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// stopGrace is how long a command may take to stop cleanly after SIGINT/SIGTERM.
const stopGrace = 2 * time.Second

// exitSignalled is the exit code when a signal had to end the process the hard way.
const exitSignalled = 130

// onSignals cancels the returned context at the first SIGINT or SIGTERM, then gives the
// command grace (stopGrace) to return; after that, or at a second signal, exit ends the process
// whatever it is doing (a validate or a read stuck in a decoder cannot swallow the
// signal). stop undoes it all once the command has returned.
func onSignals(parent context.Context, stderr io.Writer, exit func(int), grace time.Duration) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
		case <-done:
			return
		}
		cancel()
		timer := time.NewTimer(grace)
		defer timer.Stop()
		select {
		case <-sigs:
			fmt.Fprintln(stderr, "uptray: second signal: stopping now")
		case <-timer.C:
			fmt.Fprintf(stderr, "uptray: did not stop within %v of the signal: stopping now\n", grace)
		case <-done:
			return
		}
		exit(exitSignalled)
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
}
