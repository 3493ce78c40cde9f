package importer

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/taihe-erp/taihe/internal/platform/errs"
)

// RowWriter streams an export or a template row by row. Close must be
// called; for XLSX nothing reaches w before Close.
type RowWriter interface {
	Write(row []string) error
	Close() error
}

// ContentType returns the MIME type for format ("csv" or "xlsx").
func ContentType(format string) string {
	if format == "xlsx" {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// NewWriter starts a file in format "csv" (or "") or "xlsx" with one header
// row. CSV goes straight to w, starting with a UTF-8 byte-order mark so
// Excel on Chinese Windows does not read it as GB18030; cells starting with
// = + - @ that are not numbers get a leading ' so Excel won't run them as
// formulas (Validate strips it again). XLSX uses excelize's StreamWriter,
// which spills rows to a temp file, and writes the workbook to w on Close.
// An unknown format is errs.Invalid on field "format".
func NewWriter(w io.Writer, format string, headers []string) (RowWriter, error) {
	return newWriter(w, format, headers, nil)
}

func newWriter(w io.Writer, format string, headers []string, textCols []int) (RowWriter, error) {
	switch format {
	case "", "csv":
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return nil, err
		}
		cw := &csvWriter{w: csv.NewWriter(w)}
		if err := cw.Write(headers); err != nil {
			return nil, err
		}
		return cw, nil
	case "xlsx":
		return newXLSXWriter(w, headers, textCols)
	}
	return nil, errs.Invalid(errs.Field("format", "field.invalid"))
}

type csvWriter struct {
	w   *csv.Writer
	buf []string
}

func (c *csvWriter) Write(row []string) error {
	c.buf = c.buf[:0]
	for _, s := range row {
		c.buf = append(c.buf, guardFormula(s))
	}
	return c.w.Write(c.buf)
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	return c.w.Error()
}

func guardFormula(s string) string {
	if s == "" || strings.IndexByte("=+-@", s[0]) < 0 {
		return s
	}
	if (s[0] == '-' || s[0] == '+') && isNumber(strings.TrimLeft(s[1:], " ")) {
		return s // -12.50 is a number, not a formula
	}
	return "'" + s
}

type xlsxWriter struct {
	w   io.Writer
	f   *excelize.File
	sw  *excelize.StreamWriter
	row int
	buf []any
}

func newXLSXWriter(w io.Writer, headers []string, textCols []int) (*xlsxWriter, error) {
	f := excelize.NewFile()
	fail := func(err error) (*xlsxWriter, error) {
		f.Close()
		return nil, fmt.Errorf("importer: xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(f.GetSheetName(0))
	if err != nil {
		return fail(err)
	}
	// Column settings must precede the first SetRow.
	if len(headers) > 0 {
		if err := sw.SetColWidth(1, len(headers), 18); err != nil {
			return fail(err)
		}
	}
	if len(textCols) > 0 {
		text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": keep 00123 and phone numbers as typed
		if err != nil {
			return fail(err)
		}
		for _, c := range textCols {
			if err := sw.SetColStyle(c+1, c+1, text); err != nil {
				return fail(err)
			}
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fail(err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fail(err)
	}
	x := &xlsxWriter{w: w, f: f, sw: sw}
	if err := x.set(headers, excelize.RowOpts{StyleID: bold}); err != nil {
		return fail(err)
	}
	return x, nil
}

func (x *xlsxWriter) set(row []string, opts ...excelize.RowOpts) error {
	x.row++
	x.buf = x.buf[:0]
	for _, s := range row {
		x.buf = append(x.buf, s)
	}
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, x.buf, opts...)
}

func (x *xlsxWriter) Write(row []string) error { return x.set(row) }

func (x *xlsxWriter) Close() error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return fmt.Errorf("importer: xlsx: %w", err)
	}
	return x.f.Write(x.w)
}

// Template writes an empty import file for s: one header row in lang, a
// trailing "*" on required columns (Map ignores it), and a second row of
// Column.Example values if any column has one. In XLSX, Text and Phone
// columns are formatted as text so Excel keeps leading zeros.
func Template(s Schema, lang string, cat Translator, format string, w io.Writer) error {
	headers := make([]string, len(s))
	example := make([]string, len(s))
	var textCols []int
	hasExample := false
	for i, c := range s {
		headers[i] = cat.T(lang, c.Header, nil)
		if c.Required {
			headers[i] += "*"
		}
		example[i] = c.Example
		hasExample = hasExample || c.Example != ""
		if c.Kind == Text || c.Kind == Phone {
			textCols = append(textCols, i)
		}
	}
	rw, err := newWriter(w, format, headers, textCols)
	if err != nil {
		return err
	}
	if hasExample {
		if err := rw.Write(example); err != nil {
			rw.Close()
			return err
		}
	}
	return rw.Close()
}
