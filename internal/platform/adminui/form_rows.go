package adminui

import (
	"net/url"
	"strings"
)

// FormRows reads a line editor's repeated fields row by row: row i holds
// the i-th value of each name, trimmed. A row whose keys are all empty is
// a blank row left in the editor and is dropped.
func FormRows(form url.Values, names, keys []string) []map[string]string {
	n := 0
	for _, name := range names {
		n = max(n, len(form[name]))
	}
	var rows []map[string]string
	for i := range n {
		row := make(map[string]string, len(names))
		for _, name := range names {
			if vs := form[name]; i < len(vs) {
				row[name] = strings.TrimSpace(vs[i])
			}
		}
		for _, k := range keys {
			if row[k] != "" {
				rows = append(rows, row)
				break
			}
		}
	}
	return rows
}
