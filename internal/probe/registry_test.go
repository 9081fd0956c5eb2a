package probe

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// A kind is one probe file, one registry line and one row of config's table of kinds:
// a row without a probe, or a probe without a row (which neither validation nor the
// settings window would know), fails here.
func TestEveryKindHasAProbeAndARow(t *testing.T) {
	probes := NewRegistry(Options{}).Kinds()
	for _, k := range config.KindNames() {
		if !slices.Contains(probes, k) {
			t.Errorf("kind %q of config's table has no probe: add its line to NewRegistry", k)
		}
	}
	for _, k := range probes {
		if _, ok := config.KindByName(k); !ok {
			t.Errorf("probe %q has no row in config's table of kinds (internal/config/kinds.go)", k)
		}
	}
}

func TestRegistry(t *testing.T) {
	reg := NewRegistry(Options{})
	reg.Register("boom", func(context.Context, config.Service) status.Result { panic("probe bug") })
	reg.Register("fixed", func(context.Context, config.Service) status.Result {
		return status.Result{Status: status.Up, Latency: time.Millisecond, Reason: "fine"}
	})
	want := append(config.KindNames(), "boom", "fixed")
	slices.Sort(want)
	if got := reg.Kinds(); !slices.Equal(got, want) {
		t.Errorf("Kinds() = %v, want %v", got, want)
	}

	cases := []struct {
		name   string
		kind   string
		want   status.Status
		reason string
	}{
		{name: "unknown kind", kind: "carrier-pigeon", want: status.Unknown, reason: `unknown kind "carrier-pigeon"`},
		{name: "panic", kind: "boom", want: status.Unknown, reason: "internal error"},
		{name: "registered", kind: "fixed", want: status.Up, reason: "fine"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := reg.Check(context.Background(), config.Service{Name: "svc", Kind: tc.kind})
			if res.Status != tc.want || res.Reason != tc.reason {
				t.Errorf("got %v %q, want %v %q", res.Status, res.Reason, tc.want, tc.reason)
			}
			if !res.At.IsZero() {
				t.Errorf("At = %v: the engine sets it, not Check", res.At)
			}
		})
	}
}

// A probe's panic goes to the logger the registry was given, with its stack.
func TestRegistryLogsAPanicToItsLogger(t *testing.T) {
	var buf strings.Builder
	reg := NewRegistry(Options{Log: slog.New(slog.NewTextHandler(&buf, nil))})
	reg.Register("boom", func(context.Context, config.Service) status.Result { panic("probe bug") })
	reg.Check(context.Background(), config.Service{Name: "X", Kind: "boom"})
	if !strings.Contains(buf.String(), "probe panicked") || !strings.Contains(buf.String(), "probe bug") {
		t.Fatalf("log = %q, want the panic", buf.String())
	}
}
