package sales

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/importer"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// ImportOptions of one order import.
type ImportOptions struct {
	DryRun bool // check everything exactly as the commit would, write nothing
	Lang   string
	// Cat matches the file's headers and payment-method labels in every
	// language (the template's headers are in the user's); nil: keys and
	// aliases only.
	Cat importer.Translator
}

// ImportResult is the report of an order import or its dry run.
type ImportResult struct {
	Format          string
	Filename        string
	DryRun          bool
	Committed       bool
	Rows            int // order lines read
	Orders          []ImportedOrder
	Created         int // made, or that the commit would make (dry run)
	AlreadyImported int // refs imported before: left alone
	Problems        []ImportProblem
}

// Errors counts the problems that block the import.
func (r ImportResult) Errors() int {
	n := 0
	for _, p := range r.Problems {
		if !p.Warn {
			n++
		}
	}
	return n
}

// Order statuses in an import report.
const (
	ImportNew             = "new"     // valid; a commit makes it (dry run)
	ImportCreated         = "created" // made
	ImportAlreadyImported = "already_imported"
	ImportInvalid         = "invalid"
)

// ImportedOrder is one order of the file.
type ImportedOrder struct {
	Ref    string
	Row    int // CSV/XLSX: its first row
	Lines  int
	Status string
	ID     int64  // created, or the earlier import's order
	Number string // created
	Total  int64  // × 10^4, as the order computes it
}

// ImportProblem is one thing wrong with the file, placed by file row
// (CSV/XLSX, the header being row 1) or by order ref and line number (XML;
// Line 0: the order itself). Field is an ImportSchema column ("file",
// "lines" or "" otherwise); Code a catalog key.
type ImportProblem struct {
	Row   int
	Ref   string
	Line  int
	Field string
	Code  string
	Value string
	Data  map[string]any
	Warn  bool // does not block (an ignored column)

	pos int // XML: the table row it came from, to keep the file's order
}

// Path names the problem's place as a field path: rows[5].qty for a table,
// orders[WEB-1].lines[2].qty or orders[WEB-1].customer for XML.
func (p ImportProblem) Path() string {
	switch {
	case p.Row > 0:
		return fmt.Sprintf("rows[%d].%s", p.Row, p.Field)
	case p.Ref != "" && p.Line > 0:
		return fmt.Sprintf("orders[%s].lines[%d].%s", p.Ref, p.Line, p.Field)
	case p.Ref != "":
		return fmt.Sprintf("orders[%s].%s", p.Ref, p.Field)
	}
	return p.Field
}

// Params are the message's parameters: its data with Row, Ref, Line and
// Value.
func (p ImportProblem) Params() map[string]any {
	out := map[string]any{"Row": p.Row, "Ref": p.Ref, "Line": p.Line, "Value": p.Value}
	for k, v := range p.Data {
		out[k] = v
	}
	return out
}

// maxImportProblems bounds a report (a wrong file would list every cell).
const maxImportProblems = 500

// errImportRollback ends a dry run's transaction, or a commit that found
// problems, without writing.
var errImportRollback = errors.New("sales: import rolled back")

// Import makes sales orders (channel import, drafts, sales.create) from a
// CSV, XLSX or XML file, one order per external_ref. All orders are made
// in one transaction or none is: any problem in any row, and nothing is
// written; the result lists every problem and the error is errs.Invalid
// "sales.import.rejected" with one field per problem (ImportProblem.Path).
// An order whose ref was imported before is left alone and reported as
// already imported. A dry run takes the very same path and rolls back.
func (s *Service) Import(ctx context.Context, sc tenant.Scope, f ImportFile, opt ImportOptions) (ImportResult, error) {
	if !sc.Can(tenant.P(Module, tenant.Create)) {
		return ImportResult{}, errs.Forbidden("forbidden")
	}
	p, err := readImport(f)
	if err != nil {
		return ImportResult{}, err
	}
	res := ImportResult{Format: p.format, Filename: f.Filename, DryRun: opt.DryRun}
	m, mprobs := importer.Map(p.table.Headers, ImportSchema, opt.Lang, opt.Cat, nil)
	var missing []importer.Problem // Validate repeats mprobs, not these
	for _, key := range importOrderRequired {
		if _, ok := m.Column(key, ImportSchema); !ok {
			label := key
			if opt.Cat != nil {
				label = opt.Cat.T(opt.Lang, "sales.import.col."+key, nil)
			}
			missing = append(missing, importer.Problem{Field: key, Code: "import.missing_column", Data: map[string]any{"Header": label}})
		}
	}
	recs, rep := importer.ValidateAll(p.table, m, ImportSchema)
	res.Rows = rep.Rows
	res.Problems = append(p.probs, p.place(append(missing, rep.Problems...))...)
	if importer.HasErrors(mprobs) || len(missing) > 0 {
		return res.finish() // a column missing: every row would only repeat it
	}
	run := &importRun{s: s, sc: sc, p: p, res: &res}
	orders := run.group(recs)
	if len(orders) == 0 && len(res.Problems) == 0 {
		res.Problems = append(res.Problems, ImportProblem{Field: "file", Code: "import.empty"})
	}
	commit, base := !opt.DryRun, len(res.Problems)
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res.Orders, res.Created, res.AlreadyImported = nil, 0, 0
		res.Problems = res.Problems[:base:base] // a retried transaction starts again
		if err := run.create(ctx, tx, orders); err != nil {
			return err
		}
		if !commit || res.Errors() > 0 {
			return errImportRollback
		}
		return audit.Record(ctx, tx, sc, DocOrder+".import", DocOrder, 0, audit.Change{Field: "filename", After: f.Filename},
			audit.Change{Field: "format", After: p.format}, audit.Change{Field: "created", After: res.Created},
			audit.Change{Field: "already_imported", After: res.AlreadyImported})
	})
	switch {
	case errors.Is(err, errImportRollback):
	case db.IsUniqueViolation(err):
		// Another import of the same refs committed first (PostgreSQL).
		return ImportResult{}, errs.Conflict("sales.import.concurrent")
	case err != nil:
		return ImportResult{}, err
	default:
		res.Committed = true
	}
	for i := range res.Orders {
		switch o := &res.Orders[i]; {
		case o.Status == ImportNew && res.Committed:
			o.Status = ImportCreated
		case o.Status == ImportNew:
			o.ID, o.Number = 0, "" // rolled back: a commit gets its own
		}
	}
	return res.finish()
}

// finish orders the problems and, when any blocks, returns the error
// beside the result.
func (res ImportResult) finish() (ImportResult, error) {
	sort.SliceStable(res.Problems, func(i, j int) bool {
		return res.Problems[i].Row+res.Problems[i].pos < res.Problems[j].Row+res.Problems[j].pos
	})
	if len(res.Problems) > maxImportProblems {
		res.Problems = res.Problems[:maxImportProblems]
	}
	var c errs.Collector
	for _, p := range res.Problems {
		if !p.Warn {
			c.AddField(errs.FieldError{Field: p.Path(), Code: p.Code, Data: p.Params()})
		}
	}
	if err := c.Err(); err != nil {
		e, _ := errs.As(err)
		e.Code, e.Data = "sales.import.rejected", map[string]any{"Count": res.Errors()}
		return res, e
	}
	return res, nil
}

// place turns the importer's problems (by table row) into the file's
// places: the row for CSV/XLSX, the order ref and line for XML.
func (p parsed) place(probs []importer.Problem) []ImportProblem {
	out := make([]ImportProblem, 0, len(probs))
	seen := map[string]bool{}
	for _, pr := range probs {
		ip := p.at(ImportProblem{Row: pr.Row, Field: pr.Field, Code: pr.Code, Value: pr.Value, Data: pr.Data, Warn: pr.Warn})
		// XML repeats an order's columns on each of its lines: a bad date
		// is one problem of the order, not one per line.
		if k := ip.Path() + " " + ip.Code; ip.Ref != "" {
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		out = append(out, ip)
	}
	return out
}

// at moves a problem of table row ip.Row to its XML order and line (a
// column of the order itself is the order's, line 0).
func (p parsed) at(ip ImportProblem) ImportProblem {
	if p.format != "xml" || ip.Row < 2 || ip.Row-2 >= len(p.origins) {
		return ip
	}
	o := p.origins[ip.Row-2]
	ip.Row, ip.Ref, ip.pos = 0, o.Ref, ip.Row
	if isLineCol(ip.Field) {
		ip.Line = o.Line
	}
	return ip
}
