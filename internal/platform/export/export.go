// Package export writes what a list shows as CSV or XLSX. CSV starts with a
// UTF-8 byte-order mark so that Excel on Chinese Windows reads it as UTF-8
// rather than GB18030.
package export

import (
	"bytes"
	"encoding/csv"
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/taihe-erp/taihe/internal/platform/errs"
)

// MaxRows bounds one export; larger sets should be filtered first.
const MaxRows = 100000

// File is an export ready to send.
type File struct {
	ContentType string
	Filename    string
	Body        []byte
}

// Table renders headers and rows in format "csv" or "xlsx".
func Table(format, name string, headers []string, rows [][]string) (File, error) {
	switch format {
	case "", "csv":
		var buf bytes.Buffer
		buf.WriteString("\uFEFF")
		w := csv.NewWriter(&buf)
		if err := w.Write(headers); err != nil {
			return File{}, err
		}
		if err := w.WriteAll(rows); err != nil {
			return File{}, err
		}
		return File{ContentType: "text/csv; charset=utf-8", Filename: name + ".csv", Body: buf.Bytes()}, nil
	case "xlsx":
		f := excelize.NewFile()
		defer f.Close()
		sheet := f.GetSheetName(0)
		sw, err := f.NewStreamWriter(sheet)
		if err != nil {
			return File{}, err
		}
		if err := sw.SetRow("A1", toCells(headers)); err != nil {
			return File{}, err
		}
		for i, r := range rows {
			if err := sw.SetRow(fmt.Sprintf("A%d", i+2), toCells(r)); err != nil {
				return File{}, err
			}
		}
		if err := sw.Flush(); err != nil {
			return File{}, err
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			return File{}, err
		}
		return File{ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Filename: name + ".xlsx", Body: buf.Bytes()}, nil
	}
	return File{}, errs.Invalid(errs.Field("format", "field.invalid"))
}

func toCells(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
