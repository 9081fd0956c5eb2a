package ui

import (
	"image/color"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/store"
)

// chartData is what the latency chart shows: one range of a service's history.
type chartData struct {
	From, To time.Time
	Step     time.Duration // the width of one Point
	Points   []store.Point
	Events   []store.Event // the service's and this laptop's changes (Service "")
	Now      time.Time     // the end of a state that still holds
}

// chartBand is a period drawn behind the bars: the service down (red) or this
// laptop offline (grey), from X0 to X1 in the plot's coordinates.
type chartBand struct {
	X0, X1  float32
	Offline bool
}

// chartBar is one step's p95 latency: a bar from the plot's bottom up to Y.
type chartBar struct {
	X, W, Y float32
	Status  status.Status // the worst check in the step
}

// chartShape is the geometry of a chart in a plot of a given size, origin top left.
type chartShape struct {
	Bands []chartBand // grey ones first, so a red one is drawn over them
	Bars  []chartBar
	// Max is the latency at the top of the plot (a round figure at or above the
	// highest p95); 0 when no step has a latency.
	Max time.Duration
	// Ticks mark round times along the bottom: hours in a day's range, days in a
	// week's, weeks beyond.
	Ticks []chartTick
}

// chartTick is a round time at X, with its label.
type chartTick struct {
	X     float32
	Label string
}

// chartTicks are the round local times in (from, to) worth a label.
func chartTicks(from, to time.Time) []chartTick {
	span := to.Sub(from)
	f := from.Local()
	start := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, time.Local)
	next := func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
	label := dayLabel
	switch {
	case span <= 36*time.Hour:
		start = time.Date(f.Year(), f.Month(), f.Day(), f.Hour()/6*6, 0, 0, 0, time.Local)
		next = func(t time.Time) time.Time { return t.Add(6 * time.Hour) }
		label = func(t time.Time) string { return t.Format("15:04") }
	case span > 10*24*time.Hour:
		start = start.AddDate(0, 0, -((int(start.Weekday()) + 6) % 7)) // Monday
		weeks := 1
		if span > 45*24*time.Hour {
			weeks = 2
		}
		next = func(t time.Time) time.Time { return t.AddDate(0, 0, 7*weeks) }
		label = dateLabel
	}
	var out []chartTick
	for t := start; t.Before(to) && len(out) < 60; t = next(t) {
		if t.After(from) {
			out = append(out, chartTick{X: float32(float64(t.Sub(from)) / float64(span)), Label: label(t)})
		}
	}
	return out
}

// chartGeometry lays out d in a plot of w×h: pure, so tests need no rendering.
func chartGeometry(d chartData, w, h float32) chartShape {
	var out chartShape
	span := d.To.Sub(d.From)
	if span <= 0 || w <= 0 || h <= 0 {
		return out
	}
	x := func(t time.Time) float32 {
		f := float64(t.Sub(d.From)) / float64(span)
		return float32(math.Max(0, math.Min(1, f))) * w
	}
	now := d.Now
	if now.IsZero() || now.After(d.To) {
		now = d.To
	}
	band := func(e store.Event, offline bool) {
		end := e.Until
		if end.IsZero() {
			end = now
		}
		if !end.After(d.From) || !e.At.Before(d.To) {
			return
		}
		x0, x1 := x(e.At), x(end)
		if x1-x0 < 2 { // a short outage stays visible
			x1 = min(w, x0+2)
			x0 = x1 - 2
		}
		out.Bands = append(out.Bands, chartBand{X0: x0, X1: x1, Offline: offline})
	}
	for _, tk := range chartTicks(d.From, d.To) {
		out.Ticks = append(out.Ticks, chartTick{X: tk.X * w, Label: tk.Label})
	}
	for _, e := range d.Events {
		if e.Service == "" && e.To == status.Offline {
			band(e, true)
		}
	}
	for _, e := range d.Events {
		if e.Service != "" && e.To == status.Down {
			band(e, false)
		}
	}

	var top time.Duration
	for _, p := range d.Points {
		top = max(top, p.P95)
	}
	if top <= 0 {
		return out
	}
	out.Max = niceCeil(top)
	step := d.Step
	if step <= 0 {
		step = store.Bucket
	}
	bw := float32(float64(step)/float64(span)) * w
	gap := float32(0)
	if bw >= 4 {
		gap = 1
	}
	for _, p := range d.Points {
		if p.P95 <= 0 {
			continue // no check answered: a red band says why
		}
		x0 := x(p.At)
		bh := float32(float64(p.P95)/float64(out.Max)) * h
		out.Bars = append(out.Bars, chartBar{X: x0, W: max(1, min(bw-gap, w-x0)), Y: h - max(1, bh), Status: p.Status})
	}
	return out
}

// niceCeil rounds d up to 1, 2 or 5 times a power of ten milliseconds (at least 1 ms).
func niceCeil(d time.Duration) time.Duration {
	ms := float64(d) / float64(time.Millisecond)
	if ms <= 1 {
		return time.Millisecond
	}
	p := math.Pow(10, math.Floor(math.Log10(ms)))
	for _, m := range []float64{1, 2, 5, 10} {
		if ms <= m*p {
			return time.Duration(m * p * float64(time.Millisecond))
		}
	}
	return d
}

// latencyChart draws chartData with canvas primitives: p95 bars, red bands where the
// service was down, grey bands where this laptop was offline, the top of the scale
// and the ends of the range as labels.
type latencyChart struct {
	widget.BaseWidget
	data chartData
	// empty is said in the middle when there is nothing to draw.
	empty string
}

func newLatencyChart() *latencyChart {
	c := &latencyChart{}
	c.ExtendBaseWidget(c)
	return c
}

// set shows d; empty is the words when it has nothing to draw. UI goroutine.
func (c *latencyChart) set(d chartData, empty string) {
	c.data, c.empty = d, empty
	c.Refresh()
}

func (c *latencyChart) MinSize() fyne.Size { return fyne.NewSize(300, 150) }

func (c *latencyChart) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{c: c,
		bg:      canvas.NewRectangle(color.Transparent),
		axis:    canvas.NewLine(theme.Color(theme.ColorNameForeground)),
		topLine: canvas.NewLine(theme.Color(theme.ColorNameSeparator)),
		maxText: canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder)),
		zero:    canvas.NewText("0", theme.Color(theme.ColorNamePlaceHolder)),
		from:    canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder)),
		to:      canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder)),
		msg:     canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder)),
	}
	r.Refresh()
	return r
}

type chartRenderer struct {
	c                   *latencyChart
	bg                  *canvas.Rectangle
	axis, topLine       *canvas.Line
	maxText, zero       *canvas.Text
	from, to, msg       *canvas.Text
	bands, bars         []*canvas.Rectangle
	grid                []*canvas.Line
	ticks               []*canvas.Text
	objects             []fyne.CanvasObject
	size                fyne.Size
	shape               chartShape
	plotX, plotY, plotH float32
}

func (r *chartRenderer) Destroy() {}

func (r *chartRenderer) MinSize() fyne.Size { return r.c.MinSize() }

func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *chartRenderer) Layout(size fyne.Size) {
	r.size = size
	r.draw()
}

func (r *chartRenderer) Refresh() {
	small := theme.CaptionTextSize()
	for _, t := range []*canvas.Text{r.maxText, r.zero, r.from, r.to} {
		t.TextSize = small
		t.Color = theme.Color(theme.ColorNamePlaceHolder)
	}
	r.msg.Color = theme.Color(theme.ColorNamePlaceHolder)
	r.axis.StrokeColor = theme.Color(theme.ColorNameDisabled)
	r.topLine.StrokeColor = theme.Color(theme.ColorNameSeparator)
	r.bg.FillColor = color.Transparent
	r.bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	r.bg.StrokeWidth = 1
	r.draw()
	canvas.Refresh(r.c)
}

// draw computes the geometry for the current size and places every object.
func (r *chartRenderer) draw() {
	d := r.c.data
	size := r.size
	small := theme.CaptionTextSize()
	r.maxText.Text = ""
	if d.To.After(d.From) {
		r.from.Text = chartTime(d.From, d.To.Sub(d.From))
		r.to.Text = i18n.T("now")
		if !d.Now.IsZero() && d.To.Sub(d.Now) > time.Minute {
			r.to.Text = chartTime(d.To, d.To.Sub(d.From))
		}
	}
	// The plot leaves room for the scale on the left and the times below.
	labelW := float32(56)
	labelH := fyne.MeasureText("0", small, fyne.TextStyle{}).Height
	r.plotX, r.plotY = labelW, labelH/2
	plotW := max(0, size.Width-labelW)
	r.plotH = max(0, size.Height-labelH-r.plotY-2)
	r.shape = chartGeometry(d, plotW, r.plotH)

	r.bg.Move(fyne.NewPos(r.plotX, r.plotY))
	r.bg.Resize(fyne.NewSize(plotW, r.plotH))

	red := theme.Color(theme.ColorNameError)
	r.bands = resizeRects(r.bands, len(r.shape.Bands))
	for i, b := range r.shape.Bands {
		rc := r.bands[i]
		if b.Offline {
			rc.FillColor = offlineBandColor()
		} else {
			rc.FillColor = downBandColor()
		}
		rc.Move(fyne.NewPos(r.plotX+b.X0, r.plotY))
		rc.Resize(fyne.NewSize(b.X1-b.X0, r.plotH))
	}
	r.bars = resizeRects(r.bars, len(r.shape.Bars))
	for i, b := range r.shape.Bars {
		rc := r.bars[i]
		switch b.Status {
		case status.Degraded:
			rc.FillColor = theme.Color(theme.ColorNameWarning)
		case status.Down:
			rc.FillColor = red
		default:
			rc.FillColor = theme.Color(theme.ColorNamePrimary)
		}
		rc.Move(fyne.NewPos(r.plotX+b.X, r.plotY+b.Y))
		rc.Resize(fyne.NewSize(b.W, r.plotH-b.Y))
	}

	bottom := r.plotY + r.plotH
	r.axis.Position1 = fyne.NewPos(r.plotX, bottom)
	r.axis.Position2 = fyne.NewPos(r.plotX+plotW, bottom)
	r.topLine.Position1 = fyne.NewPos(r.plotX, r.plotY)
	r.topLine.Position2 = fyne.NewPos(r.plotX+plotW, r.plotY)
	if r.shape.Max > 0 {
		r.maxText.Text = scaleText(r.shape.Max)
		r.topLine.Show()
		r.zero.Show()
	} else {
		r.topLine.Hide()
		r.zero.Hide()
	}
	place := func(t *canvas.Text, x, y float32, right bool) {
		t.Refresh()
		ts := t.MinSize()
		if right {
			x -= ts.Width
		}
		t.Move(fyne.NewPos(x, y))
		t.Resize(ts)
	}
	place(r.maxText, labelW-4, r.plotY-labelH/2, true)
	place(r.zero, labelW-4, bottom-labelH/2, true)
	place(r.to, size.Width, bottom+2, true)

	// Tick labels centred under their lines, as long as they fit between the
	// previous one and "now".
	r.grid, r.ticks = r.grid[:0], r.ticks[:0]
	right := size.Width - r.to.MinSize().Width - 8
	last := r.plotX - 1
	for _, tk := range r.shape.Ticks {
		t := canvas.NewText(tk.Label, theme.Color(theme.ColorNamePlaceHolder))
		t.TextSize = small
		tw := t.MinSize().Width
		x := r.plotX + tk.X
		if x-tw/2 < last+8 || x+tw/2 > right {
			continue
		}
		last = x + tw/2
		t.Move(fyne.NewPos(x-tw/2, bottom+2))
		t.Resize(t.MinSize())
		g := canvas.NewLine(withAlpha(theme.Color(theme.ColorNameForeground), 0x30))
		g.Position1, g.Position2 = fyne.NewPos(x, r.plotY), fyne.NewPos(x, bottom)
		r.grid, r.ticks = append(r.grid, g), append(r.ticks, t)
	}
	if len(r.ticks) == 0 {
		place(r.from, r.plotX, bottom+2, false)
		r.from.Show()
	} else {
		r.from.Hide()
	}

	r.msg.Text = ""
	if len(r.shape.Bars) == 0 && r.c.empty != "" {
		r.msg.Text = r.c.empty
	}
	r.msg.Refresh()
	ms := r.msg.MinSize()
	r.msg.Move(fyne.NewPos(r.plotX+(plotW-ms.Width)/2, r.plotY+(r.plotH-ms.Height)/2))
	r.msg.Resize(ms)

	objs := make([]fyne.CanvasObject, 0, 8+len(r.bands)+len(r.bars))
	objs = append(objs, r.bg)
	for _, b := range r.bands {
		objs = append(objs, b)
	}
	for _, g := range r.grid {
		objs = append(objs, g)
	}
	for _, b := range r.bars {
		objs = append(objs, b)
	}
	for _, t := range r.ticks {
		objs = append(objs, t)
	}
	r.objects = append(objs, r.topLine, r.axis, r.maxText, r.zero, r.from, r.to, r.msg)
}

// scaleText words the top of the scale: "200 ms", "1 s", "1.5 s".
func scaleText(d time.Duration) string {
	if d >= time.Second && d%time.Second == 0 {
		return i18n.F("%d s", int(d/time.Second))
	}
	return status.FormatLatency(d)
}

func resizeRects(rs []*canvas.Rectangle, n int) []*canvas.Rectangle {
	for len(rs) < n {
		rs = append(rs, canvas.NewRectangle(color.Transparent))
	}
	return rs[:n]
}

// The bands' colours, for the chart and its legend.
func downBandColor() color.Color    { return withAlpha(theme.Color(theme.ColorNameError), 0x60) }
func offlineBandColor() color.Color { return withAlpha(theme.Color(theme.ColorNamePlaceHolder), 0x60) }

func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

// chartTime words the start of a chart's range: a time of day for a day's range,
// a date for longer ones.
func chartTime(t time.Time, span time.Duration) string {
	if span <= 36*time.Hour {
		return i18n.F("%[1]s %[2]s", weekdayName(t.Weekday()), t.Format("15:04"))
	}
	return dateLabel(t)
}

// dayLabel is a day of this week or last: "Mon 2", "2 (월)".
func dayLabel(t time.Time) string { return i18n.F("%[1]s %[2]d", weekdayName(t.Weekday()), t.Day()) }

// dateLabel is a day and its month: "2 Jan", "1월 2일".
func dateLabel(t time.Time) string { return i18n.F("%[1]d %[2]s", t.Day(), monthName(t.Month())) }
