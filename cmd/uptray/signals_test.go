package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// syncExit records the exit code asked for.
func syncExit() (func(int), <-chan int) {
	ch := make(chan int, 1)
	return func(code int) { ch <- code }, ch
}

func TestFirstSignalCancelsSecondExits(t *testing.T) {
	exit, exited := syncExit()
	var errOut bytes.Buffer
	ctx, stop := onSignals(context.Background(), &errOut, exit, time.Hour)
	defer stop()
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("SIGTERM did not cancel the context")
	}
	select {
	case code := <-exited:
		t.Fatalf("exit(%d) after one signal, with an hour of grace", code)
	case <-time.After(50 * time.Millisecond):
	}
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	select {
	case code := <-exited:
		if code != exitSignalled {
			t.Fatalf("exit(%d), want %d", code, exitSignalled)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a second signal did not exit")
	}
}

// A command that does not return within the grace is ended anyway.
func TestSignalGraceRunsOut(t *testing.T) {
	exit, exited := syncExit()
	var errOut bytes.Buffer
	_, stop := onSignals(context.Background(), &errOut, exit, 10*time.Millisecond)
	defer stop()
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		t.Fatal("no exit after the grace")
	}
	if !strings.Contains(errOut.String(), "did not stop within") {
		t.Errorf("stderr %q does not say why it stopped", errOut.String())
	}
}

// `uptray check` waiting on a server that never answers (timeout 60 s) stops within
// stopGrace of SIGTERM, as a real process.
func TestCheckStopsOnSIGTERM(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { // accept and say nothing
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	cfg := writeConfig(t, fmt.Sprintf("[connectivity]\ntargets = []\n[[services]]\nname = \"Silent\"\nkind = \"http\"\ntarget = \"http://%s/\"\ninterval = \"120s\"\ntimeout = \"60s\"\n", ln.Addr()))
	cmd := exec.Command(os.Args[0], "check", "--config", cfg, "--machine-config", "")
	cmd.Env = append(os.Environ(), "UPTRAY_RUN_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	time.Sleep(500 * time.Millisecond) // let it connect and wait (not synchronisation of results)
	sent := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		t.Logf("measured: check stopped %v after SIGTERM", time.Since(sent).Round(time.Millisecond))
	case <-time.After(stopGrace + time.Second):
		t.Fatal("check still running 3 s after SIGTERM")
	}
}
