package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/taihe-erp/taihe/internal/platform/errs"
)

// Limits on one uploaded file. The HTTP layer should cap the body too.
var (
	MaxBytes int64 = 64 << 20
	MaxRows        = 200000
)

// Table is a read file: the header row plus the data rows as cells.
// Rows[i] is file row i+2 (the header is row 1); blank rows are kept as
// they are so row numbers stay right, and trailing blank rows are dropped.
type Table struct {
	Format   string // "csv" or "xlsx"
	Encoding string // "utf-8", "gb18030", "utf-16" for CSV; "" for XLSX
	Headers  []string
	Rows     [][]string // nil for a blank row

	filled int
}

// Len is the number of data rows, blank rows in the middle included.
func (t Table) Len() int { return len(t.Rows) }

func badFile(code string, kv ...any) error {
	return &errs.Error{Kind: errs.KindInvalid, Code: code, Data: pairs(kv)}
}

func pairs(kv []any) map[string]any {
	if len(kv) == 0 {
		return nil
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	utf8BOM  = []byte{0xEF, 0xBB, 0xBF}
)

// Read parses an uploaded CSV or XLSX file. The format comes from the
// content (a ZIP is XLSX, an OLE file is a legacy .xls, which is refused),
// the filename only breaks ties. CSV may be UTF-8 (with or without BOM),
// UTF-16 with BOM (Excel "Unicode text") or, when it is not valid UTF-8,
// GB18030 (Excel on Chinese Windows). The delimiter is sniffed from the
// header line: comma, tab or semicolon. Domain errors use the codes
// import.too_large, import.too_many_rows, import.xls_unsupported,
// import.bad_file, import.bad_csv and import.empty.
func Read(r io.Reader, filename string) (Table, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return Table{}, fmt.Errorf("importer: read upload: %w", err)
	}
	if int64(len(data)) > MaxBytes {
		return Table{}, badFile("import.too_large", "Max", MaxBytes>>20)
	}
	ext := strings.ToLower(filepath.Ext(filename))
	switch {
	case bytes.HasPrefix(data, zipMagic):
		return readXLSX(data)
	case bytes.HasPrefix(data, oleMagic) || ext == ".xls":
		return Table{}, badFile("import.xls_unsupported")
	case ext == ".xlsx" || ext == ".xlsm":
		return Table{}, badFile("import.bad_file")
	}
	return readCSV(data)
}

func readCSV(data []byte) (Table, error) {
	t := Table{Format: "csv", Encoding: "utf-8"}
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		data = data[len(utf8BOM):]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		out, _, err := transform.Bytes(dec, data)
		if err != nil {
			return Table{}, badFile("import.bad_file")
		}
		data, t.Encoding = out, "utf-16"
	case !utf8.Valid(data):
		out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), data)
		if err != nil {
			return Table{}, badFile("import.bad_file")
		}
		data, t.Encoding = out, "gb18030"
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniffDelimiter(data)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Table{}, badFile("import.bad_csv", "Line", pe.Line)
			}
			return Table{}, badFile("import.bad_csv", "Line", 0)
		}
		if err := t.add(rec); err != nil {
			return Table{}, err
		}
	}
	return t.finish()
}

// sniffDelimiter picks the most frequent of , \t ; in the first line.
func sniffDelimiter(data []byte) rune {
	line := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		line = data[:i]
	}
	best, n := ',', bytes.Count(line, []byte{','})
	for _, d := range []rune{'\t', ';'} {
		if c := bytes.Count(line, []byte{byte(d)}); c > n {
			best, n = d, c
		}
	}
	return best
}

func readXLSX(data []byte) (Table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return Table{}, badFile("import.bad_file")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return Table{}, badFile("import.empty")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return Table{}, badFile("import.bad_file")
	}
	defer rows.Close()
	t := Table{Format: "xlsx"}
	for rows.Next() {
		// Raw values: "1234.5" rather than "1,234.50", a date's serial
		// number rather than whatever the cell's number format shows.
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return Table{}, badFile("import.bad_file")
		}
		if err := t.add(cells); err != nil {
			return Table{}, err
		}
	}
	if rows.Error() != nil {
		return Table{}, badFile("import.bad_file")
	}
	return t.finish()
}

// add takes the first row as the header, the rest as data.
func (t *Table) add(cells []string) error {
	if t.Headers == nil {
		if blank(cells) {
			return badFile("import.no_header")
		}
		h := make([]string, len(cells))
		for i, c := range cells {
			h[i] = strings.TrimSpace(strings.TrimPrefix(c, "\uFEFF"))
		}
		t.Headers = h
		return nil
	}
	if blank(cells) {
		t.Rows = append(t.Rows, nil) // kept so later row numbers stay right
		return nil
	}
	if t.filled++; t.filled > MaxRows {
		return badFile("import.too_many_rows", "Max", MaxRows)
	}
	t.Rows = append(t.Rows, cells)
	return nil
}

func (t Table) finish() (Table, error) {
	if t.Headers == nil {
		return Table{}, badFile("import.empty")
	}
	for len(t.Rows) > 0 && t.Rows[len(t.Rows)-1] == nil {
		t.Rows = t.Rows[:len(t.Rows)-1]
	}
	return t, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
