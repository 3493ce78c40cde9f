package recordio

import (
	"context"
	"strings"

	"golang.org/x/text/width"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/importer"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// run is one pass of an import over the validated rows.
type run struct {
	s         *Service
	sc        tenant.Scope
	t         *records.Type
	schema    importer.Schema
	fields    map[string]records.Field
	lk        *lookups
	keys      []string // matchKeys(t)
	canCreate bool
	canEdit   bool

	// Per attempt of the transaction (db.InTx may run it again).
	existing         map[string]int64 // match key → id of the record a row updates
	madeCode         map[string]int64 // records created by this run, for rows referring to them
	madeName         map[string][]int64
	created, updated int
	warnings         []importer.Problem
}

func (s *Service) newRun(sc tenant.Scope, t *records.Type, schema importer.Schema, lang string) *run {
	r := &run{s: s, sc: sc, t: t, schema: schema, fields: map[string]records.Field{}, lk: s.newLookups(sc, lang),
		keys: matchKeys(t), canCreate: sc.Can(tenant.P(t.Module, tenant.Create)), canEdit: sc.Can(tenant.P(t.Module, tenant.Edit))}
	for _, f := range t.Fields {
		r.fields[f.Name] = f
	}
	return r
}

// prepare reads what the rows' references name, once per dictionary, per
// referenced type and for the users, before the transaction.
func (r *run) prepare(ctx context.Context, recs []importer.Record) error {
	values := map[string]map[string]bool{} // referenced type → cell values
	for _, c := range r.schema {
		if c.Key == OwnerKey {
			if _, err := r.lk.userIdx(ctx); err != nil {
				return err
			}
			continue
		}
		f := r.fields[c.Key]
		switch f.Kind {
		case records.Dict, records.Tags:
			if _, err := r.lk.dict(ctx, f.Dict); err != nil {
				return err
			}
		case records.User:
			if _, err := r.lk.userIdx(ctx); err != nil {
				return err
			}
		case records.Ref:
			set := values[f.Ref]
			if set == nil {
				set = map[string]bool{}
				values[f.Ref] = set
			}
			for _, rec := range recs {
				if v := strings.TrimSpace(rec.String(f.Name)); v != "" {
					set[v] = true
				}
			}
		}
	}
	for key, set := range values {
		rt, ok := r.s.rec.Registry().Type(key)
		if !ok {
			continue
		}
		list := make([]string, 0, len(set))
		for v := range set {
			list = append(list, v)
		}
		if err := r.lk.preload(ctx, r.s.db.Read(), r.lk.ref(rt), list); err != nil {
			return err
		}
	}
	return nil
}

// begin resets what one attempt of the transaction accumulates and finds
// the existing records the rows name by their match keys.
func (r *run) begin(ctx context.Context, tx *db.Tx, recs []importer.Record) error {
	r.existing, r.madeCode, r.madeName = map[string]int64{}, map[string]int64{}, map[string][]int64{}
	r.created, r.updated, r.warnings = 0, 0, nil
	if len(r.keys) == 0 {
		return nil
	}
	code := r.keys[len(r.keys)-1]
	seen := map[string]bool{}
	var codes []string
	for _, rec := range recs {
		if v := keyValue(rec.String(code)); v != "" && !seen[v] {
			seen[v] = true
			codes = append(codes, v)
		}
	}
	sq := db.Tenant(tx, r.sc.Tenant())
	cols := "id, " + strings.Join(r.keys, ", ")
	for len(codes) > 0 {
		n := min(len(codes), chunk)
		part := codes[:n]
		codes = codes[n:]
		args := []any{sq.Tenant}
		for _, c := range part {
			args = append(args, c)
		}
		rows, err := sq.Query(ctx, "SELECT "+cols+" FROM "+r.t.Key+" WHERE tenant_id = ? AND "+code+" IN ("+
			strings.TrimSuffix(strings.Repeat("?, ", n), ", ")+")", args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			vals := make([]string, len(r.keys))
			dest := []any{&id}
			for i := range vals {
				dest = append(dest, &vals[i])
			}
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return err
			}
			r.existing[strings.Join(vals, "\x00")] = id
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}

// keyValue is a code as the engine stores it (trimmed, full width folded).
func keyValue(s string) string { return strings.TrimSpace(width.Fold.String(s)) }

func (r *run) match(rec importer.Record) int64 {
	if len(r.keys) == 0 {
		return 0
	}
	vals := make([]string, len(r.keys))
	for i, k := range r.keys {
		vals[i] = keyValue(rec.String(k))
	}
	if vals[len(vals)-1] == "" {
		return 0
	}
	return r.existing[strings.Join(vals, "\x00")]
}

// row writes one record: an update when its code names an existing one,
// a create otherwise. Problems are errs.Invalid field errors, which
// importer.Commit turns into the row's problems.
func (r *run) row(ctx context.Context, tx *db.Tx, rec importer.Record) error {
	in, err := r.input(rec)
	if err != nil {
		return err
	}
	code := ""
	if len(r.keys) > 0 {
		code = r.keys[len(r.keys)-1]
	}
	var out records.Record
	if id := r.match(rec); id != 0 {
		if !r.canEdit {
			return errs.Invalid(errs.Field(code, "recordio.no_edit"))
		}
		out, err = r.s.rec.UpdateTx(ctx, tx, r.sc, r.t, id, 0, in)
		if errs.KindOf(err) == errs.KindNotFound {
			// The code is taken by a record sc may not see: neither an
			// update nor a word about that record.
			return errs.Invalid(errs.Field(code, "field.taken"))
		}
		if err != nil {
			return err
		}
		r.updated++
	} else {
		if !r.canCreate {
			return errs.Invalid(errs.Field(code, "recordio.no_create"))
		}
		if out, err = r.s.rec.CreateTx(ctx, tx, r.sc, r.t, in); err != nil {
			return err
		}
		r.created++
		r.made(out)
	}
	for _, w := range out.Warnings {
		if len(r.warnings) < MaxProblems {
			r.warnings = append(r.warnings, importer.Problem{Row: rec.Row, Field: w.Field, Code: w.Code, Data: w.Data, Warn: true})
		}
	}
	return nil
}

// made remembers a created record, so later rows of the file may refer to
// it (a group and its sub-groups in one file, parents first).
func (r *run) made(rec records.Record) {
	if c := r.t.CodeFieldName(); c != "" {
		if v := rec.String(c); v != "" {
			r.madeCode[v] = rec.ID
		}
	}
	if n := rec.Name(r.t); n != "" {
		r.madeName[n] = append(r.madeName[n], rec.ID)
	}
}

// input turns a validated row into the engine's Input. A column the file
// does not have is left out (an update keeps the field, a create takes its
// default); an empty cell clears the field, but for the owner's.
func (r *run) input(rec importer.Record) (records.Input, error) {
	in := records.Input{}
	var c errs.Collector
	bad := func(key, code, value string) { c.AddField(errs.Field(key, code, "Value", value)) }
	for _, col := range r.schema {
		v, ok := rec.Values[col.Key]
		if !ok {
			continue
		}
		s, isText := v.(string)
		if v == nil || (isText && strings.TrimSpace(s) == "") {
			// An empty owner keeps the record's (a new one's is the importer).
			if col.Key != OwnerKey {
				in[col.Key] = nil
			}
			continue
		}
		if col.Key == OwnerKey {
			id, code := r.lk.users.resolve(s)
			if code != "" {
				bad(col.Key, code, s)
				continue
			}
			in[col.Key] = id
			continue
		}
		f := r.fields[col.Key]
		switch f.Kind {
		case records.Ref:
			id, code := r.refID(f, s)
			if code != "" {
				bad(f.Name, code, s)
				continue
			}
			in[f.Name] = id
		case records.User:
			id, code := r.lk.users.resolve(s)
			if code != "" {
				bad(f.Name, code, s)
				continue
			}
			in[f.Name] = id
		case records.Dict:
			item, code := r.lk.dicts[f.Dict].resolve(s)
			if code != "" {
				bad(f.Name, code, s)
				continue
			}
			in[f.Name] = item
		case records.Tags:
			tags := splitTags(s)
			if len(tags) == 0 {
				in[f.Name] = nil
				continue
			}
			var codes []string
			for _, tag := range tags {
				item, code := r.lk.dicts[f.Dict].resolve(tag)
				if code != "" {
					bad(f.Name, code, tag)
					codes = nil
					break
				}
				codes = append(codes, item)
			}
			if codes != nil {
				in[f.Name] = codes
			}
		default:
			in[f.Name] = v
		}
	}
	return in, c.Err()
}

// refID resolves a Ref cell: records read before the transaction, then
// records this run created (same-type references).
func (r *run) refID(f records.Field, v string) (int64, string) {
	rt, ok := r.s.rec.Registry().Type(f.Ref)
	if !ok {
		return 0, "recordio.unknown_ref"
	}
	id, code := r.lk.ref(rt).resolve(v)
	if code != "recordio.unknown_ref" || rt.Key != r.t.Key {
		return id, code
	}
	v = strings.TrimSpace(v)
	if id, ok := r.madeCode[v]; ok {
		return id, ""
	}
	switch ids := r.madeName[v]; len(ids) {
	case 0:
		return 0, code
	case 1:
		return ids[0], ""
	}
	return 0, "recordio.ambiguous"
}
