package recordio

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/importer"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// batch is how many records an export formats together (one query per
// referenced type for their codes).
const batch = 500

// Export streams the records of t that lq selects (its Limit and Cursor
// ignored; sc's data scope applies) as CSV (UTF-8 with BOM) or XLSX to w,
// walking the list page by page: the file is never built in memory. It
// needs <module>.export and is audited ("<type>.export" with the filter
// and the row count).
//
// The columns are the import template's, with headers in lang, so an
// export imports back: codes stay codes (an update on re-import), Enum
// values and dictionary items show their labels in lang (an item whose
// label two items share shows its code), Bool is 是/否 or yes/no, Ref
// cells the referenced record's code (its name if its type has no code),
// users their display name (the username when two share it). Phones are
// masked as on screen without <module>.unmask; such a column does not
// import back.
func (s *Service) Export(ctx context.Context, w io.Writer, sc tenant.Scope, t *records.Type, lq list.Query, format, lang string) error {
	if !sc.Can(tenant.P(t.Module, tenant.Export)) {
		return errs.Forbidden("forbidden")
	}
	if format == "" {
		format = "csv"
	}
	if format != "csv" && format != "xlsx" {
		return errs.Invalid(errs.Field("format", "field.invalid"))
	}
	ex, err := s.newExporter(ctx, sc, t, lang)
	if err != nil {
		return err
	}
	headers := make([]string, len(ex.cols))
	for i, c := range ex.cols {
		headers[i] = s.cat.T(lang, c.Header, nil)
	}
	rw, err := importer.NewWriter(w, format, headers)
	if err != nil {
		return err
	}
	n := 0
	buf := make([]records.Record, 0, batch)
	flush := func() error {
		if err := ex.refCodes(ctx, buf); err != nil {
			return err
		}
		for _, rec := range buf {
			if err := rw.Write(ex.row(rec)); err != nil {
				return err
			}
			n++
		}
		buf = buf[:0]
		return nil
	}
	err = s.rec.Each(ctx, sc, t, lq, func(rec records.Record) error {
		buf = append(buf, rec)
		if len(buf) == batch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if cerr := rw.Close(); err == nil {
		err = cerr
	}
	// Audited even when the stream broke off: rows may have left already.
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if aerr := s.db.InTx(actx, func(tx *db.Tx) error {
		return audit.Record(actx, tx, sc, t.Key+".export", t.Key, 0, audit.Change{Field: "filter", After: filterOf(lq)},
			audit.Change{Field: "rows", After: n}, audit.Change{Field: "format", After: format})
	}); err == nil {
		err = aerr
	}
	return err
}

// filterOf is what the audit row keeps of a list query.
func filterOf(lq list.Query) map[string]string {
	m := map[string]string{}
	for k, v := range lq.Filters {
		if v != "" {
			m[k] = v
		}
	}
	if q := strings.TrimSpace(lq.Q); q != "" {
		m["q"] = q
	}
	if lq.Sort != "" {
		m["sort"] = lq.Sort
	}
	return m
}

// Filename is the download name of an export or template of t.
func Filename(t *records.Type, what, format string) string {
	if format == "" {
		format = "csv"
	}
	return t.Path + "-" + what + "-" + time.Now().Format("20060102") + "." + format
}

// Template writes the import template of t: the headers in lang (required
// ones marked *) and an example row, as CSV or XLSX.
func (s *Service) Template(w io.Writer, t *records.Type, format, lang string) error {
	return importer.Template(Schema(t), lang, s.cat, format, w)
}

// exporter formats records as the template's columns.
type exporter struct {
	s      *Service
	t      *records.Type
	lang   string
	cols   importer.Schema
	fields map[string]records.Field
	lk     *lookups
	yes    string
	no     string
}

func (s *Service) newExporter(ctx context.Context, sc tenant.Scope, t *records.Type, lang string) (*exporter, error) {
	ex := &exporter{s: s, t: t, lang: lang, fields: map[string]records.Field{}, lk: s.newLookups(sc, lang),
		yes: s.cat.T(lang, "recordio.yes", nil), no: s.cat.T(lang, "recordio.no", nil)}
	for _, f := range t.Fields {
		ex.fields[f.Name] = f
	}
	for _, c := range Schema(t) {
		f, isField := ex.fields[c.Key]
		if isField && f.NoExport {
			continue
		}
		ex.cols = append(ex.cols, c)
		switch {
		case !isField || f.Kind == records.User:
			if _, err := ex.lk.userIdx(ctx); err != nil {
				return nil, err
			}
		case f.Kind == records.Dict || f.Kind == records.Tags:
			if _, err := ex.lk.dict(ctx, f.Dict); err != nil {
				return nil, err
			}
		}
	}
	return ex, nil
}

// refCodes reads the codes of the records a batch refers to.
func (ex *exporter) refCodes(ctx context.Context, recs []records.Record) error {
	for _, c := range ex.cols {
		f, ok := ex.fields[c.Key]
		if !ok || f.Kind != records.Ref {
			continue
		}
		rt, ok := ex.s.rec.Registry().Type(f.Ref)
		if !ok {
			continue
		}
		var ids []int64
		for _, r := range recs {
			if id := r.Int(f.Name); id != 0 {
				ids = append(ids, id)
			}
		}
		if err := ex.lk.codes(ctx, ex.lk.ref(rt), ids); err != nil {
			return err
		}
	}
	return nil
}

func (ex *exporter) row(r records.Record) []string {
	out := make([]string, len(ex.cols))
	for i, c := range ex.cols {
		if c.Key == OwnerKey {
			out[i] = ex.lk.users.text(r.OwnerID)
			continue
		}
		out[i] = ex.cell(ex.fields[c.Key], r)
	}
	return out
}

func (ex *exporter) cell(f records.Field, r records.Record) string {
	v := r.Values[f.Name]
	if v == nil {
		return ""
	}
	switch x := v.(type) {
	case string:
		switch f.Kind {
		case records.Enum:
			return ex.s.cat.T(ex.lang, ex.t.EnumLabelKey(f.Name, x), nil)
		case records.Dict:
			return ex.lk.dicts[f.Dict].text(x)
		}
		return x
	case []string:
		parts := make([]string, len(x))
		for i, code := range x {
			parts[i] = ex.lk.dicts[f.Dict].text(code)
		}
		return strings.Join(parts, ", ")
	case int64:
		switch f.Kind {
		case records.Ref:
			if rt, ok := ex.s.rec.Registry().Type(f.Ref); ok {
				if code := ex.lk.ref(rt).codeOf[x]; code != "" {
					return code
				}
			}
			return r.Labels[f.Name]
		case records.User:
			return ex.lk.users.text(x)
		}
		return strconv.FormatInt(x, 10)
	case money.Amount:
		return x.String()
	case bool:
		if x {
			return ex.yes
		}
		return ex.no
	case time.Time:
		return x.Format(time.DateOnly)
	}
	return ""
}
