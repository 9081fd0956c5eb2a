package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
)

// typed is the entry of one of the kinds' own fields; for a duration, its picker's
// Custom… entry (typing there makes the value custom).
func (e *editor) typed(key string) *field {
	if o := e.options[key]; o.dur != nil {
		return o.dur.custom
	}
	return e.options[key].entry
}

// goodText is a value each kind of control accepts, as a person would type it.
func goodText(f config.Field) string {
	switch f.Widget {
	case config.WidgetNumber:
		return "30"
	case config.WidgetDuration:
		return "2h"
	case config.WidgetList:
		return "200, 204"
	case config.WidgetBool:
		return "true"
	case config.WidgetChoice:
		return f.Choices[len(f.Choices)-1]
	}
	return "10.0.0.53:53"
}

// Every kind in config's table has its rows in the editor: listed under its label,
// its target labelled and hinted, each of its fields laid out with its label and a
// control that shows the service's value and writes it back.
func TestEveryKindHasEditorRows(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	for _, k := range config.Kinds() {
		t.Run(k.Name, func(t *testing.T) {
			svc := config.Service{Name: "S", Kind: k.Name, Target: k.TargetExample}
			for _, f := range k.Fields {
				if err := f.Set(&svc, goodText(f)); err != nil {
					t.Fatalf("%s: %v", f.Key, err)
				}
			}
			h.s.openEditor(svc, "", "Edit")
			e := h.s.editor
			defer test.Tap(e.cancelBtn)
			if !slices.Contains(e.kind.Options, k.Label) || e.kind.Selected != k.Label || kindOf(k.Label) != k.Name {
				t.Fatalf("the kinds' list does not offer %q (%v)", k.Label, e.kind.Options)
			}
			if e.target.PlaceHolder != k.TargetHint {
				t.Errorf("target placeholder = %q, want %q", e.target.PlaceHolder, k.TargetHint)
			}
			labels := map[string]bool{}
			for _, o := range e.form.Objects {
				if l, ok := o.(*widget.Label); ok {
					labels[l.Text] = true
				}
			}
			if k.Label == "" || k.TargetLabel == "" || !labels[k.TargetLabel] {
				t.Errorf("no label %q for the target", k.TargetLabel)
			}
			for _, f := range k.Fields {
				if !e.laidOut[f.Key] || e.widgets[f.Key] == nil || f.Label == "" || !labels[f.Label] {
					t.Errorf("%s: not laid out with its label %q", f.Key, f.Label)
				}
			}
			for key := range e.laidOut {
				if _, ok := k.Field(key); !ok && !slices.Contains(fieldsOf(config.Kind{}), key) && key != netRow {
					t.Errorf("%s shows %q, another kind's field", k.Name, key)
				}
			}
			// The network row only where the kind uses a network setting.
			if uses := config.NetworkKeys(k.Name); e.laidOut[netRow] != (len(uses) > 0) {
				t.Errorf("%s: network row shown %v, but the kind uses %v", k.Name, e.laidOut[netRow], uses)
			}
			got, problems := e.service()
			if len(problems) > 0 {
				t.Errorf("problems: %v", problems)
			}
			for _, f := range k.Fields {
				if f.Get(&got) != f.Get(&svc) {
					t.Errorf("%s: written back as %q, want %q", f.Key, f.Get(&got), f.Get(&svc))
				}
			}
			if e.save_.Disabled() {
				t.Errorf("Save disabled: %v", e.errs)
			}
		})
	}
}
