package records

import (
	"context"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// List reads one page. Filters are the fields with Filter (exact; Tags:
// contains the code; Ref of a tree Type: the node and its descendants),
// "<name>_from"/"<name>_to" for Range fields (and created_at/updated_at
// with dates), owner_id and department_id for Owned types, and the Of
// field of child types. Q goes through the search index when the type has
// Search fields. Page.Total is capped at CountCap+1 (TotalCapped tells).
// Requires <module>.view.
func (s *Service) List(ctx context.Context, sc tenant.Scope, t *Type, lq list.Query) (list.Page[Record], error) {
	if err := allow(sc, t, tenant.View); err != nil {
		return list.Page[Record]{}, err
	}
	return s.page(ctx, sc, s.meta(t), lq, false)
}

// Each walks every record matching lq (its Limit and Cursor ignored) in
// pages of 500 without counting, for exports. Requires <module>.export.
func (s *Service) Each(ctx context.Context, sc tenant.Scope, t *Type, lq list.Query, fn func(Record) error) error {
	if err := allow(sc, t, tenant.Export); err != nil {
		return err
	}
	m := s.meta(t)
	lq.Cursor, lq.Page = "", 0
	for {
		p, err := s.page(ctx, sc, m, lq, true)
		if err != nil {
			return err
		}
		for _, r := range p.Items {
			if err := fn(r); err != nil {
				return err
			}
		}
		if p.NextCursor == "" {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		lq.Cursor = p.NextCursor
	}
}

// eachPage is Each's page size, above what a caller of List may ask.
const eachPage = 500

// page runs one list query with the capped count, or for Each (walk) a
// page of eachPage rows without counting.
func (s *Service) page(ctx context.Context, sc tenant.Scope, m *meta, lq list.Query, walk bool) (list.Page[Record], error) {
	var out list.Page[Record]
	q := s.db.Read()
	sq := db.Tenant(q, sc.Tenant())
	bq := list.Query{Sort: lq.Sort, Limit: lq.Limit, Page: lq.Page}
	if lq.Cursor != "" {
		bq.Page = 0
	}
	if walk {
		bq.Limit, bq.Page = list.MaxLimit, 0
	}
	b, err := m.spec.Build(bq, db.ILike(q))
	if err != nil {
		return out, err
	}
	if walk { // Build's last argument is the LIMIT (one extra row)
		b.Limit, b.Args[len(b.Args)-1] = eachPage, eachPage+1
	}
	match := s.textMatch(sq, m, lq.Q)
	filters, fargs, err := s.filterSQL(ctx, sq, m, lq.Filters)
	if err != nil {
		return out, err
	}
	vis, vargs := s.vis(m, sc, "t")
	cond := match.where + filters + vis
	condArgs := append(fargs, vargs...)
	sortName := sortName(lq.Sort, m.spec.DefaultSort)
	keyset, kargs := "", []any(nil)
	if lq.Cursor != "" {
		v, id, err := list.DecodeCursor(lq.Cursor)
		if err != nil {
			return out, errs.Invalid(errs.Field("cursor", "field.invalid"))
		}
		keyset, kargs = m.keyset(sortName, b.Desc, v, id, q.Dialect())
	}
	from := " FROM " + m.key() + " t" + match.join + " WHERE "
	args := match.bind(append(append(append([]any{}, condArgs...), kargs...), b.Args...)...)
	rows, err := sq.Query(ctx, "SELECT "+m.selectCols+from+cond+keyset+b.Order, args...)
	if err != nil {
		return out, err
	}
	recs, err := m.scanRows(rows)
	if err != nil {
		return out, err
	}
	if len(recs) > b.Limit {
		recs = recs[:b.Limit]
		last := recs[len(recs)-1]
		out.NextCursor = list.Cursor(m.sortValue(sortName, last), last.ID)
	}
	if !walk {
		if out.Total, err = s.count(ctx, sq, sc, m, from, match, match.where+filters, fargs); err != nil {
			return out, err
		}
	}
	if err := s.finish(ctx, q, sc, m, recs); err != nil {
		return out, err
	}
	if recs == nil {
		recs = []Record{}
	}
	out.Items, out.PageNum, out.Limit = recs, b.PageNum, b.Limit
	return out, nil
}

// count counts the rows of a list up to countCap+1. When sc sees a row
// for one of several reasons (owner, department, shared), each reason is
// counted from its own index, capped, and the ids united: an OR would
// make PostgreSQL recheck every matching row in the table (100 ms for a
// salesman's 8,000 customers of one status among 1,000,000) where each
// branch alone is an index-only scan.
func (s *Service) count(ctx context.Context, sq db.Scoped, sc tenant.Scope, m *meta, from string, match textMatch, cond string, args []any) (int, error) {
	terms, targs, all := s.visTerms(m, sc, "t")
	var n int
	if all || len(terms) < 2 {
		vis, vargs := s.vis(m, sc, "t")
		err := sq.Get(ctx, &n, "SELECT count(*) FROM (SELECT 1"+from+cond+vis+" LIMIT ?) x",
			match.bind(append(append(append([]any{}, args...), vargs...), countCap+1)...)...)
		return n, err
	}
	parts := make([]string, len(terms))
	qargs := append([]any{}, match.opts...)
	for i, term := range terms {
		parts[i] = "SELECT id FROM (SELECT t.id" + from + cond + " AND " + term + " LIMIT ?) b" + strconv.Itoa(i)
		qargs = append(qargs, match.params(append(append(append([]any{}, args...), targs[i]...), countCap+1)...)...)
	}
	err := sq.Get(ctx, &n, "SELECT count(*) FROM ("+strings.Join(parts, " UNION ")+") x", qargs...)
	return min(n, countCap+1), err
}

func sortName(sort, def string) string {
	if sort == "" {
		sort = def
	}
	if len(sort) > 0 && sort[0] == '-' {
		return sort[1:]
	}
	return sort
}

// sortValue is the value of the sort column for a cursor. Integers go as
// strings: JSON would turn a large scaled amount into an inexact float.
func (m *meta) sortValue(name string, r Record) any {
	switch name {
	case "id":
		return r.ID
	case "created_at":
		return r.CreatedAt
	case "updated_at":
		return r.UpdatedAt
	}
	f := m.byName[name]
	v, _ := toColumn(f, r.Values[name])
	if n, ok := v.(int64); ok {
		return strconv.FormatInt(n, 10)
	}
	return v
}

// keyset is the condition for the rows after the cursor. Nullable sort
// columns need care: NULL sorts first in SQLite and last in PostgreSQL
// (ascending), and "col > NULL" matches nothing.
func (m *meta) keyset(name string, desc bool, v any, id int64, d db.Dialect) (string, []any) {
	cmp := " > "
	if desc {
		cmp = " < "
	}
	if name == "id" {
		return " AND t.id" + cmp + "?", []any{id}
	}
	col := "t." + name
	f, isField := m.byName[name]
	if s, ok := v.(string); ok && isField && (f.Kind == Int || f.Kind == Decimal || f.Kind == Ref || f.Kind == User) {
		n, _ := strconv.ParseInt(s, 10, 64)
		v = n
	}
	nullable := isField && !f.Required && f.Kind != Bool
	nullsFirst := (d == db.SQLite) != desc
	if v == nil {
		if nullsFirst {
			return " AND ((" + col + " IS NULL AND t.id" + cmp + "?) OR " + col + " IS NOT NULL)", []any{id}
		}
		return " AND " + col + " IS NULL AND t.id" + cmp + "?", []any{id}
	}
	cond := col + cmp + "? OR (" + col + " = ? AND t.id" + cmp + "?)"
	if nullable && !nullsFirst {
		cond += " OR " + col + " IS NULL"
	}
	return " AND (" + cond + ")", []any{v, v, id}
}

// Search returns at most limit records whose search text matches q, within
// sc's data scope, for the global search and reference pickers. There is
// no ORDER BY over the matches, so LIMIT stops the index scan early; an
// empty q returns the newest records. Requires <module>.view.
func (s *Service) Search(ctx context.Context, sc tenant.Scope, t *Type, q string, limit int) ([]Record, error) {
	if err := allow(sc, t, tenant.View); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 10
	}
	limit = min(limit, list.MaxLimit)
	m := s.meta(t)
	rq := s.db.Read()
	sq := db.Tenant(rq, sc.Tenant())
	match := s.textMatch(sq, m, q)
	vis, vargs := s.vis(m, sc, "t")
	order := ""
	if match.all {
		order = " ORDER BY t.id DESC"
	}
	rows, err := sq.Query(ctx, "SELECT "+m.selectCols+" FROM "+m.key()+" t"+match.join+" WHERE "+match.where+vis+order+" LIMIT ?",
		match.bind(append(vargs, limit)...)...)
	if err != nil {
		return nil, err
	}
	recs, err := m.scanRows(rows)
	if err != nil {
		return nil, err
	}
	if err := s.finish(ctx, rq, sc, m, recs); err != nil {
		return nil, err
	}
	if recs == nil {
		recs = []Record{}
	}
	return recs, nil
}

// FindBy finds the record of t whose field equals value (a Code or Unique
// field), visible to sc; ok is false when there is none. Imports use it to
// update an existing record by code, and to resolve references by code.
// The record has no labels and no shares; phones are masked for sc. The
// caller checks permissions.
func (s *Service) FindBy(ctx context.Context, q db.Querier, sc tenant.Scope, t *Type, field string, value string) (Record, bool, error) {
	m := s.meta(t)
	f, ok := m.byName[field]
	if !ok || f.Kind == Tags {
		panic("records: FindBy on " + t.Key + "." + field)
	}
	v, fe := parseField(f, value)
	if fe != nil || v == nil {
		return Record{}, false, nil
	}
	if b := batchOf(ctx); b != nil && b.tx == q {
		if err := b.flushInserts(ctx, m); err != nil { // the record may be a buffered one
			return Record{}, false, err
		}
	}
	col, err := toColumn(f, v)
	if err != nil {
		return Record{}, false, nil
	}
	sq := db.Tenant(q, sc.Tenant())
	vis, vargs := s.vis(m, sc, "t")
	rows, err := sq.Query(ctx, "SELECT "+m.selectCols+" FROM "+m.key()+" t WHERE t.tenant_id = ? AND t."+field+" = ?"+vis+" LIMIT 1",
		append([]any{sq.Tenant, col}, vargs...)...)
	if err != nil {
		return Record{}, false, err
	}
	recs, err := m.scanRows(rows)
	if err != nil || len(recs) == 0 {
		return Record{}, false, err
	}
	s.mask(sc, m, &recs[0])
	return recs[0], true, nil
}
