package records

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// vis returns the condition (" AND …", or "" when sc sees everything)
// restricting rows of m under alias to sc's data scope:
//
//   - Owned types: the role's scope on owner_id/department_id, or shared
//     with the actor or the actor's department (record_shares);
//   - child types: the parent is visible (recursively);
//   - other types: no restriction.
//
// The shares and the parent are IN (subquery) rather than a correlated
// EXISTS, so the database builds the small set once instead of probing it
// for every row of a long list.
func (s *Service) vis(m *meta, sc tenant.Scope, alias string) (string, []any) {
	return tenant.AnyOf(s.visTerms(m, sc, alias))
}

// visTerms are the alternatives of vis (a row is visible when any holds),
// each with its arguments; all: no restriction, no terms: nothing visible.
func (s *Service) visTerms(m *meta, sc tenant.Scope, alias string) (terms []string, args [][]any, all bool) {
	switch {
	case m.t.Owned:
		terms, args, all = sc.VisibilityTerms(m.t.Module, alias+".owner_id", alias+".department_id")
		if all || len(terms) == 0 {
			return terms, args, all
		}
		rs := alias + "_s"
		// PostgreSQL cannot combine an index on owner_id with "id IN
		// (subquery)" under OR (it filters every row with a hashed
		// subplan); "id = ANY(ARRAY(subquery))" is an index condition, so
		// the OR becomes a BitmapOr of two index scans.
		in := alias + ".id IN ("
		if s.db.Dialect == db.Postgres {
			in = alias + ".id = ANY(ARRAY("
		}
		share := in + "SELECT " + rs + ".record_id FROM record_shares " + rs + " WHERE " + rs + ".tenant_id = ? AND " +
			rs + ".record_type = ? AND (" + rs + ".user_id = ?"
		sargs := []any{sc.Tenant(), m.key(), sc.Actor()}
		if sc.Dept() != 0 {
			share += " OR " + rs + ".department_id = ?"
			sargs = append(sargs, sc.Dept())
		}
		share += "))"
		if s.db.Dialect == db.Postgres {
			share += ")"
		}
		return append(terms, share), append(args, sargs), false
	case m.parent != nil:
		pa := alias + "_p"
		pcond, pargs := s.vis(m.parent, sc, pa)
		if pcond == "" {
			return nil, nil, true
		}
		return []string{alias + "." + m.t.Of + " IN (SELECT " + pa + ".id FROM " + m.parent.key() + " " + pa +
			" WHERE " + pa + ".tenant_id = ?" + pcond + ")"}, [][]any{append([]any{sc.Tenant()}, pargs...)}, false
	}
	return nil, nil, true
}

// load reads one record visible to sc; forUpdate locks its row (PostgreSQL).
func (s *Service) load(ctx context.Context, q db.Querier, sc tenant.Scope, m *meta, id int64, forUpdate bool) (Record, error) {
	vis, vargs := s.vis(m, sc, "t")
	lock := ""
	if forUpdate && q.Dialect() == db.Postgres {
		lock = " FOR UPDATE OF t"
	}
	sq := db.Tenant(q, sc.Tenant())
	rows, err := sq.Query(ctx, "SELECT "+m.selectCols+" FROM "+m.key()+" t WHERE t.tenant_id = ? AND t.id = ?"+vis+lock,
		append([]any{sq.Tenant, id}, vargs...)...)
	if err != nil {
		return Record{}, err
	}
	recs, err := m.scanRows(rows)
	if err != nil {
		return Record{}, err
	}
	if len(recs) == 0 {
		return Record{}, errs.NotFound("not_found")
	}
	return recs[0], nil
}

// mask replaces the phones of Mask fields by 138****1234 unless sc holds
// <module>.unmask.
func (s *Service) mask(sc tenant.Scope, m *meta, r *Record) {
	if len(m.masked) == 0 || sc.Can(tenant.P(m.t.Module, tenant.Unmask)) {
		return
	}
	vals := make(map[string]any, len(r.Values))
	for k, v := range r.Values {
		vals[k] = v
	}
	for _, name := range m.masked {
		if p, ok := vals[name].(string); ok && p != "" {
			vals[name] = access.MaskPhone(p)
			r.Masked = true
		}
	}
	r.Values = vals
}

// finish completes records read for sc: shares, labels, masking.
func (s *Service) finish(ctx context.Context, q db.Querier, sc tenant.Scope, m *meta, recs []Record) error {
	if len(recs) == 0 {
		return nil
	}
	if m.t.Owned {
		if err := s.loadShares(ctx, q, sc, m, recs); err != nil {
			return err
		}
	}
	if err := s.labels(ctx, q, sc, m, recs); err != nil {
		return err
	}
	for i := range recs {
		s.mask(sc, m, &recs[i])
	}
	return nil
}

// Visible is vis for a module that reads a type's table itself (an import
// naming records by code or name): " AND …" keeping the rows of t under
// alias that sc may see, or "".
func (s *Service) Visible(sc tenant.Scope, t *Type, alias string) (string, []any) {
	return s.vis(s.meta(t), sc, alias)
}
