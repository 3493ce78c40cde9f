package recordio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/importer"
	"github.com/taihe-erp/taihe/internal/platform/jobs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Upload is a file to import.
type Upload struct {
	Filename string
	Data     []byte
}

// Options of one import.
type Options struct {
	// DryRun checks every row exactly as the commit would and writes
	// nothing.
	DryRun bool
	// Mapping is file header → field name ("" ignores the column); headers
	// it leaves out are matched as remembered, then by their text.
	Mapping map[string]string
	// Lang is the language of the report's messages and of the headers
	// matched first.
	Lang string
	// upload is the import page's stashed file, kept in the job's params.
	upload int64
}

// Result is the report of an import or its dry run. For a dry run Created
// and Updated say what the commit would do.
type Result struct {
	Type      string        `json:"type"`
	Filename  string        `json:"filename,omitempty"`
	DryRun    bool          `json:"dry_run"`
	Committed bool          `json:"committed"`
	Rows      int           `json:"rows"`
	Created   int           `json:"created"`
	Updated   int           `json:"updated"`
	Errors    int           `json:"errors"` // blocking problems, all of them
	Problems  []ProblemView `json:"problems"`
	Truncated bool          `json:"truncated,omitempty"` // Problems stops at MaxProblems
	Columns   []ColumnMap   `json:"columns"`
	// UploadID is the import page's stashed file.
	UploadID int64 `json:"upload_id,omitempty"`
}

// ProblemView is one problem of a report, with its message in the
// report's language and the file's header of its column.
type ProblemView struct {
	Row     int    `json:"row"`
	Field   string `json:"field,omitempty"`
	Column  string `json:"column,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Value   string `json:"value,omitempty"`
	Warn    bool   `json:"warn,omitempty"`
}

// Import reads a CSV or XLSX file into t as sc. A row whose code names an
// existing record visible to sc updates it (<module>.edit; its version is
// not checked: the file is the newer truth), any other row creates one
// (<module>.create); a code taken by a record sc may not see is a problem
// of that row. All rows commit in one transaction or none does: any
// problem in any row, and nothing is written; the Result lists every
// problem (row, field, reason) and the returned error is errs.Invalid
// "import.rejected" with the same as field errors "rows[<row>].<field>".
//
// A file of more than SyncMax rows is queued as a job instead; the job's
// result is this Result and its error code "import.rejected" when it has
// problems. The mapping used is remembered for sc and t.
func (s *Service) Import(ctx context.Context, sc tenant.Scope, t *records.Type, up Upload, opt Options) (Result, *jobs.Job, error) {
	if err := allowImport(sc, t); err != nil {
		return Result{}, nil, err
	}
	tbl, err := importer.Read(bytes.NewReader(up.Data), up.Filename)
	if err != nil {
		return Result{}, nil, err
	}
	mapping, err := s.mappingFor(ctx, sc, t, opt.Mapping)
	if err != nil {
		return Result{}, nil, err
	}
	opt.Mapping = mapping
	if s.jobs != nil && tbl.Len() > s.SyncMax {
		j, err := s.jobs.Submit(ctx, sc, JobKind, jobParams{Type: t.Key, Filename: up.Filename, DryRun: opt.DryRun,
			Mapping: mapping, Lang: opt.Lang, Upload: opt.upload}, up.Data)
		if err != nil {
			return Result{}, nil, err
		}
		return Result{}, &j, nil
	}
	res, err := s.importTable(ctx, sc, t, tbl, up.Filename, opt, func(int, int) {})
	res.UploadID = opt.upload
	return res, nil, err
}

func allowImport(sc tenant.Scope, t *records.Type) error {
	if !sc.Can(tenant.P(t.Module, tenant.Create)) && !sc.Can(tenant.P(t.Module, tenant.Edit)) {
		return errs.Forbidden("forbidden")
	}
	return nil
}

type jobParams struct {
	Type     string            `json:"type"`
	Filename string            `json:"filename"`
	DryRun   bool              `json:"dry_run"`
	Mapping  map[string]string `json:"mapping"`
	Lang     string            `json:"lang"`
	Upload   int64             `json:"upload,omitempty"`
}

// runJob is the import of a large file, run by a jobs worker as the user
// who submitted it (permissions as they are now).
func (s *Service) runJob(ctx context.Context, sc tenant.Scope, j jobs.Job, progress func(done, total int)) (any, error) {
	var p jobParams
	if err := json.Unmarshal(j.Params, &p); err != nil {
		return nil, fmt.Errorf("recordio: job %d params: %w", j.ID, err)
	}
	t, ok := s.rec.Registry().Type(p.Type)
	if !ok {
		return nil, fmt.Errorf("recordio: job %d: no type %q", j.ID, p.Type)
	}
	if err := allowImport(sc, t); err != nil {
		return nil, err
	}
	tbl, err := importer.Read(bytes.NewReader(j.Input), p.Filename)
	if err != nil {
		return nil, err
	}
	res, err := s.importTable(ctx, sc, t, tbl, p.Filename, Options{DryRun: p.DryRun, Mapping: p.Mapping, Lang: p.Lang}, progress)
	res.UploadID = p.Upload
	if errs.KindOf(err) == errs.KindInternal && err != nil {
		return nil, err
	}
	return res, err
}

// errRollback ends a dry run's transaction (or a commit that found
// problems) without writing.
var errRollback = errors.New("recordio: roll back")

// importTable maps, validates and writes (or only checks) a read file.
func (s *Service) importTable(ctx context.Context, sc tenant.Scope, t *records.Type, tbl importer.Table, filename string,
	opt Options, progress func(done, total int)) (Result, error) {
	schema := Schema(t)
	m, mprobs := importer.Map(tbl.Headers, schema, opt.Lang, s.cat, opt.Mapping)
	if err := s.saveMapping(ctx, sc, t, m.ByHeader); err != nil {
		return Result{}, err
	}
	recs, rep := importer.Validate(tbl, m, schema)
	res := Result{Type: t.Key, Filename: filename, DryRun: opt.DryRun, Rows: rep.Rows, Columns: s.columns(tbl.Headers, m, schema, opt.Lang)}
	probs := rep.Problems
	if importer.HasErrors(mprobs) {
		// A column missing or given twice: the rows would only repeat it.
		return s.report(res, probs, m, schema, opt.Lang)
	}
	if len(recs) == 0 {
		return s.report(res, probs, m, schema, opt.Lang) // an empty file, or the template untouched
	}
	r := s.newRun(sc, t, schema, opt.Lang)
	if err := r.prepare(ctx, recs); err != nil {
		return Result{}, err
	}
	commit := !opt.DryRun && rep.OK()
	more, err := s.apply(ctx, r, recs, commit, filename, progress)
	if err != nil {
		return Result{}, err
	}
	probs = append(append(probs, more...), r.warnings...)
	res.Created, res.Updated = r.created, r.updated
	res.Committed = commit && !importer.HasErrors(probs)
	return s.report(res, probs, m, schema, opt.Lang)
}

// apply runs every row through the engine in one transaction: committed
// when commit and no row has a problem, rolled back otherwise (the dry
// run takes the very same path, so it reports exactly what a commit
// would; records.DryRun only skips the search text and audit rows nobody
// will see).
func (s *Service) apply(ctx context.Context, r *run, recs []importer.Record, commit bool, filename string,
	progress func(done, total int)) ([]importer.Problem, error) {
	if !commit {
		ctx = records.DryRun(ctx)
	}
	var probs []importer.Problem
	total := len(recs)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := r.begin(ctx, tx, recs); err != nil {
			return err
		}
		progress(0, total)
		var rep importer.Report
		// Batch: new rows, their search texts, keys and audit rows are written
		// in multi-row statements, not one by one (records.Batch).
		err := s.rec.Batch(ctx, tx, func(ctx context.Context) error {
			var err error
			rep, err = importer.Commit(ctx, recs, func(ctx context.Context, i int, rec importer.Record) error {
				if i%100 == 0 {
					progress(i, total)
				}
				return r.row(ctx, tx, rec)
			})
			if e, ok := errs.As(err); err != nil && ok && e.Code == "import.rejected" {
				return nil // the problems are in rep; the transaction rolls back below
			}
			return err
		})
		probs = rep.Problems
		if err != nil {
			return err
		}
		progress(total, total)
		if !commit || len(probs) > 0 {
			return errRollback
		}
		return audit.Record(ctx, tx, r.sc, r.t.Key+".import", r.t.Key, 0,
			audit.Change{Field: "filename", After: filename}, audit.Change{Field: "rows", After: total},
			audit.Change{Field: "created", After: r.created}, audit.Change{Field: "updated", After: r.updated})
	})
	if errors.Is(err, errRollback) {
		err = nil
	}
	return probs, err
}

// report translates the problems, caps the list and, when any blocks,
// returns the "import.rejected" error beside the Result.
func (s *Service) report(res Result, probs []importer.Problem, m importer.Mapping, schema importer.Schema, lang string) (Result, error) {
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Row < probs[j].Row })
	header := map[string]string{}
	for h, k := range m.ByHeader {
		if k != "" {
			header[k] = h
		}
	}
	for _, c := range schema {
		if _, ok := header[c.Key]; !ok {
			header[c.Key] = s.cat.T(lang, c.Header, nil)
		}
	}
	var blocking []importer.Problem
	rows := map[int]bool{}
	res.Problems = []ProblemView{}
	for _, p := range probs {
		if !p.Warn {
			res.Errors++
			rows[p.Row] = true
			if len(blocking) < MaxProblems {
				blocking = append(blocking, p)
			}
		}
		if len(res.Problems) >= MaxProblems {
			res.Truncated = true
			continue
		}
		data := map[string]any{"Value": p.Value}
		for k, v := range p.Data {
			data[k] = v
		}
		if p.Row == 0 && p.Value != "" {
			// A column's problem names it by its header, not its number.
			data["Column"] = p.Value
		}
		res.Problems = append(res.Problems, ProblemView{Row: p.Row, Field: p.Field, Column: header[p.Field], Code: p.Code,
			Message: s.cat.T(lang, p.Code, data), Value: p.Value, Warn: p.Warn})
	}
	if res.Errors == 0 {
		return res, nil
	}
	e, _ := errs.As(importer.Report{Problems: blocking}.Err())
	e.Code, e.Data = "import.rejected", map[string]any{"Count": len(rows)}
	return res, e
}
