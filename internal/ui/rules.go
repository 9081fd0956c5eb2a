package ui

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
)

// rulesEditor is the source editor's list of [[sources.rules]]: checks read from a
// monitoring server cannot say what to do when they are down, so a rule gives the
// checks whose names match a fallback and can make them critical.
type rulesEditor struct {
	f        *fieldForm
	rows     []*ruleRow
	list     *fyne.Container
	add      *buttonField
	content  *fyne.Container
	readOnly bool // the organisation's rules: shown, not changed
}

// ruleRow is one rule, drawn as a small framed form.
type ruleRow struct {
	title    *widget.Label
	match    *field
	fallback *field
	critical *checkField
	remove   *buttonField
	errLabel *widget.Label
	touched  bool
	box      fyne.CanvasObject
}

func newRulesEditor(f *fieldForm) *rulesEditor {
	r := &rulesEditor{f: f, list: container.NewVBox()}
	r.add = newButtonField(i18n.T("Add a rule"), theme.ContentAddIcon(), func() {
		row := r.addRow(config.SourceRule{})
		r.changed()
		if c := fyne.CurrentApp(); c != nil {
			if cv := c.Driver().CanvasForObject(r.content); cv != nil {
				cv.Focus(row.match)
			}
		}
	})
	r.add.setOnFocus(func() { reveal(f.scroll, r.add, r.add) })
	r.add.onEscape = f.escape
	// The explanation comes first here: the list may be long, or empty.
	intro := hintText(i18n.T("Tell staff what to do instead when a check of this server is down, and make the checks that matter critical (notified even in quiet hours). * matches any text, \"/\" too; the first rule that matches a check applies."))
	r.content = container.NewVBox(intro, r.list, container.NewHBox(r.add))
	return r
}

// ruleKey is the validator's name for a rule's pattern.
func ruleKey(i int) string { return fmt.Sprintf("rules[%d].match", i+1) } // i18n:ignore config keys

// set shows these rules, replacing any shown.
func (r *rulesEditor) set(rules []config.SourceRule) {
	r.rows = nil
	for _, rule := range rules {
		r.addRow(rule)
	}
	r.sync()
}

func (r *rulesEditor) addRow(rule config.SourceRule) *ruleRow {
	row := &ruleRow{title: boldLabel(""), errLabel: errorLabel()}
	edited := func() {
		if !r.f.loading {
			row.touched = true
			r.changed()
		}
	}
	row.match = newField(i18n.T("like prod/payments* or Payments"))
	row.match.SetText(rule.Match)
	row.fallback = newField(i18n.T("like: use the offline card terminal"))
	row.fallback.SetText(rule.Fallback)
	row.critical = newCheckField(i18n.T("Notify even during quiet hours"), func(bool) { edited() })
	row.critical.SetChecked(rule.Critical)
	row.critical.setKeys(r.f.submit, r.f.escape)
	for _, e := range []*field{row.match, row.fallback} {
		e.OnChanged = func(string) { edited() }
		e.OnSubmitted = func(string) { r.f.submit() }
		e.onEscape = r.f.escape
	}
	row.remove = newButtonField(i18n.T("Remove"), theme.DeleteIcon(), func() { r.removeRow(row) })
	row.remove.Importance = widget.LowImportance
	row.remove.onEscape = r.f.escape

	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(i18n.T(sourceLabels["rules.match"])), container.NewVBox(row.match, row.errLabel),
		widget.NewLabel(i18n.T(sourceLabels["rules.fallback"])), row.fallback,
		widget.NewLabel(i18n.T(sourceLabels["rules.critical"])), row.critical)
	frame := canvas.NewRectangle(color.Transparent)
	frame.StrokeColor = theme.Color(theme.ColorNameSeparator)
	frame.StrokeWidth = 1
	frame.CornerRadius = theme.InputRadiusSize()
	row.box = container.NewStack(frame, container.NewPadded(container.NewVBox(
		container.NewBorder(nil, nil, nil, row.remove, row.title), form)))
	for _, w := range []fyne.CanvasObject{row.match, row.fallback, row.critical, row.remove} {
		w := w
		w.(focusReporter).setOnFocus(func() { reveal(r.f.scroll, row.box, w) })
	}
	r.rows = append(r.rows, row)
	return row
}

func (r *rulesEditor) removeRow(row *ruleRow) {
	for i, x := range r.rows {
		if x == row {
			r.rows = append(r.rows[:i], r.rows[i+1:]...)
			break
		}
	}
	r.changed()
	if c := fyne.CurrentApp(); c != nil {
		if cv := c.Driver().CanvasForObject(r.content); cv != nil {
			cv.Focus(r.add)
		}
	}
}

// changed renumbers the rules and tells the form.
func (r *rulesEditor) changed() {
	r.sync()
	r.f.changed(keyRules)
}

// sync shows the rows in order and gives each its error label under the
// validator's name for it.
func (r *rulesEditor) sync() {
	for k := range r.f.errLabel {
		if strings.HasPrefix(k, "rules[") {
			delete(r.f.errLabel, k)
			delete(r.f.touched, k)
		}
	}
	objs := make([]fyne.CanvasObject, 0, len(r.rows))
	for i, row := range r.rows {
		row.title.SetText(i18n.F("Rule %d", i+1))
		r.f.errLabel[ruleKey(i)] = row.errLabel
		r.f.touched[ruleKey(i)] = row.touched
		objs = append(objs, row.box)
	}
	r.list.Objects = objs
	r.list.Refresh()
}

// setReadOnly shows the rules as the organisation's: greyed, with no Add or Remove,
// and each fallback whole (wrapped), since it is what staff are told to do.
func (r *rulesEditor) setReadOnly() {
	r.readOnly = true
	r.add.Hide()
	for _, row := range r.rows {
		row.match.Disable()
		row.fallback.Disable()
		row.fallback.MultiLine = true
		row.fallback.Wrapping = fyne.TextWrapWord
		row.fallback.SetMinRowsVisible(max(1, min(4, len(row.fallback.Text)/50+1)))
		row.critical.Disable()
		row.remove.Hide()
	}
}

// rules are the rules the form describes; a rule left wholly empty is dropped.
// rowOf maps each rule's index to its row's, for the validator's messages.
func (r *rulesEditor) rules() (rules []config.SourceRule, rowOf []int) {
	for i, row := range r.rows {
		rule := config.SourceRule{Match: strings.TrimSpace(row.match.Text),
			Fallback: strings.TrimSpace(row.fallback.Text), Critical: row.critical.Checked}
		if rule == (config.SourceRule{}) {
			continue
		}
		rules = append(rules, rule)
		rowOf = append(rowOf, i)
	}
	return rules, rowOf
}

// renumber moves the validator's messages about rules to the rows they are about.
func renumber(errs map[string]string, rowOf []int) map[string]string {
	out := map[string]string{}
	for k, msg := range errs {
		var n int
		if _, err := fmt.Sscanf(k, "rules[%d].match", &n); err == nil && n >= 1 && n <= len(rowOf) { // i18n:ignore config keys
			k = ruleKey(rowOf[n-1])
		}
		out[k] = msg
	}
	return out
}
