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
