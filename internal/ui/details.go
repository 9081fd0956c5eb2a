package ui

import (
	"errors"
	"fmt"
	"image/color"
	"io/fs"
	"math"
	"net/url"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/assets"
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/store"
)

// DetailsDeps are the details window's collaborators; cmd/uptray provides the real ones.
type DetailsDeps struct {
	// History opens the history file; it is called lazily, off the UI goroutine, and
	// again after an error. nil: the window says there is no history yet.
	History func() (*store.Reader, error)
	// Snapshot is the live state of every service. It is called on the UI goroutine
	// and from the window's own poller, so it must be quick and safe for both.
	Snapshot func() status.Snapshot
	CheckNow func(name string) // the Check now button
	Edit     func(name string) // the Edit button: Settings at the service
	OpenURL  func(url string)  // the Open button (web checks and status pages)
	Now      func() time.Time  // nil: time.Now
}

// detailRange is one of the periods the uptime figures and the chart cover.
type detailRange struct {
	span time.Duration
	step time.Duration // the chart's bar width: about 170–290 bars
}

var detailRanges = []detailRange{
	{24 * time.Hour, 5 * time.Minute},
	{7 * 24 * time.Hour, time.Hour},
	{30 * 24 * time.Hour, 4 * time.Hour},
	{90 * 24 * time.Hour, 12 * time.Hour},
}

// label names the range in the language in use: "24 h", "7 d".
func (r detailRange) label() string {
	if r.span < 48*time.Hour {
		return i18n.F("%d h", int(r.span/time.Hour))
	}
	return i18n.F("%d d", int(r.span/(24*time.Hour)))
}

// eventsFor is how far back the list of events goes (and the chart's bands come from).
const eventsFor = 90 * 24 * time.Hour

// Details is the one details window, created on first use and reused for whichever
// service is asked for: closing it hides it.
type Details struct {
	app  fyne.App
	deps DetailsDeps
	// do runs f on the UI goroutine (fyne.Do; tests queue instead).
	do func(f func())

	mu     sync.Mutex
	reader *store.Reader // opened on first use, under mu

	// The rest belongs to the UI goroutine.
	name     string
	rng      int // index into detailRanges
	gen      int // the load whose answer is wanted; older answers are dropped
	state    status.ServiceState
	known    bool // name is in the latest snapshot
	events   []store.Event
	onHide   func()
	stopPoll chan struct{}

	win      fyne.Window
	icon     *canvas.Image
	title    *widget.Label
	headline *widget.Label    // "Down for 12 min, since 10:42"
	reason   *widget.RichText // the reason, then the last check in grey
	fallback *widget.Label
	uptime   []*widget.Label
	note     *widget.RichText // "No history yet", a read error
	ranges   *widget.RadioGroup
	chart    *latencyChart
	list     *widget.List
	noEvents *widget.RichText
	checkBtn *keyButton
	editBtn  *keyButton
	openBtn  *keyButton
}

// NewDetails prepares the details window (built on first Show).
func NewDetails(a fyne.App, d DetailsDeps) *Details {
	return &Details{app: a, deps: d, do: fyne.Do}
}

// Show opens the window at service name, or brings it to the front. Call on the UI
// goroutine.
func (d *Details) Show(name string) {
	if d.win == nil {
		d.build()
	}
	if name != d.name { // nothing of the previous service stays while this one loads
		d.applyHistory(detailsHistory{loading: true, uptime: []string{"…", "…", "…", "…"}})
	}
	d.name = name
	d.win.SetTitle(i18n.F("Uptray — %s", name))
	d.title.SetText(name)
	if d.deps.Snapshot != nil {
		d.applySnapshot(d.deps.Snapshot())
	} else {
		d.applySnapshot(status.Snapshot{})
	}
	d.load()
	d.win.Show()
	d.win.RequestFocus()
	d.startPolling()
}

// SetOnHide registers f, called on the UI goroutine whenever the window is closed
// (hidden): the windows process quits when its last window is gone.
func (d *Details) SetOnHide(f func()) { d.onHide = f }

// Close stops the window's poller and closes the history file it opened. The window
// is not usable afterwards.
func (d *Details) Close() {
	d.stopPolling()
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.reader != nil {
		d.reader.Close()
		d.reader = nil
	}
}

// Forget closes the window if it was built, so that the next Show builds it anew (in
// the language now set). Call on the UI goroutine, while the window is not shown.
func (d *Details) Forget() {
	if d.win != nil {
		d.stopPolling()
		d.win.SetCloseIntercept(nil)
		d.win.Close()
		d.win, d.name = nil, ""
	}
}

func (d *Details) hide() {
	d.stopPolling()
	d.win.Hide()
	if d.onHide != nil {
		d.onHide()
	}
}

func (d *Details) now() time.Time {
	if d.deps.Now != nil {
		return d.deps.Now()
	}
	return time.Now()
}

func (d *Details) build() {
	d.win = d.app.NewWindow("Uptray") // i18n:ignore the product's name, until Show names the service
	d.win.SetCloseIntercept(d.hide)
	d.win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			d.hide()
		}
	})
	d.win.SetIcon(fyne.NewStaticResource("uptray.png", assets.AppIcon())) // i18n:ignore a resource name

	d.icon = canvas.NewImageFromResource(nil)
	d.icon.FillMode = canvas.ImageFillContain
	d.icon.SetMinSize(fyne.NewSize(56, 56))
	d.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.title.SizeName = theme.SizeNameHeadingText
	d.title.Truncation = fyne.TextTruncateEllipsis
	d.headline = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.headline.SizeName = theme.SizeNameSubHeadingText
	d.reason = widget.NewRichText()
	d.reason.Wrapping = fyne.TextWrapWord
	d.fallback = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.fallback.SizeName = theme.SizeNameSubHeadingText
	d.fallback.Wrapping = fyne.TextWrapWord
	d.fallback.Importance = widget.DangerImportance

	d.checkBtn = newKeyButton(i18n.T("Check now"), theme.ViewRefreshIcon(), func() {
		if d.deps.CheckNow != nil {
			d.deps.CheckNow(d.name)
		}
	})
	d.editBtn = newKeyButton(i18n.T("Edit"), theme.DocumentCreateIcon(), func() {
		if d.deps.Edit != nil {
			d.deps.Edit(d.name)
		}
	})
	d.openBtn = newKeyButton(i18n.T("Open"), theme.ComputerIcon(), func() {
		if u := detailsLink(d.state); u != "" && d.deps.OpenURL != nil {
			d.deps.OpenURL(u)
		}
	})
	// Escape closes the window from any of its buttons (a focused button gets every key).
	d.checkBtn.onEscape, d.editBtn.onEscape, d.openBtn.onEscape = d.hide, d.hide, d.hide
	buttons := container.NewHBox(d.checkBtn, d.editBtn, d.openBtn)

	titleRow := container.NewBorder(nil, nil, nil, buttons, d.title)
	texts := container.New(layout.NewCustomPaddedVBoxLayout(0), titleRow, d.headline, d.reason)
	header := container.NewBorder(nil, nil, container.NewVBox(d.icon), nil, texts)

	upCells := []fyne.CanvasObject{widget.NewLabelWithStyle(i18n.T("Uptime"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	for _, r := range detailRanges {
		v := widget.NewLabelWithStyle("—", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		d.uptime = append(d.uptime, v)
		upCells = append(upCells, container.NewHBox(greyText(r.label(), ""), v))
	}
	uptime := container.NewGridWithColumns(len(upCells), upCells...)

	d.note = greyText("", "")
	d.note.Wrapping = fyne.TextWrapWord
	d.note.Hide()

	labels := make([]string, len(detailRanges))
	for i, r := range detailRanges {
		labels[i] = r.label()
	}
	d.chart = newLatencyChart()
	d.ranges = widget.NewRadioGroup(labels, func(sel string) {
		for i, l := range labels {
			if l == sel && i != d.rng {
				d.rng = i
				d.load()
			}
		}
	})
	d.ranges.Horizontal = true
	d.ranges.Required = true
	d.ranges.SetSelected(labels[0])
	chartTitle := widget.NewLabelWithStyle(i18n.T("Latency (p95)"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	legend := container.NewHBox(legendSwatch(downBandColor(), i18n.T("down")), legendSwatch(offlineBandColor(), i18n.T("this computer offline")))
	chartBox := container.NewBorder(container.NewHBox(chartTitle, d.ranges, layout.NewSpacer(), legend), nil, nil, nil, d.chart)

	d.list = widget.NewList(func() int { return len(d.events) }, d.makeEventRow, d.updateEventRow)
	d.list.HideSeparators = true
	d.noEvents = greyText(i18n.T("No changes of state in the last 90 days."), "")
	d.noEvents.Hide()
	eventsBox := container.NewBorder(eventsHeader(), nil, nil, nil,
		container.NewStack(d.list, container.NewVBox(d.noEvents)))

	top := container.NewVBox(header, d.fallback, widget.NewSeparator(), uptime, d.note, widget.NewSeparator(), chartBox, widget.NewSeparator())
	d.win.SetContent(withFocusRing(container.NewPadded(container.NewBorder(top, nil, nil, nil, eventsBox))))
	d.win.Resize(fyne.NewSize(820, 580))
}

// legendSwatch is a small coloured square and what it means.
func legendSwatch(c color.Color, text string) fyne.CanvasObject {
	sw := canvas.NewRectangle(c)
	sw.SetMinSize(fyne.NewSize(14, 14))
	return container.NewHBox(container.NewCenter(sw), greyText(text, ""))
}

// greyText is a line in the placeholder's grey, which reads (a low-importance label's
// grey barely does).
func greyText(text string, size fyne.ThemeSizeName) *widget.RichText {
	rt := widget.NewRichText(&widget.TextSegment{Text: text, Style: widget.RichTextStyle{
		ColorName: theme.ColorNamePlaceHolder, SizeName: size, Inline: true}})
	return rt
}

// setGreyText changes the words of a greyText.
func setGreyText(rt *widget.RichText, text string) {
	rt.Segments[0].(*widget.TextSegment).Text = text
	rt.Refresh()
}

// eventColumns: when, what, for how long, reason.
var eventColumns = &columns{fixed: []float32{150, 0, 110, 0}, weights: []float32{0, 2, 0, 3}}

// eventsHeader is the bold row over the list of events.
func eventsHeader() fyne.CanvasObject {
	cells := make([]fyne.CanvasObject, 0, 4)
	for _, t := range []string{i18n.T("When"), i18n.T("What"), i18n.T("For"), i18n.T("Reason")} {
		cells = append(cells, widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	return container.New(eventColumns, cells...)
}

// makeEventRow makes a row of the events list: when, what (the state's mark, as in
// the settings list, then its word), for how long, why.
func (d *Details) makeEventRow() fyne.CanvasObject {
	cells := make([]fyne.CanvasObject, 4)
	for i := range cells {
		rt := widget.NewRichText(&widget.TextSegment{Style: widget.RichTextStyleInline})
		rt.Truncation = fyne.TextTruncateEllipsis
		cells[i] = rt
		if i == 1 {
			cells[i] = container.NewBorder(nil, nil, container.New(dotLayout{size: 16}, newStateMark()), nil, rt)
		}
	}
	return container.New(eventColumns, cells...)
}

// eventCell is the text of cell i of a row makeEventRow made.
func eventCell(row fyne.CanvasObject, i int) *widget.RichText {
	c := row.(*fyne.Container).Objects[i]
	if box, ok := c.(*fyne.Container); ok {
		return box.Objects[0].(*widget.RichText) // the Border's centre comes first
	}
	return c.(*widget.RichText)
}

func (d *Details) updateEventRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id < 0 || id >= len(d.events) {
		return
	}
	e := d.events[id]
	texts, imp := eventRow(e, d.now())
	for i := range texts {
		rt := eventCell(o, i)
		seg := rt.Segments[0].(*widget.TextSegment)
		seg.Text, seg.Style.ColorName = texts[i], theme.ColorNameForeground
		if i == 1 {
			seg.Style.ColorName = importanceColor(imp)
		}
		rt.Refresh()
	}
	shown := e.To
	if e.Service == "" || imp == widget.LowImportance {
		shown = status.Unknown // this computer, paused, unknown: the grey dash
	}
	box := o.(*fyne.Container).Objects[1].(*fyne.Container)
	setStateMark(box.Objects[1].(*fyne.Container).Objects[0].(*canvas.Image), shown)
}

// importanceColor is the colour of text of importance imp; grey is the placeholder's.
func importanceColor(imp widget.Importance) fyne.ThemeColorName {
	switch imp {
	case widget.DangerImportance:
		return theme.ColorNameError
	case widget.WarningImportance:
		return theme.ColorNameWarning
	case widget.SuccessImportance:
		return theme.ColorNameSuccess
	case widget.LowImportance:
		return theme.ColorNamePlaceHolder
	}
	return theme.ColorNameForeground
}

// eventRow words one event for the list: when, what, for how long, why.
func eventRow(e store.Event, now time.Time) ([4]string, widget.Importance) {
	what, imp := i18n.StatusWord(e.To), statusImportance(e.To)
	switch {
	case e.Service == "" && e.To == status.Offline:
		what, imp = i18n.T("This computer offline"), widget.LowImportance
	case e.Service == "":
		what, imp = i18n.T("This computer online"), widget.LowImportance
	case e.To == status.Up && e.From == status.Down:
		what = i18n.T("Back up")
	case e.To == status.Offline || e.To == status.Paused || e.To == status.Unknown:
		imp = widget.LowImportance
	}
	dur := detailsDuration(e.Duration(now))
	if e.Until.IsZero() {
		dur = i18n.F("%s so far", dur)
	}
	return [4]string{sinceTime(e.At, now), what, dur, i18n.Reason(e.Reason)}, imp
}

// listedEvents is what the list shows, newest first: the service's changes and this
// computer's offline periods (its coming back online is the end of one).
func listedEvents(evs []store.Event) []store.Event {
	out := make([]store.Event, 0, len(evs))
	for i := len(evs) - 1; i >= 0; i-- {
		if e := evs[i]; e.Service != "" || e.To == status.Offline {
			out = append(out, e)
		}
	}
	return out
}

// applySnapshot shows the live state of the service in the header.
func (d *Details) applySnapshot(snap status.Snapshot) {
	d.known = false
	d.state = status.ServiceState{Name: d.name}
	for _, st := range offlineStates(snap) {
		if st.Name == d.name {
			d.state, d.known = st, true
			break
		}
	}
	st := d.state
	shown := shownStatus(st)
	if !d.known {
		shown = status.Unknown
	}
	d.icon.Resource = stateIcon(shown, 128) // shown at 56 points: 112 px on a 2× screen
	d.icon.Refresh()

	head, imp := detailsHeadline(st, d.known, d.now())
	d.headline.Importance = imp
	d.headline.SetText(head)
	reason := i18n.Reason(st.Last.Reason)
	if configError(st) != "" || !d.known || st.Status == status.Up {
		reason = "" // the headline says it, or there is nothing to explain
	}
	var segs []widget.RichTextSegment
	if reason != "" {
		segs = append(segs, &widget.TextSegment{Text: reason, Style: widget.RichTextStyleInline})
	}
	if last := lastCheckText(st, d.now()); last != "" {
		if reason != "" {
			last = "  ·  " + last // i18n:ignore a separator
		}
		segs = append(segs, &widget.TextSegment{Text: last, Style: widget.RichTextStyle{Inline: true, ColorName: theme.ColorNamePlaceHolder}})
	}
	d.reason.Segments = segs
	d.reason.Hidden = len(segs) == 0
	d.reason.Refresh()
	if st.Status == status.Down && st.Fallback != "" {
		d.fallback.SetText(i18n.F("Instead: %s", st.Fallback))
		d.fallback.Show()
	} else {
		d.fallback.Hide()
	}
	if d.known && configError(st) == "" {
		d.checkBtn.Enable()
	} else {
		d.checkBtn.Disable()
	}
	if detailsLink(st) != "" {
		d.openBtn.Show()
	} else {
		d.openBtn.Hide()
	}
}

// detailsHeadline is the state in words with since when: "Down for 12 min, since 10:42".
func detailsHeadline(st status.ServiceState, known bool, now time.Time) (string, widget.Importance) {
	if !known {
		return i18n.T("Not in your settings"), widget.LowImportance
	}
	if msg := configError(st); msg != "" {
		return i18n.F("Config error: %s", msg), widget.DangerImportance
	}
	var word string
	imp := statusImportance(st.Status)
	switch st.Status {
	case status.Offline:
		return i18n.T("Not checked — this computer is offline"), widget.LowImportance
	case status.Paused:
		return i18n.T("Paused — not checked"), widget.LowImportance
	case status.Unknown:
		return i18n.T("Not checked yet"), widget.LowImportance
	default:
		word = i18n.StatusWord(st.Status)
	}
	if st.Since.IsZero() || st.Since.After(now) {
		return word, imp
	}
	return i18n.F("%[1]s for %[2]s, since %[3]s", word, detailsDuration(now.Sub(st.Since)), sinceTime(st.Since, now)), imp
}

// lastCheckText says when the last check was and how it went.
func lastCheckText(st status.ServiceState, now time.Time) string {
	if st.Last.At.IsZero() {
		return ""
	}
	if lat := status.FormatLatency(st.Last.Latency); lat != "" && st.Last.Status != status.Down {
		return i18n.F("last check %[1]s, %[2]s", sinceTime(st.Last.At, now), lat)
	}
	return i18n.F("last check %s", sinceTime(st.Last.At, now))
}

// sinceTime is a time of day today, else with its date.
func sinceTime(t, now time.Time) string {
	t = t.Local()
	y1, m1, d1 := t.Date()
	y2, m2, d2 := now.Local().Date()
	if y1 == y2 && m1 == m2 && d1 == d2 {
		return t.Format("15:04")
	}
	if y1 == y2 {
		return i18n.F("%[1]s %[2]d %[3]s %[4]s", weekdayName(t.Weekday()), t.Day(), monthName(t.Month()), t.Format("15:04"))
	}
	return i18n.F("%[1]d %[2]s %[3]d %[4]s", t.Day(), monthName(t.Month()), t.Year(), t.Format("15:04"))
}

// weekdayName is a day's short name in the language in use ("Mon", "월"): Go's
// time formats know only English.
func weekdayName(d time.Weekday) string {
	return [...]string{i18n.T("Sun"), i18n.T("Mon"), i18n.T("Tue"), i18n.T("Wed"), i18n.T("Thu"), i18n.T("Fri"), i18n.T("Sat")}[d]
}

// monthName is a month's short name in the language in use ("Jan", "1월").
func monthName(m time.Month) string {
	return [...]string{i18n.T("Jan"), i18n.T("Feb"), i18n.T("Mar"), i18n.T("Apr"), i18n.T("May"), i18n.T("Jun"),
		i18n.T("Jul"), i18n.T("Aug"), i18n.T("Sep"), i18n.T("Oct"), i18n.T("Nov"), i18n.T("Dec")}[m-1]
}

// detailsDuration is a duration as people say it: "45 s", "12 min", "3 h 5 min", "2 d 4 h".
func detailsDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return i18n.F("%d s", int(max(0, d.Seconds())))
	case d < time.Hour:
		return i18n.F("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		h, m := int(d.Hours()), int(d.Minutes())%60
		if m == 0 {
			return i18n.F("%d h", h)
		}
		return i18n.F("%[1]d h %[2]d min", h, m)
	}
	days, h := int(d.Hours())/24, int(d.Hours())%24
	if h == 0 {
		return i18n.F("%d d", days)
	}
	return i18n.F("%[1]d d %[2]d h", days, h)
}

// uptimeText is a share as a percentage, never rounded up to a perfect score:
// "99.95 %", "100 %".
func uptimeText(u float64) string {
	if u >= 1 {
		return "100 %"
	}
	return fmt.Sprintf("%.2f %%", math.Floor(max(0, u)*10000)/100)
}

// detailsLink is the web page Open opens: the target of a check that has one (web
// checks, status pages, feeds), without a password written into it; "" for the rest.
func detailsLink(st status.ServiceState) string {
	switch st.Kind {
	case "tcp", "dns", "tls", "ping":
		return ""
	}
	u, err := url.Parse(strings.TrimSpace(st.Target))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.User = nil
	return u.String()
}

// detailsHistory is what one load read from the history file.
type detailsHistory struct {
	loading bool   // nothing read yet
	note    string // said above the chart: no history, a read error
	uptime  []string
	events  []store.Event
	chart   chartData
}

// load reads the history of the service shown, off the UI goroutine, and shows it
// when it arrives (unless another load was asked for meanwhile). UI goroutine.
func (d *Details) load() {
	d.gen++
	gen, name, rng, now := d.gen, d.name, detailRanges[d.rng], d.now()
	go func() {
		h := d.fetch(name, rng, now)
		d.do(func() {
			if gen == d.gen {
				d.applyHistory(h)
			}
		})
	}()
}

// openHistory returns the history reader, opening it on first use.
func (d *Details) openHistory() (*store.Reader, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.reader != nil {
		return d.reader, nil
	}
	if d.deps.History == nil {
		return nil, fs.ErrNotExist
	}
	r, err := d.deps.History()
	if err != nil {
		return nil, err
	}
	d.reader = r
	return r, nil
}

func (d *Details) fetch(name string, rng detailRange, now time.Time) detailsHistory {
	h := detailsHistory{uptime: make([]string, len(detailRanges))}
	for i := range h.uptime {
		h.uptime[i] = "—"
	}
	h.chart = chartData{From: now.Add(-rng.span), To: now, Step: rng.step, Now: now}
	r, err := d.openHistory()
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			h.note = i18n.T("No history yet: it is kept from the next start of Uptray.")
		} else {
			h.note = i18n.F("The history could not be read: %s", err)
		}
		return h
	}
	var problems []error
	for i, dr := range detailRanges {
		u, _, _, err := r.Uptime(name, now.Add(-dr.span), now)
		switch {
		case err == nil:
			h.uptime[i] = uptimeText(u)
		case errors.Is(err, store.ErrNoData), errors.Is(err, store.ErrUnknownService):
		default:
			problems = append(problems, err)
		}
	}
	evs, err := r.Events(name, now.Add(-eventsFor), now)
	switch {
	case err == nil:
		h.events = evs
	case errors.Is(err, store.ErrUnknownService):
		h.note = i18n.T("No history of this service yet.")
	default:
		problems = append(problems, err)
	}
	pts, err := r.Latency(name, h.chart.From, now, rng.step)
	if err != nil && !errors.Is(err, store.ErrUnknownService) {
		problems = append(problems, err)
	}
	h.chart.Points = pts
	h.chart.Events = evs
	if len(problems) > 0 {
		h.note = i18n.F("Part of the history could not be read: %s", problems[0])
	}
	return h
}

func (d *Details) applyHistory(h detailsHistory) {
	for i, t := range h.uptime {
		d.uptime[i].SetText(t)
	}
	setGreyText(d.note, h.note)
	d.note.Hidden = h.note == ""
	d.note.Refresh()
	empty := i18n.T("No latency recorded in this period")
	if h.loading {
		empty = i18n.T("Reading the history…")
	}
	d.chart.set(h.chart, empty)
	d.events = listedEvents(h.events)
	d.noEvents.Hidden = len(d.events) > 0 || h.loading
	d.noEvents.Refresh()
	d.list.Refresh()
}

// startPolling keeps the header live while the window is shown (every 2 s) and the
// history fresh (every minute).
func (d *Details) startPolling() {
	if d.stopPoll != nil || d.deps.Snapshot == nil {
		return
	}
	stop := make(chan struct{})
	d.stopPoll = stop
	snapshot := d.deps.Snapshot
	go func() {
		t := newTicker()
		defer t.Stop()
		for n := 1; ; n++ {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			snap := snapshot()
			reload := n%30 == 0
			d.do(func() {
				select {
				case <-stop:
					return // hidden meanwhile
				default:
				}
				d.applySnapshot(snap)
				if reload {
					d.load()
				}
			})
		}
	}()
}

func (d *Details) stopPolling() {
	if d.stopPoll != nil {
		close(d.stopPoll)
		d.stopPoll = nil
	}
}
