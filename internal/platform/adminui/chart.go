package adminui

import "github.com/taihe-erp/taihe/internal/platform/money"

// BarChart is a horizontal bar chart drawn as SVG on the server by the
// "bar-chart" component: one bar per label, the longest for the largest
// value. Reports use it where people would rather look than read; no
// chart library ships for it, and the CSP allows SVG attributes.
type BarChart struct {
	Title  string // catalog key: the chart's accessible name
	Bars   []Bar
	Height int
}

// Bar is one bar: Width of 1000, Y its row's top.
type Bar struct {
	Label string
	Text  string
	Width int
	Y     int
}

// chartRows bounds a chart; the table under it has every row.
const chartRows = 20

// NewBarChart lays out the first 20 values (negative ones as empty bars);
// text formats a value for its label.
func NewBarChart(title string, labels []string, values []int64, text func(int64) string) *BarChart {
	var most int64
	for _, v := range values {
		most = max(most, v)
	}
	c := &BarChart{Title: title}
	for i, v := range values {
		if i == chartRows {
			break
		}
		b := Bar{Label: labels[i], Text: text(v), Y: i * 28}
		if most > 0 && v > 0 {
			w, _ := money.MulDiv(v, 1000, most)
			b.Width = int(w)
		}
		c.Bars = append(c.Bars, b)
	}
	c.Height = len(c.Bars) * 28
	return c
}
