package ui

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/redact"
	"github.com/uptray/uptray/internal/status"
)

const twoSources = `
[[sources]]
name = "Ops Gatus"
kind = "gatus"
url = "https://gatus.example.com"

[[sources]]
name = "Team Kuma"
kind = "uptime-kuma"
url = "https://kuma.example.com"
slug = "team"
`

const managedSource = `
[[sources]]
name = "Org Alerts"
kind = "alertmanager"
url = "https://am.example.com"
`

func (h *harness) selectSource(name string) {
	h.t.Helper()
	for i, src := range h.s.sources.items {
		if src.Name == name {
			h.s.sources.list.Select(i)
			return
		}
	}
	h.t.Fatalf("no source %q in the list", name)
}

// allText is every text the window holds in any widget (every tab, shown or not,
// and any dialog), as it would be drawn or read by a screen reader.
func (h *harness) allText() string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *field:
			b.WriteString(w.Text + "\n")
		case *widget.Entry:
			b.WriteString(w.Text + "\n")
		case *widget.Select:
			b.WriteString(w.Selected + "\n")
		case *widget.Button:
			b.WriteString(w.Text + "\n")
		case *canvas.Text:
			b.WriteString(w.Text + "\n")
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, child := range c.Objects {
				walk(child)
			}
		} else if w, ok := o.(fyne.Widget); ok {
			for _, child := range test.WidgetRenderer(w).Objects() {
				walk(child)
			}
		}
	}
	for _, item := range h.s.tabs.Items {
		walk(item.Content)
	}
	for _, o := range h.w.Canvas().Overlays().List() {
		walk(o)
	}
	return b.String()
}

func TestStatusPageKindsThroughForm(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	test.Tap(h.s.list.add)
	e := h.s.editor
	test.Type(e.name, "Payments vendor")
	e.kind.SetSelected(kindLabel("statuspage"))
	if !e.laidOut["components"] || e.laidOut["feed_window"] || e.laidOut["expect_status"] {
		t.Fatalf("statuspage form shows %v", e.laidOut)
	}
	if e.target.PlaceHolder != config.TargetHint("statuspage") {
		t.Errorf("placeholder = %q", e.target.PlaceHolder)
	}
	test.Type(e.target, "https://status.payments.example.com")
	test.Type(e.typed("components"), "API, Web ,")
	if e.save_.Disabled() {
		t.Fatalf("Save disabled: %v", e.errs)
	}
	test.Tap(e.save_)
	data, _ := os.ReadFile(h.files.User)
	if !strings.Contains(string(data), `components = ["API", "Web"]`) {
		t.Fatalf("saved file:\n%s", data)
	}

	// A feed: its window, with the config's minimum.
	test.Tap(h.s.list.add)
	e = h.s.editor
	test.Type(e.name, "Chat incidents")
	e.kind.SetSelected(kindLabel("feed"))
	if !e.laidOut["feed_window"] || e.laidOut["components"] {
		t.Fatalf("feed form shows %v", e.laidOut)
	}
	test.Type(e.target, "https://status.chat.example.com/history.atom")
	test.Type(e.typed("feed_window"), "30s")
	if !e.save_.Disabled() || !strings.Contains(e.errLabel["feed_window"].Text, "too short") {
		t.Fatalf("a 30s window was accepted: %q", e.errLabel["feed_window"].Text)
	}
	e.typed("feed_window").SetText("2h")
	test.Tap(e.save_)
	got, ok := h.userFile().Service("Chat incidents")
	if !ok || got.Kind != "feed" || got.FeedWindow.Duration != 2*time.Hour {
		t.Fatalf("saved %+v", got)
	}

	// Switching kind drops the other kind's options.
	h.selectService("Payments vendor")
	test.Tap(h.s.list.edit)
	e = h.s.editor
	if e.typed("components").Text != "API, Web" {
		t.Errorf("components shown as %q", e.typed("components").Text)
	}
	e.kind.SetSelected(kindLabel("instatus"))
	test.Tap(e.save_)
	if got, _ := h.userFile().Service("Payments vendor"); got.Kind != "instatus" || len(got.Components) != 2 {
		t.Errorf("saved %+v", got)
	}
}

func TestAddSourceThroughForm(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	h.s.tabs.SelectIndex(sourcesTab)
	test.Tap(h.s.sources.add)
	e := h.s.srcEdit
	if e == nil || h.s.srcArea.Objects[0] != e.content {
		t.Fatal("Add does not open the source editor")
	}
	test.Type(e.name, "Ops Gatus")
	if e.kind.Selected != "Gatus" {
		t.Errorf("kind = %q", e.kind.Selected)
	}
	test.Type(e.url, "https://gatus.example.com")
	test.Type(e.interval, "2m")
	test.Type(e.include, "web-*, db?")
	test.Type(e.exclude, "test-*")
	if e.laidOut["slug"] || e.laidOut["labels"] || e.laidOut["token"] {
		t.Errorf("gatus form shows %v", e.laidOut)
	}
	if e.save_.Disabled() {
		t.Fatalf("Save disabled: %v", e.errs)
	}
	test.Tap(e.save_)
	if h.s.srcEdit != nil {
		t.Fatal("the editor stays open after saving")
	}
	got, ok := h.userFile().Source("Ops Gatus")
	if !ok {
		t.Fatal("the source is not in the saved file")
	}
	if got.Kind != "gatus" || got.URL != "https://gatus.example.com" || got.Interval.Duration != 2*time.Minute ||
		strings.Join(got.Include, "|") != "web-*|db?" || strings.Join(got.Exclude, "|") != "test-*" {
		t.Errorf("saved %+v", got)
	}
	if len(h.userFile().Services) != 1 {
		t.Error("the service was lost")
	}
	if len(h.saved) != 1 || len(h.saved[0].Merged.Sources) != 1 || len(h.s.sources.items) != 1 {
		t.Error("the saved source is not applied or listed")
	}

	// Alertmanager labels, and a name already taken by a service.
	test.Tap(h.s.sources.add)
	e = h.s.srcEdit
	test.Type(e.name, "intranet")
	if !strings.Contains(e.errLabel["name"].Text, "already used") {
		t.Errorf("name error = %q", e.errLabel["name"].Text)
	}
	e.name.SetText("Alerts")
	e.kind.SetSelected(sourceKindLabels.label("alertmanager"))
	test.Type(e.url, "https://am.example.com")
	test.Type(e.labels, "team=ops, broken")
	if !strings.Contains(e.errLabel["labels"].Text, `“broken” is not label=value`) || !e.save_.Disabled() {
		t.Errorf("labels error = %q", e.errLabel["labels"].Text)
	}
	e.labels.SetText("team=ops, env = prod")
	test.Tap(e.save_)
	if got, _ := h.userFile().Source("Alerts"); got.Labels["team"] != "ops" || got.Labels["env"] != "prod" {
		t.Errorf("saved %+v", got)
	}
}

func TestKumaSourceNeedsSlug(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	before, _ := os.ReadFile(h.files.User)
	test.Tap(h.s.sources.add)
	e := h.s.srcEdit
	test.Type(e.name, "Team Kuma")
	e.kind.SetSelected(sourceKindLabels.label("uptime-kuma"))
	test.Type(e.url, "https://kuma.example.com")
	if !e.laidOut["slug"] {
		t.Fatal("no slug field for uptime-kuma")
	}
	if !e.save_.Disabled() {
		t.Error("Save enabled without a slug")
	}
	e.name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // shows every problem, saves nothing
	if h.s.srcEdit == nil {
		t.Fatal("the editor closed on an invalid source")
	}
	if l := e.errLabel["slug"]; !l.Visible() || !strings.Contains(l.Text, "Status page is missing") {
		t.Errorf("slug error = %q (visible %v)", l.Text, l.Visible())
	}
	after, _ := os.ReadFile(h.files.User)
	if string(before) != string(after) || len(h.saved) != 0 {
		t.Fatal("an invalid source changed the file")
	}
	test.Type(e.slug, "team")
	if e.save_.Disabled() {
		t.Fatalf("still invalid: %v", e.errs)
	}
	// Escape cancels, through the window when no field has the focus.
	h.w.Canvas().Unfocus()
	h.w.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.s.srcEdit != nil {
		t.Fatal("Escape did not cancel")
	}
	if _, ok := h.userFile().Source("Team Kuma"); ok {
		t.Fatal("a cancelled source was saved")
	}
}

func TestEditAndRemoveSourcePersist(t *testing.T) {
	h := newHarness(t, "", oneService+twoSources, Deps{})
	h.selectSource("Team Kuma")
	test.Tap(h.s.sources.edit)
	e := h.s.srcEdit
	if e.name.Text != "Team Kuma" || e.slug.Text != "team" || !e.laidOut["slug"] {
		t.Fatal("the editor does not show the source")
	}
	e.slug.SetText("everyone")
	e.auth.SetSelected(authBasic)
	test.Type(e.username, "uptray")
	test.Type(e.password, "s3cret")
	e.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter saves
	if h.s.srcEdit != nil {
		t.Fatalf("Enter did not save: %v", e.errs)
	}
	c := h.userFile()
	got, _ := c.Source("Team Kuma")
	if got.Slug != "everyone" || got.Username != "uptray" || got.Password != "s3cret" || len(c.Sources) != 2 {
		t.Fatalf("edit not saved: %+v", c.Sources)
	}

	h.selectSource("Ops Gatus")
	test.Tap(h.s.sources.remove)
	test.Tap(h.dialogButton("Keep"))
	if _, ok := h.userFile().Source("Ops Gatus"); !ok {
		t.Fatal("removed without confirmation")
	}
	h.selectSource("Ops Gatus")
	test.Tap(h.s.sources.remove)
	test.Tap(h.dialogButton("Remove"))
	if _, ok := h.userFile().Source("Ops Gatus"); ok {
		t.Fatal("remove not saved")
	}
	if len(h.s.sources.items) != 1 || len(h.userFile().Services) != 1 {
		t.Error("remove took more than the source")
	}
}

func TestManagedSourceIsReadOnly(t *testing.T) {
	h := newHarness(t, managedSource, oneService, Deps{})
	h.selectSource("Org Alerts")
	if h.s.sources.edit.Disabled() || h.s.sources.edit.Text != "View" || !h.s.sources.remove.Disabled() {
		t.Errorf("a managed source: %q enabled %v, Remove enabled %v", h.s.sources.edit.Text,
			!h.s.sources.edit.Disabled(), !h.s.sources.remove.Disabled())
	}
	if !strings.Contains(h.s.sources.info.Text, "managed by your organisation") {
		t.Errorf("info = %q", h.s.sources.info.Text)
	}
	h.s.sources.removeSelected()
	if h.w.Canvas().Overlays().Top() != nil {
		t.Fatal("a managed source offered to be removed")
	}
	// View opens it read-only: every field shown and greyed, nothing to save.
	h.s.sources.editSelected()
	e := h.s.srcEdit
	if e == nil || !e.readOnly || !e.lockNote.Visible() || e.save_.Visible() || e.cancelBtn.Text != "Close" {
		t.Fatalf("a managed source did not open read-only: %+v", e)
	}
	if e.url.Text != "https://am.example.com" || !e.url.Disabled() || !e.name.Disabled() || !e.kind.Disabled() ||
		!e.intervalPick.Disabled() || !e.auth.Disabled() {
		t.Error("a field of a managed source can be changed")
	}
	e.fieldForm.onSave()
	if _, ok := h.userFile().Source("Org Alerts"); ok {
		t.Fatal("a managed source was saved into the user's file")
	}
	e.cancelBtn.OnTapped()
	if h.s.srcEdit != nil {
		t.Fatal("Close left the read-only editor open")
	}
	// Its name is taken, for services and sources alike.
	test.Tap(h.s.list.add)
	test.Type(h.s.editor.name, "org alerts")
	if !strings.Contains(h.s.editor.errLabel["name"].Text, "monitoring server") {
		t.Errorf("name error = %q", h.s.editor.errLabel["name"].Text)
	}
	h.s.closeEditor()
	test.Tap(h.s.sources.add)
	test.Type(h.s.srcEdit.name, "Org Alerts")
	if !strings.Contains(h.s.srcEdit.errLabel["name"].Text, "already used") {
		t.Errorf("name error = %q", h.s.srcEdit.errLabel["name"].Text)
	}
	h.s.closeSourceEditor()
	// Saving the user's sources never writes the managed one into the user file.
	test.Tap(h.s.sources.add)
	test.Type(h.s.srcEdit.name, "Mine")
	test.Type(h.s.srcEdit.url, "https://gatus.example.com")
	test.Tap(h.s.srcEdit.save_)
	if c := h.userFile(); len(c.Sources) != 1 || c.Sources[0].Name != "Mine" {
		t.Fatalf("user sources = %+v", c.Sources)
	}
}

func TestRemoteChecksAreShownReadOnly(t *testing.T) {
	eng := &fakeEngine{snap: status.Snapshot{Services: []status.ServiceState{
		{Name: "Intranet", Group: "Web", Status: status.Up},
		{Name: "api", Group: "Ops Gatus · core", Status: status.Up},
		{Name: "db", Group: "Ops Gatus · core", Status: status.Down, Last: status.Result{Status: status.Down, Reason: "[CONNECTED] == true"}},
		{Name: "web", Group: "Ops Gatus", Status: status.Degraded},
		{Name: "Team Kuma", Group: "Team Kuma", Status: status.Unknown, Last: status.Result{Reason: "connect: connection refused"}},
	}}}
	h := newHarness(t, "", oneService+twoSources, Deps{Engine: eng})
	h.s.Show()
	h.s.tabs.SelectIndex(sourcesTab)
	h.q.waitFor(t, "the snapshot", func() bool { return len(h.s.snap.Services) == 5 })
	if got := checksText("Ops Gatus", h.s.remoteChecks("Ops Gatus")); got != "3 checks, 1 down, 1 degraded" {
		t.Errorf("Ops Gatus: %q", got)
	}
	if got := checksText("Team Kuma", h.s.remoteChecks("Team Kuma")); got != "can't be read" {
		t.Errorf("Team Kuma: %q", got)
	}
	if text := h.allText(); !strings.Contains(text, "3 checks, 1 down, 1 degraded") {
		t.Errorf("the list does not show the count:\n%s", text)
	}
	h.selectSource("Ops Gatus")
	items := h.s.sources.checkItems
	if len(items) != 3 || items[1].Name != "db" {
		t.Fatalf("checks of Ops Gatus = %+v", items)
	}
	if text := h.allText(); !strings.Contains(text, "Down: [CONNECTED] == true") || !strings.Contains(text, "core") {
		t.Errorf("the checks are not shown:\n%s", text)
	}
	// The services list keeps to the configured services, and says where the rest are.
	if len(h.s.list.items) != 1 || !strings.Contains(h.s.list.info.Text, "4 checks more come from monitoring servers") {
		t.Errorf("services: %d, info %q", len(h.s.list.items), h.s.list.info.Text)
	}
}

func TestSourceTokenIsNeverShown(t *testing.T) {
	const token = "tok-9f8e7d6c5b4a"
	eng := &fakeEngine{snap: status.Snapshot{Services: []status.ServiceState{
		{Name: "api", Group: "Ops Gatus", Status: status.Up},
	}}}
	h := newHarness(t, "", oneService, Deps{Engine: eng})
	h.s.Show()
	test.Tap(h.s.sources.add)
	e := h.s.srcEdit
	test.Type(e.name, "Ops Gatus")
	test.Type(e.url, "https://gatus.example.com")
	e.auth.SetSelected(authToken)
	test.Type(e.token, token)
	if !e.token.Password {
		t.Error("the token is not masked")
	}
	test.Tap(e.save_)
	if got, _ := h.userFile().Source("Ops Gatus"); got.Token != token {
		t.Fatalf("token not saved: %+v", got)
	}
	h.q.waitFor(t, "the snapshot", func() bool { return len(h.s.snap.Services) == 1 })
	for _, tab := range []int{servicesTab, sourcesTab, prefsTab} {
		h.s.tabs.SelectIndex(tab)
		h.selectSource("Ops Gatus")
		if text := h.allText(); strings.Contains(text, token) || !strings.Contains(text, "Ops Gatus") {
			t.Fatalf("tab %d: the token shows, or the walk found nothing:\n%s", tab, text)
		}
	}
	// Editing shows it masked only.
	test.Tap(h.s.sources.edit)
	if !h.s.srcEdit.laidOut["token"] || !h.s.srcEdit.token.Password {
		t.Error("editing does not keep the token masked")
	}
}

func TestRedactURL(t *testing.T) {
	if got := redact.URL("https://bob:pw@status.example.com/x"); strings.Contains(got, "pw") || !strings.Contains(got, "status.example.com/x") {
		t.Errorf("redact.URL = %q", got)
	}
}

func TestImportBringsSources(t *testing.T) {
	h := newHarness(t, managedSource, oneService, Deps{})
	h.s.importData("team.toml", []byte(twoSources+managedSource))
	if !strings.Contains(h.dialogText(), "0 services and 3 monitoring servers") {
		t.Errorf("dialog: %q", h.dialogText())
	}
	test.Tap(h.dialogButton("Add new services"))
	c := h.userFile()
	if len(c.Sources) != 2 || len(c.Services) != 1 {
		t.Fatalf("merge gave %+v", c.Sources)
	}
	if !strings.Contains(h.dialogText(), "Org Alerts") {
		t.Errorf("the managed name was not reported as skipped: %q", h.dialogText())
	}
}

func TestSourceRulesThroughForm(t *testing.T) {
	h := newHarness(t, "", oneService, Deps{})
	h.s.tabs.SelectIndex(sourcesTab)
	test.Tap(h.s.sources.add)
	e := h.s.srcEdit
	test.Type(e.name, "Prod Gatus")
	test.Type(e.url, "https://gatus.example.com")
	if len(e.rules.rows) != 0 || !e.laidOut["rules"] {
		t.Fatalf("a new source shows %d rules (laid out %v)", len(e.rules.rows), e.laidOut["rules"])
	}
	test.Tap(e.rules.add)
	r1 := e.rules.rows[0]
	if h.w.Canvas().Focused() != r1.match {
		t.Error("Add a rule does not put the cursor in its pattern")
	}
	test.Type(r1.match, "prod/payments*")
	test.Type(r1.fallback, "Use the offline card terminal")
	test.Tap(r1.critical)
	test.Tap(e.rules.add)
	r2 := e.rules.rows[1]
	test.Type(r2.fallback, "Read the PDF copy")
	if !e.save_.Disabled() || !strings.Contains(r2.errLabel.Text, "Checks named is missing") || !r2.errLabel.Visible() {
		t.Fatalf("a rule without a pattern: error %q, save enabled %v", r2.errLabel.Text, !e.save_.Disabled())
	}
	test.Type(r2.match, "wiki*")
	test.Tap(e.rules.add) // left empty: dropped on save
	if e.save_.Disabled() {
		t.Fatalf("Save disabled: %v", e.errs)
	}
	test.Tap(e.save_)
	got, ok := h.userFile().Source("Prod Gatus")
	want := []config.SourceRule{{Match: "prod/payments*", Fallback: "Use the offline card terminal", Critical: true},
		{Match: "wiki*", Fallback: "Read the PDF copy"}}
	if !ok || fmt.Sprint(got.Rules) != fmt.Sprint(want) {
		t.Fatalf("saved rules %+v", got.Rules)
	}

	// Edit: the rules come back; remove the first, change the second.
	h.selectSource("Prod Gatus")
	test.Tap(h.s.sources.edit)
	e = h.s.srcEdit
	if len(e.rules.rows) != 2 || e.rules.rows[0].match.Text != "prod/payments*" || !e.rules.rows[0].critical.Checked ||
		e.rules.rows[1].title.Text != "Rule 2" {
		t.Fatalf("the editor shows %d rules", len(e.rules.rows))
	}
	test.Tap(e.rules.rows[0].remove)
	if len(e.rules.rows) != 1 || e.rules.rows[0].title.Text != "Rule 1" || e.rules.list.Objects[0] != e.rules.rows[0].box {
		t.Fatal("Remove does not take the rule away")
	}
	e.rules.rows[0].fallback.SetText("Use the wiki mirror")
	// A bad pattern is reported under its own rule, after the removal renumbered it.
	e.rules.rows[0].match.SetText("wiki[")
	if !strings.Contains(e.rules.rows[0].errLabel.Text, "not a name pattern") || !e.save_.Disabled() {
		t.Fatalf("bad pattern: %q", e.rules.rows[0].errLabel.Text)
	}
	e.rules.rows[0].match.SetText("wiki*")
	test.Tap(e.save_)
	got, _ = h.userFile().Source("Prod Gatus")
	if len(got.Rules) != 1 || got.Rules[0] != (config.SourceRule{Match: "wiki*", Fallback: "Use the wiki mirror"}) {
		t.Fatalf("saved rules %+v", got.Rules)
	}
	if len(h.saved) != 2 || len(h.saved[1].Merged.Sources[0].Rules) != 1 {
		t.Error("the saved rules are not applied")
	}
}
