package adminui

import (
	"fmt"
	"net/http"

	"github.com/taihe-erp/taihe/internal/platform/export"
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
	f, err := export.Table(r.URL.Query().Get("format"), name, headers, rows)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, f.Filename))
	_, _ = w.Write(f.Body)
}
