package e2e

// Building and running a GUI program under test: the real app in the E2E test,
// a tiny Fyne tray demo in the harness self test.

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// buildGo builds a main package (an import path like
// "github.com/uptray/uptray/cmd/uptray", or .go files) into the test's temp
// dir and returns the binary. It runs in the module root so both forms
// resolve against go.mod. Warm Fyne build cache: seconds; cold: ~4 minutes.
func buildGo(t testing.TB, name string, pkgOrFiles ...string) string {
	t.Helper()
	// go test puts its own toolchain's bin first on PATH (Go 1.19+), so this is
	// the same go that is running the test.
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal("go toolchain not found on PATH to build " + name)
	}
	out := filepath.Join(t.TempDir(), name)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"build", "-o", out}, pkgOrFiles...)
	cmd := exec.Command(goBin, args...)
	cmd.Dir = root
	start := time.Now()
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", name, err, b)
	}
	t.Logf("built %s in %v", name, time.Since(start).Round(time.Millisecond))
	return out
}

// appProc is a program started by startApp.
type appProc struct {
	cmd    *exec.Cmd
	log    string        // its stdout+stderr, for failure messages
	exited chan struct{} // closed once it has exited
	err    error         // Wait's result; read only after exited is closed
}

// startApp runs bin with env and args, logging its output to a file that is
// printed if the test fails, and stops it (SIGTERM, then SIGKILL) at the end.
func startApp(t testing.TB, env []string, bin string, args ...string) *appProc {
	t.Helper()
	p := &appProc{log: filepath.Join(t.TempDir(), filepath.Base(bin)+".log"), exited: make(chan struct{})}
	f, err := os.Create(p.log)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p.cmd = exec.Command(bin, args...)
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = f, f
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		stopProcess(t, filepath.Base(bin), p.cmd, p.exited)
		if t.Failed() {
			t.Logf("--- %s log ---\n%s", filepath.Base(bin), readLog(p.log))
		}
	})
	return p
}

// Log returns what the program has printed so far.
func (p *appProc) Log() string { return readLog(p.log) }

// Exited reports whether the program has exited.
func (p *appProc) Exited() bool {
	select {
	case <-p.exited:
		return true
	default:
		return false
	}
}

// WaitExit waits for the program to exit by itself and returns Wait's error
// (nil for exit status 0); it fails the test if it is still running at timeout.
func (p *appProc) WaitExit(t testing.TB, timeout time.Duration) error {
	t.Helper()
	select {
	case <-p.exited:
		return p.err
	case <-time.After(timeout):
		t.Fatalf("%s still running after %v", p.cmd.Path, timeout)
		return nil
	}
}
