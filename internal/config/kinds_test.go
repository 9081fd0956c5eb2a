package config

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// commonKeys are the keys every service has, whatever its kind: not in any row.
var commonKeys = []string{"name", "kind", "target", "interval", "timeout", "group", "fallback", "critical",
	"proxy", "ca_file", "cert_file", "key_file"} // the network settings: network.go

// sampleText is a good value for a field, as the editor would type it.
func sampleText(f Field) string {
	switch f.Widget {
	case WidgetNumber:
		return "30"
	case WidgetDuration:
		return "2h"
	case WidgetList:
		return "200, 204"
	case WidgetBool:
		return "true"
	case WidgetChoice:
		return f.Choices[len(f.Choices)-1]
	}
	return "10.0.0.53:53"
}

// Every row is whole: what the editor shows and what validation reads.
func TestKindTable(t *testing.T) {
	names, labels := map[string]bool{}, map[string]bool{}
	byKey := map[string]Field{}
	for _, k := range Kinds() {
		if k.Name == "" || names[k.Name] {
			t.Errorf("kind %q: no name, or a second row", k.Name)
		}
		names[k.Name] = true
		if k.Label == "" || labels[k.Label] {
			t.Errorf("%s: label %q empty or used twice", k.Name, k.Label)
		}
		labels[k.Label] = true
		if k.TargetLabel == "" || k.TargetHint == "" || k.TargetExample == "" || k.CheckTarget == nil {
			t.Errorf("%s: the target lacks a label, hint, example or check: %+v", k.Name, k)
			continue
		}
		if err := k.CheckTarget(k.TargetExample); err != nil {
			t.Errorf("%s: its own example %q is refused: %v", k.Name, k.TargetExample, err)
		}
		if got, ok := KindByName(k.Name); !ok || got.Name != k.Name || TargetHint(k.Name) != k.TargetHint {
			t.Errorf("%s: KindByName or TargetHint does not find the row", k.Name)
		}
		if es := (&Config{}).ValidateService(Service{Name: "S", Kind: k.Name, Target: k.TargetExample}); len(es) != 0 {
			t.Errorf("%s: the example service is invalid: %v", k.Name, es)
		}
		for _, f := range k.Fields {
			what := k.Name + "." + f.Key
			if f.Key == "" || f.Label == "" || f.IsSet == nil || f.Get == nil || f.Set == nil {
				t.Errorf("%s: the field lacks a key, label or accessor", what)
				continue
			}
			if f.Widget == WidgetChoice && (len(f.Choices) == 0 || !slices.Contains(f.Choices, f.Default)) {
				t.Errorf("%s: a choice without choices, or its default %q not one of them", what, f.Default)
			}
			if f.Widget == WidgetBool && f.Placeholder == "" {
				t.Errorf("%s: a check box without words beside it", what)
			}
			if prev, ok := byKey[f.Key]; ok && (prev.Label != f.Label || prev.Widget != f.Widget ||
				prev.Placeholder != f.Placeholder || prev.Hint != f.Hint) {
				t.Errorf("%s: the same key is shown two ways on two kinds", what)
			}
			byKey[f.Key] = f
		}
	}
	if !slices.Equal(KindNames(), func() []string {
		var out []string
		for _, k := range Kinds() {
			out = append(out, k.Name)
		}
		return out
	}()) {
		t.Error("KindNames does not follow the table")
	}
	if _, ok := KindByName("carrier-pigeon"); ok || TargetHint("carrier-pigeon") != "what to check" {
		t.Error("a kind that does not exist is found")
	}
}

// A key of the file's Service is either one every service has or some kind's option:
// a new option without a row (which neither validation nor the editor would know)
// fails here.
func TestEveryServiceKeyHasARow(t *testing.T) {
	options := map[string]bool{}
	for _, f := range KindFields() {
		if options[f.Key] {
			t.Errorf("KindFields holds %q twice", f.Key)
		}
		options[f.Key] = true
	}
	keys := tomlKeys(reflect.TypeOf(Service{}))
	for key := range keys {
		if !options[key] && !slices.Contains(commonKeys, key) {
			t.Errorf("key %q of Service belongs to no kind", key)
		}
	}
	for key := range options {
		if !keys[key] {
			t.Errorf("field %q is not a key of Service", key)
		}
		if slices.Contains(commonKeys, key) {
			t.Errorf("field %q is one every service has", key)
		}
	}
}

// Each field writes what it reads, unsets on "", validates its own kind's good value,
// and is refused on a kind that does not take it.
func TestFieldsRoundTrip(t *testing.T) {
	for _, k := range Kinds() {
		for _, f := range k.Fields {
			t.Run(k.Name+"."+f.Key, func(t *testing.T) {
				s := Service{Name: "S", Kind: k.Name, Target: k.TargetExample}
				text := sampleText(f)
				if err := f.Set(&s, text); err != nil {
					t.Fatalf("Set(%q): %v", text, err)
				}
				if !f.IsSet(&s) || f.Get(&s) != text {
					t.Errorf("after Set(%q): IsSet %v, Get %q", text, f.IsSet(&s), f.Get(&s))
				}
				if es := (&Config{}).ValidateService(s); len(es) != 0 {
					t.Errorf("a good value is refused: %v", es)
				}
				for _, other := range Kinds() {
					if _, ok := other.Field(f.Key); ok {
						continue
					}
					o := s
					o.Kind, o.Target = other.Name, other.TargetExample
					es := (&Config{}).ValidateService(o)
					if len(es) != 1 || es[0].Field != f.Key || !strings.HasPrefix(es[0].Msg, "applies only to ") ||
						!strings.HasSuffix(es[0].Msg, " checks, not "+other.Name) || !strings.Contains(es[0].Msg, k.Name) {
						t.Errorf("on %s: %v", other.Name, es)
					}
					break
				}
				if err := f.Set(&s, ""); err != nil || f.IsSet(&s) || f.Get(&s) != "" {
					t.Errorf(`Set(""): %v, IsSet %v, Get %q`, err, f.IsSet(&s), f.Get(&s))
				}
			})
		}
	}
}

func TestFieldsReadTyping(t *testing.T) {
	http, _ := KindByName("http")
	dns, _ := KindByName("dns")
	tls, _ := KindByName("tls")
	status, _ := http.Field("expect_status")
	var s Service
	if err := status.Set(&s, "200; 204 x"); err == nil || err.Error() != `"x" is not a status code: write numbers like 200, 204` ||
		!slices.Equal(s.ExpectStatus, []int{200, 204}) {
		t.Errorf("expect_status: %v %v", err, s.ExpectStatus)
	}
	days, _ := tls.Field("cert_min_days")
	if err := days.Set(&s, "x"); err == nil || err.Error() != `"x" is not a number of days` || s.CertMinDays != 0 {
		t.Errorf("cert_min_days: %v %v", err, s.CertMinDays)
	}
	rt, _ := dns.Field("record_type")
	if err := rt.Set(&s, "a"); err != nil || s.RecordType != "" || rt.Get(&s) != "" {
		t.Errorf("the default record type is stored: %q", s.RecordType)
	}
	s.RecordType = "mx"
	if rt.Get(&s) != "MX" {
		t.Errorf("record_type shown as %q", rt.Get(&s))
	}
	lat, _ := http.Field("max_latency")
	if err := lat.Set(&s, "fast"); err != nil || !s.MaxLatency.Set || s.MaxLatency.Valid || lat.Get(&s) != "fast" {
		t.Errorf("a bad duration is not kept as typed: %+v", s.MaxLatency)
	}
	if err := lat.Validate(&s); err == nil || err.Error() != `"fast" is not a duration (try "30s")` {
		t.Errorf("max_latency: %v", err)
	}

	// Several bad codes are several errors.
	es := (&Config{}).ValidateService(Service{Name: "W", Kind: "http", Target: "https://w.example", ExpectStatus: []int{99, 200, 600}})
	if len(es) != 2 || es[0].Msg != "99 is not an HTTP status code (100 to 599)" || es[1].Msg != "600 is not an HTTP status code (100 to 599)" {
		t.Errorf("expect_status: %v", es)
	}
	// Options of three kinds are listed as a sentence.
	es = (&Config{}).ValidateService(Service{Name: "D", Kind: "dns", Target: "example.com", MaxLatency: D(1e9)})
	if len(es) != 1 || es[0].Msg != "applies only to http, tcp and ping checks, not dns" {
		t.Errorf("max_latency on dns: %v", es)
	}
}

func TestKindsIsACopy(t *testing.T) {
	ks := Kinds()
	ks[0].Name, ks[0].Fields[0].Label = "changed", "changed"
	if KindNames()[0] == "changed" || Kinds()[0].Fields[0].Label == "changed" {
		t.Error("Kinds hands out the table itself")
	}
	k, _ := KindByName("http")
	k.Fields[0].Key = "changed"
	if k2, _ := KindByName("http"); k2.Fields[0].Key == "changed" {
		t.Error("KindByName hands out the table's fields")
	}
}

func TestJoinAnd(t *testing.T) {
	for in, want := range map[string]string{"": "", "a": "a", "a b": "a and b", "a b c": "a, b and c"} {
		if got := joinAnd(strings.Fields(in)); got != want {
			t.Errorf("joinAnd(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStatusioTargets(t *testing.T) {
	for _, ok := range []string{
		"5b36dc6502d06804c08349f7",
		"https://status.gitlab.com/pages/5b36dc6502d06804c08349f7",
		"https://api.status.io/1.0/status/5b36dc6502d06804c08349f7",
	} {
		if err := checkStatusioTarget(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"https://status.gitlab.com", "5b36dc65", "ftp://x/pages/5b36dc6502d06804c08349f7"} {
		if err := checkStatusioTarget(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
