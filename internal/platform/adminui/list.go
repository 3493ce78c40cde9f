package adminui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/list"
)

// PageSizes are the choices of the page-size select.
var PageSizes = []int{20, 50, 100, 200}

// DefaultPageSize is a list's page size until the user picks another.
const DefaultPageSize = 20

// Column is one column of a list. Key names the column for the column
// chooser (data-col) and Sort, when set, is the sort field it toggles.
type Column struct {
	Key   string
	Label string // catalog key
	Sort  string
	Num   bool // right-aligned figures
	Hide  bool // hidden until the user chooses it
}

// Cell is one table cell. Text is display text (already translated).
type Cell struct {
	Col   string
	Text  string
	Href  string
	Badge string // badge variant (ok, muted, warn, danger, info); "" for plain text
	Mono  bool
	Sub   string // a second, quieter line
	// Swatch is a "#rrggbb" colour shown as a small square before the text
	// (dictionary colours); app.js paints it, the CSP forbids inline styles.
	Swatch string
}

// Row is one record of the list.
type Row struct {
	ID    string
	Cells []Cell
	Muted bool
}

// Filter is one control of the list's filter form besides q.
type Filter struct {
	Name    string
	Label   string // catalog key
	Text    string // display text used instead of Label (a composed label: "Price from")
	Type    string // select, text, number, date, hidden (kept, not shown)
	Options []Option
}

// ListView is everything the list component renders: the filter form, the
// sortable table, record count, pagination, page size, jump-to-page,
// column chooser and export links. Handlers fill it from a list.Page.
type ListView struct {
	ID        string // stable name: element ids, localStorage key
	Path      string // the list page's URL path
	Columns   []Column
	Rows      []Row
	Filters   []Filter
	Values    url.Values // q, filters, sort and limit as requested
	Total     int        // -1 when the list cannot count (audit log)
	CountText string     // replaces the "N records" text (a capped count: "10,000+")
	Capped    bool       // Total is list.CountCap and more rows match: "10,000+ records"
	Page      int
	Pages     int
	Limit     int
	Next      string // keyset cursor of the next page
	ExportURL string // "" hides the export links
	Empty     string // catalog key of the empty state
	Search    string // catalog key of the q placeholder; "" hides q

	// Chart is a report's chart, drawn above the rows and redrawn with
	// them when the filters change.
	Chart *BarChart
}

// ParseList reads q, sort, limit, cursor, page and the named filters from
// the query string.
func ParseList(r *http.Request, filters ...string) (list.Query, url.Values) {
	qs := r.URL.Query()
	v := url.Values{}
	lq := list.Query{Q: strings.TrimSpace(qs.Get("q")), Sort: qs.Get("sort"), Cursor: qs.Get("cursor"), Filters: map[string]string{}}
	if lq.Q != "" {
		v.Set("q", lq.Q)
	}
	if lq.Sort != "" {
		v.Set("sort", lq.Sort)
	}
	lq.Limit = DefaultPageSize
	if n, err := strconv.Atoi(qs.Get("limit")); err == nil && n > 0 {
		lq.Limit = n
		if lq.Limit > list.MaxLimit {
			lq.Limit = list.MaxLimit
		}
		v.Set("limit", strconv.Itoa(lq.Limit))
	}
	if n, err := strconv.Atoi(qs.Get("page")); err == nil && n > 0 {
		lq.Page = n
	}
	for _, f := range filters {
		if s := strings.TrimSpace(qs.Get(f)); s != "" {
			lq.Filters[f] = s
			v.Set(f, s)
		}
	}
	return lq, v
}

// AddRow appends a row; cells are matched to columns in order.
func (l *ListView) AddRow(id string, muted bool, cells ...Cell) {
	for i := range cells {
		if i < len(l.Columns) {
			cells[i].Col = l.Columns[i].Key
		}
	}
	l.Rows = append(l.Rows, Row{ID: id, Cells: cells, Muted: muted})
}

// Val is the current value of a filter.
func (l *ListView) Val(name string) string { return l.Values.Get(name) }

func (l *ListView) url(v url.Values) string {
	if e := v.Encode(); e != "" {
		return l.Path + "?" + e
	}
	return l.Path
}

func (l *ListView) with(kv ...string) url.Values {
	v := url.Values{}
	for k, vs := range l.Values {
		v[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			v.Del(kv[i])
		} else {
			v.Set(kv[i], kv[i+1])
		}
	}
	return v
}

// SortState is "asc", "desc" or "" for a sort field.
func (l *ListView) SortState(field string) string {
	switch l.Values.Get("sort") {
	case field:
		return "asc"
	case "-" + field:
		return "desc"
	}
	return ""
}

// SortURL toggles a column: unsorted or descending → ascending → descending.
func (l *ListView) SortURL(field string) string {
	next := field
	if l.SortState(field) == "asc" {
		next = "-" + field
	}
	return l.url(l.with("sort", next))
}

// PageURL jumps to page n (offset paging, for previous/first/last).
func (l *ListView) PageURL(n int) string {
	if n <= 1 {
		return l.url(l.with())
	}
	return l.url(l.with("page", strconv.Itoa(n)))
}

// NextURL continues after the last row (keyset paging); page only numbers it.
func (l *ListView) NextURL() string {
	return l.url(l.with("cursor", l.Next, "page", strconv.Itoa(l.Page+1)))
}

// HasPrev and HasNext drive the pagination buttons.
func (l *ListView) HasPrev() bool { return l.Page > 1 }
func (l *ListView) HasNext() bool { return l.Next != "" }

// ExportHref is the export link for a format, carrying the current filters.
func (l *ListView) ExportHref(format string) string {
	v := l.with("format", format)
	v.Del("limit")
	return l.ExportURL + "?" + v.Encode()
}

// Sizes lists the page-size choices.
func (l *ListView) Sizes() []int { return PageSizes }

// HiddenCols is the default-hidden column keys (the chooser's defaults).
func (l *ListView) HiddenCols() string {
	var out []string
	for _, c := range l.Columns {
		if c.Hide {
			out = append(out, c.Key)
		}
	}
	return strings.Join(out, " ")
}

// ColHidden tells whether a column starts hidden.
func (l *ListView) ColHidden(key string) bool {
	for _, c := range l.Columns {
		if c.Key == key {
			return c.Hide
		}
	}
	return false
}

// ColNum tells whether a column holds figures (right-aligned cells).
func (l *ListView) ColNum(key string) bool {
	for _, c := range l.Columns {
		if c.Key == key {
			return c.Num
		}
	}
	return false
}

// Counted reports whether the total is known.
func (l *ListView) Counted() bool { return l.Total >= 0 }

// Fill copies a list.Page's counters.
func Fill[T any](l *ListView, p list.Page[T]) {
	l.Total, l.Page, l.Limit, l.Next = p.Total, p.PageNum, p.Limit, p.NextCursor
	l.Pages = p.Pages()
	if p.Capped() {
		l.Total, l.Capped = list.CountCap, true
		l.Pages = (list.CountCap + l.Limit - 1) / max(l.Limit, 1)
	}
}

// PrevURL is the page before this one (offset paging).
func (l *ListView) PrevURL() string { return l.PageURL(l.Page - 1) }
