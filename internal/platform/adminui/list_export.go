package adminui

import (
	"fmt"
	"net/http"

	"github.com/taihe-erp/taihe/internal/platform/export"
	"github.com/taihe-erp/taihe/internal/platform/list"
)

// WantsFile reports whether a list page was asked for as a file
// (?format=csv or xlsx, the list's export links): the handler then fills
// its ListView with every row, not a page, and calls SendList.
func WantsFile(r *http.Request) bool {
	f := r.URL.Query().Get("format")
	return f == "csv" || f == "xlsx"
}

// SendList writes what a list view shows — its visible columns' labels
// and its rows' texts, as the user reads them — as CSV or XLSX.
func (u *UI) SendList(w http.ResponseWriter, r *http.Request, l *ListView, name string) {
	headers := make([]string, len(l.Columns))
	for i, c := range l.Columns {
		headers[i] = u.t(r, c.Label)
	}
	rows := make([][]string, 0, len(l.Rows))
	for _, row := range l.Rows {
		cells := make([]string, len(l.Columns))
		for i, c := range row.Cells {
			if i < len(cells) {
				cells[i] = c.Text
			}
		}
		rows = append(rows, cells)
	}
	u.SendTable(w, r, name, headers, rows)
}

// SendTable writes headers and rows as the file the request asked for
// (?format=csv or xlsx), named after name.
func (u *UI) SendTable(w http.ResponseWriter, r *http.Request, name string, headers []string, rows [][]string) {
	f, err := export.Table(r.URL.Query().Get("format"), name, headers, rows)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, f.Filename))
	_, _ = w.Write(f.Body)
}

// ExportRows reads a list page after page from lq (the largest pages, up
// to export.MaxRows rows) and returns the rows texts makes of each page.
func ExportRows[T any](lq list.Query, page func(list.Query) (list.Page[T], error), texts func([]T) ([][]string, error)) ([][]string, error) {
	lq.Limit, lq.Page = list.MaxLimit, 0
	var rows [][]string
	for len(rows) < export.MaxRows {
		p, err := page(lq)
		if err != nil {
			return nil, err
		}
		more, err := texts(p.Items)
		if err != nil {
			return nil, err
		}
		rows = append(rows, more...)
		if p.NextCursor == "" {
			break
		}
		lq.Cursor = p.NextCursor
	}
	return rows, nil
}
