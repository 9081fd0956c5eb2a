package store

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/status"
)

// benchServices is how many services the benchmarks record: a typical laptop's list.
const benchServices = 10

// simulate records rounds of one check per service, the clock advancing 60 s per round,
// a batch written every flushEvery rounds (rollups and retention run inside batches
// every RetainEvery of simulated time, as in the app). Each service is down 10 minutes a day,
// with the transitions the engine would send.
func simulate(f *fixture, t testing.TB, rounds, services, flushEvery int) {
	names := make([]string, services)
	for i := range names {
		names[i] = fmt.Sprintf("service-%02d", i)
		f.transition(names[i], status.Unknown, status.Up, "")
	}
	for round := 0; round < rounds; round++ {
		for i, name := range names {
			phase := (round + i*97) % 1440
			switch {
			case phase < 10:
				if phase == 0 {
					f.transition(name, status.Up, status.Down, "HTTP 503 (want 200)")
				}
				f.rec.RecordResult(name, status.Result{Status: status.Down, Latency: 10 * time.Second, Reason: "HTTP 503 (want 200)", At: f.clk.Now()})
				continue
			case phase == 10:
				f.transition(name, status.Down, status.Up, "")
			}
			st := status.Up
			if round%100 == i {
				st = status.Degraded
			}
			lat := time.Duration(20+(round*7+i*13)%180) * time.Millisecond
			f.rec.RecordResult(name, status.Result{Status: st, Latency: lat, At: f.clk.Now()})
		}
		f.clk.Advance(time.Minute)
		if round%flushEvery == flushEvery-1 {
			f.flush(t)
		}
	}
	f.flush(t)
}

// BenchmarkRecord is the cost of recording one check result, amortised over batches,
// rollups and retention: b.N results for 10 services checked every 60 s.
func BenchmarkRecord(b *testing.B) {
	f := newFixture(b, RecorderOptions{})
	cpu0 := cpuTime()
	b.ResetTimer()
	simulate(f, b, max(1, b.N/benchServices), benchServices, 1)
	b.StopTimer()
	if c := cpuTime(); c > 0 {
		b.ReportMetric(float64((c-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
	}
}

// BenchmarkNinetyDays fills a file with 90 simulated days of 3 services checked every
// 60 s, then measures its size per service and how long a service's charts take.
func BenchmarkNinetyDays(b *testing.B) {
	const services, days = 3, 92
	f := newFixture(b, RecorderOptions{})
	start := time.Now()
	simulate(f, b, days*1440, services, 5)
	b.Logf("simulated %d days of %d services in %v", days, services, time.Since(start).Round(time.Millisecond))

	// The size as the app leaves it (free pages included: they are reused), then as
	// small as VACUUM makes it.
	fi, err := os.Stat(f.path)
	if err != nil {
		b.Fatal(err)
	}
	pageSize := f.count(b, "PRAGMA page_size")
	inUse := (f.count(b, "PRAGMA page_count") - f.count(b, "PRAGMA freelist_count")) * pageSize
	if _, err := f.st.db.Exec("VACUUM"); err != nil {
		b.Fatal(err)
	}
	vacuumed := f.count(b, "PRAGMA page_count") * pageSize
	b.Logf("rows: %d rollups, %d results, %d events", f.count(b, "SELECT count(*) FROM rollups"),
		f.count(b, "SELECT count(*) FROM results"), f.count(b, "SELECT count(*) FROM events"))
	b.Run("size", func(b *testing.B) {
		for range b.N {
		}
		b.ReportMetric(float64(fi.Size())/services/1e6, "MB-file/service")
		b.ReportMetric(float64(inUse)/services/1e6, "MB-in-use/service")
		b.ReportMetric(float64(vacuumed)/services/1e6, "MB-vacuumed/service")
	})
	r, err := OpenReader(f.path, f.clk)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	now := f.clk.Now()
	b.Run("chart-90d", func(b *testing.B) {
		for range b.N {
			pts, err := r.Latency("service-01", now.Add(-90*24*time.Hour), now, 90*24*time.Hour/600)
			if err != nil || len(pts) < 590 {
				b.Fatal(len(pts), err)
			}
		}
	})
	b.Run("chart-24h-raw", func(b *testing.B) {
		for range b.N {
			if _, err := r.Latency("service-01", now.Add(-24*time.Hour), now, time.Minute); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("uptime-90d", func(b *testing.B) {
		for range b.N {
			if _, _, _, err := r.Uptime("service-00", now.Add(-90*24*time.Hour), now); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("events-90d", func(b *testing.B) {
		for range b.N {
			if _, err := r.Events("service-00", now.Add(-90*24*time.Hour), now); err != nil {
				b.Fatal(err)
			}
		}
	})
	// What the details view needs before its first frame, from a fresh Reader as the
	// windows process opens one: the 90-day chart, four uptimes, the events.
	b.Run("details-view-cold", func(b *testing.B) {
		for range b.N {
			r, err := OpenReader(f.path, f.clk)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := r.Latency("service-02", now.Add(-90*24*time.Hour), now, 90*24*time.Hour/600); err != nil {
				b.Fatal(err)
			}
			for _, d := range []time.Duration{24 * time.Hour, 7 * 24 * time.Hour, 30 * 24 * time.Hour, 90 * 24 * time.Hour} {
				if _, _, _, err := r.Uptime("service-02", now.Add(-d), now); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := r.Events("service-02", now.Add(-90*24*time.Hour), now); err != nil {
				b.Fatal(err)
			}
			r.Close()
		}
	})
	b.Run("open-check", func(b *testing.B) {
		for range b.N {
			if err := check(b.Context(), f.st.db); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRecordAsTheAppTicks is BenchmarkRecord with the writer woken as often as
// the app wakes it: a check every 6 s (10 services every 60 s) and a tick after each,
// so batches hold what 30 s bring (ResultsEvery), 5 results here.
func BenchmarkRecordAsTheAppTicks(b *testing.B) {
	f := newFixture(b, RecorderOptions{})
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := range b.N {
		f.result(fmt.Sprintf("service-%02d", i%benchServices), status.Up, 42*time.Millisecond)
		f.clk.Advance(time.Minute / benchServices)
		f.flush(b)
	}
	b.StopTimer()
	if c := cpuTime(); c > 0 {
		b.ReportMetric(float64((c-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
	}
}
