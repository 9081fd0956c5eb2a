package probe

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

func TestRegistry(t *testing.T) {
	reg := NewRegistry(Options{})
	reg.Register("boom", func(context.Context, config.Service) status.Result { panic("probe bug") })
	reg.Register("fixed", func(context.Context, config.Service) status.Result {
		return status.Result{Status: status.Up, Latency: time.Millisecond, Reason: "fine"}
	})
	if got, want := reg.Kinds(), []string{"boom", "dns", "feed", "fixed", "http", "instatus", "ping", "statuspage", "tcp", "tls"}; !slices.Equal(got, want) {
		t.Errorf("Kinds() = %v, want %v", got, want)
	}
	for _, k := range config.Kinds {
		if !slices.Contains(reg.Kinds(), k) {
			t.Errorf("config kind %q has no probe", k)
		}
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
