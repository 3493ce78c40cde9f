// Package importer is the shared import and export machinery for every
// master-data type: one Schema per type, no per-entity parsing code.
//
// The import flow is
//
//	t, err := importer.Read(file, filename)          // CSV (UTF-8/GB18030) or XLSX
//	m, probs := importer.Map(t.Headers, schema, lang, catalog, saved)
//	recs, rep := importer.Validate(t, m, schema)     // dry run: every row/field problem
//	// commit only when !importer.HasErrors(probs) && rep.OK(), inside ONE transaction:
//	rep, err = importer.Commit(ctx, recs, func(ctx context.Context, i int, r importer.Record) error { … })
//
// Export goes through NewWriter, which streams CSV (UTF-8 with BOM) or XLSX.
// Problems carry catalog keys ("field.required", "import.duplicate_in_file"),
// never translated text; the edge translates them.
package importer

import (
	"fmt"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
)

// Kind is how a cell is parsed.
type Kind int

const (
	Text    Kind = iota // string, trimmed; MaxLen in characters (runes)
	Int                 // int64
	Decimal             // money.Amount from a decimal string, at most money.Scale decimals
	Date                // time.Time (UTC midnight): 2026-11-23, 2026/11/23, 2026.11.23, 20261123, 2026年11月23日, Excel serial in XLSX
	Bool                // bool: true/false, 1/0, yes/no, y/n, 是/否
	Enum                // string, one of Column.Values (case-insensitive, or a localized label)
	Email               // string as typed (full-width folded); Unique compares case-insensitively
	Phone               // string: digits with optional + - space ( ) and extension, 5–20 digits
)

// Column describes one importable/exportable field.
type Column struct {
	Key     string   // JSON/field name, the key in Record.Values
	Header  string   // catalog key for the header text
	Aliases []string // extra header spellings accepted (the zh-CN and en headers are accepted anyway)
	Kind    Kind
	// Values lists the accepted stored values for Enum.
	Values []string
	// ValueLabel, for Enum, is a catalog key prefix: the label of value v is
	// ValueLabel+"."+v, and labels in every supported language are accepted.
	ValueLabel string
	Required   bool
	Unique     bool   // no two rows in one file may share the value
	MaxLen     int    // for Text/Email/Phone/Enum, in characters; 0 = unlimited
	Example    string // optional example cell for the template
}

// Schema is the ordered list of columns of one record type.
type Schema []Column

// Problem is one thing wrong with the file. Row is the row as the user sees
// it in the file (the header is row 1, the first data row is 2); 0 for
// header/mapping problems. Field is the column key ("" when not tied to one).
// Code is a catalog key; Data feeds the message template.
type Problem struct {
	Row   int            `json:"row"`
	Field string         `json:"field,omitempty"`
	Code  string         `json:"code"`
	Value string         `json:"value,omitempty"`
	Data  map[string]any `json:"data,omitempty"`
	// Warn marks a problem that does not block the import (e.g. an unknown
	// column, which is ignored).
	Warn bool `json:"warn,omitempty"`
}

// HasErrors reports whether any problem blocks the import.
func HasErrors(ps []Problem) bool {
	for _, p := range ps {
		if !p.Warn {
			return true
		}
	}
	return false
}

// Report is the outcome of a dry run or a commit.
type Report struct {
	Rows     int       `json:"rows"` // non-blank data rows seen
	Problems []Problem `json:"problems"`
}

// OK reports whether nothing blocks the import.
func (r Report) OK() bool { return !HasErrors(r.Problems) }

// Err turns blocking problems into an errs.Invalid whose fields are
// "rows[<row>].<field>" with Row and Value in Data, or nil.
func (r Report) Err() error {
	var c errs.Collector
	for _, p := range r.Problems {
		if p.Warn {
			continue
		}
		data := map[string]any{"Row": p.Row, "Value": p.Value}
		for k, v := range p.Data {
			data[k] = v
		}
		field := p.Field
		if p.Row > 0 {
			field = fmt.Sprintf("rows[%d].%s", p.Row, p.Field)
		}
		c.AddField(errs.FieldError{Field: field, Code: p.Code, Data: data})
	}
	return c.Err()
}

// Record is one valid row. Values holds the mapped columns only, typed by
// Kind: string, int64, money.Amount, time.Time or bool; an empty optional
// cell is nil.
type Record struct {
	Row    int
	Values map[string]any
	// Failed: a cell of the row has a problem and is absent from Values
	// (only ValidateAll returns such records).
	Failed bool
}

// Has reports whether key has a non-nil value.
func (r Record) Has(key string) bool { return r.Values[key] != nil }

// String returns a Text/Enum/Email/Phone value, "" when absent.
func (r Record) String(key string) string { s, _ := r.Values[key].(string); return s }

// Int returns an Int value, 0 when absent.
func (r Record) Int(key string) int64 { v, _ := r.Values[key].(int64); return v }

// Amount returns a Decimal value, zero when absent.
func (r Record) Amount(key string) money.Amount { v, _ := r.Values[key].(money.Amount); return v }

// Time returns a Date value, the zero time when absent.
func (r Record) Time(key string) time.Time { v, _ := r.Values[key].(time.Time); return v }

// Bool returns a Bool value, false when absent.
func (r Record) Bool(key string) bool { v, _ := r.Values[key].(bool); return v }

// Translator is what the package needs of *i18n.Catalog.
type Translator interface {
	T(lang, id string, data map[string]any) string
}
