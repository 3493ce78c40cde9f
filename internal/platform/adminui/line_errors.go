package adminui

import (
	"regexp"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/web"
)

var lineField = regexp.MustCompile(`^lines\[(\d+)\]\.(.+)$`)

// LineErrors splits a problem of a document with lines: the errors of
// "lines[i].field" go to row i (of rows) under their field name, for the
// line table to show in place; the rest stay on the returned problem for
// the form (Form.Fail). A line's own rows keep their path as the name
// ("steps[0].hours" of a quotation's route).
func LineErrors(p *web.Problem, rows int) (map[int]map[string]string, *web.Problem) {
	rest := *p
	rest.Errors = nil
	byRow := map[int]map[string]string{}
	for _, fe := range p.Errors {
		if m := lineField.FindStringSubmatch(fe.Field); m != nil {
			if i, _ := strconv.Atoi(m[1]); i < rows {
				if byRow[i] == nil {
					byRow[i] = map[string]string{}
				}
				byRow[i][m[2]] = fe.Message
				continue
			}
		}
		rest.Errors = append(rest.Errors, fe)
	}
	return byRow, &rest
}

// FailLines shows a refused save of a document with lines: each line's
// errors on its row (set puts them on the row), the rest on the form. A
// form left without lines gets one blank row to type into. It returns the
// lines to draw.
func FailLines[L any](p *web.Problem, f *Form, lines []L, set func(l *L, errs map[string]string)) []L {
	byRow, rest := LineErrors(p, len(lines))
	for i, errs := range byRow {
		set(&lines[i], errs)
	}
	f.Fail(rest, nil)
	if len(lines) == 0 {
		lines = make([]L, 1)
	}
	return lines
}
