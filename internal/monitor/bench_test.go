//go:build unix

package monitor

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/probe"
	"github.com/uptray/uptray/internal/status"
)

// TestMain doubles as the benchmark's HTTP server: run in a child process, so the
// CPU and memory measured are the engine's and the probes', not the server's.
func TestMain(m *testing.M) {
	if os.Getenv("UPTRAY_BENCH_SERVER") == "1" {
		serveForBenchmark()
		return
	}
	os.Exit(m.Run())
}

func serveForBenchmark() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	fmt.Println(ln.Addr().String())
	go func() { io.Copy(io.Discard, os.Stdin); os.Exit(0) }() // parent gone: stop
	http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("OK"))
	}))
}

func startBenchServer(b *testing.B) string {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "UPTRAY_BENCH_SERVER=1")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { stdin.Close(); cmd.Process.Kill(); cmd.Wait() })
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatal(err)
	}
	return addr[:len(addr)-1]
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkEngine1000HTTP: the engine checks 1,000 services on a loopback HTTP server,
// one round per fake interval. Reported per check: CPU time of this process and bytes
// allocated; per service: heap held with a full history of 100 results.
func BenchmarkEngine1000HTTP(b *testing.B) {
	const n = 1000
	addr := startBenchServer(b)
	cfg := &config.Config{Defaults: config.Defaults{Interval: config.D(60 * time.Second), MaxConcurrent: 16}}
	for i := range n {
		cfg.Services = append(cfg.Services, config.Service{
			Name: fmt.Sprintf("svc-%04d", i), Kind: "http", Target: fmt.Sprintf("http://%s/health/%d", addr, i),
		})
	}
	reg := probe.NewRegistry(probe.Options{UserAgent: "Uptray/bench"})
	clk := clock.NewFake(t0)
	var done atomic.Int64 // counted in the check itself: polling Snapshot would cost more than the checks
	check := func(ctx context.Context, svc config.Service) status.Result {
		r := reg.Check(ctx, svc)
		done.Add(1)
		return r
	}
	e := New(cfg, Options{Check: check, Clock: clk, Log: slog.New(slog.DiscardHandler),
		Jitter: func(time.Duration) time.Duration { return 0 }})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go e.Run(ctx)
	// settled: all k rounds checked and every result taken in, so each service's next
	// check is due one interval after this moment.
	settled := func(k int) {
		for {
			e.mu.Lock()
			idle := e.inFlight == 0 && len(e.queue) == 0
			e.mu.Unlock()
			if idle && done.Load() >= int64(k*n) {
				return
			}
			time.Sleep(time.Millisecond)
		}
	}
	round := func(k int) {
		clk.Advance(60 * time.Second)
		settled(k)
	}
	settled(1) // the first checks run at start
	round(2)   // warm: connections open, buffers grown

	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := range b.N {
		round(i + 3)
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	runtime.ReadMemStats(&ms1)
	checks := float64(b.N * n)
	b.ReportMetric(float64(cpu.Microseconds())/checks, "cpu-µs/check")
	b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/checks, "B/check")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/checks, "allocs/check")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkMemoryPerService: heap held per service once every history ring is full.
func BenchmarkMemoryPerService(b *testing.B) {
	const n = 1000
	for range b.N {
		cfg := &config.Config{}
		for i := range n {
			cfg.Services = append(cfg.Services, config.Service{Name: fmt.Sprintf("svc-%04d", i), Kind: "http", Target: "http://127.0.0.1/"})
		}
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		e := New(cfg, Options{Check: nil, Clock: clock.NewFake(t0), Log: slog.New(slog.DiscardHandler)})
		for _, s := range e.services {
			for k := range historySize + 5 {
				s.record(statusResult(k))
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/n, "B/service")
		runtime.KeepAlive(e)
	}
}

func statusResult(k int) status.Result {
	return status.Result{Status: status.Up, Latency: time.Duration(k) * time.Millisecond, Reason: "HTTP 503 (want 200)", At: t0.Add(time.Duration(k) * time.Second)}
}
