package sales

import (
	"bytes"
	"mime"
	"path/filepath"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/importer"
)

// ImportFile is an uploaded order file: CSV (UTF-8 or GB18030), XLSX or
// the XML order format (docs/en/sales-xml-orders.md).
type ImportFile struct {
	Filename    string
	ContentType string // may be empty; the content decides
	Data        []byte
}

// maxImportLines bounds one file: every order is made in one transaction.
const maxImportLines = 10000

// origin is where a table row came from in an XML file: the order's ref
// and the line's number in it (CSV and XLSX rows are their row number).
type origin struct {
	Ref  string
	Line int
}

// parsed is a read order file: a table in ImportSchema's shape whatever
// the format, so every format takes the same validation path.
type parsed struct {
	format  string // csv, xlsx or xml
	table   importer.Table
	origins []origin        // XML: one per table row
	probs   []ImportProblem // XML: problems found while reading (an order without lines)
}

// readImport reads f by its content (a ZIP is XLSX, "<" is XML, anything
// else CSV); the content type and the name only help for XML.
func readImport(f ImportFile) (parsed, error) {
	if isXML(f) {
		return readXML(f.Data)
	}
	t, err := importer.Read(bytes.NewReader(f.Data), f.Filename)
	if err != nil {
		return parsed{}, err
	}
	if t.Len() > maxImportLines {
		return parsed{}, errs.Invalid(errs.Field("file", "import.too_many_rows", "Max", maxImportLines))
	}
	return parsed{format: t.Format, table: t}, nil
}

func isXML(f ImportFile) bool {
	mt, _, _ := mime.ParseMediaType(f.ContentType)
	if mt == "application/xml" || mt == "text/xml" || strings.EqualFold(filepath.Ext(f.Filename), ".xml") {
		return true
	}
	body := bytes.TrimLeft(bytes.TrimPrefix(f.Data, []byte("\xEF\xBB\xBF")), " \t\r\n")
	return bytes.HasPrefix(body, []byte("<"))
}
