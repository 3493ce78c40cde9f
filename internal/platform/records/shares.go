package records

import (
	"context"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// writeShares stores who a record is shared with (users and departments)
// in one statement.
func (s *Service) writeShares(ctx context.Context, q db.Scoped, m *meta, id int64, users, depts []int64) error {
	if len(users)+len(depts) == 0 {
		return nil
	}
	var sb strings.Builder
	sb.WriteString("INSERT INTO record_shares (tenant_id, record_type, record_id, user_id, department_id) VALUES ")
	args := make([]any, 0, 5*(len(users)+len(depts)))
	n := 0
	add := func(user, dept any) {
		if n > 0 {
			sb.WriteString(", ")
		}
		n++
		sb.WriteString("(?, ?, ?, ?, ?)")
		args = append(args, q.Tenant, m.key(), id, user, dept)
	}
	for _, u := range users {
		add(u, nil)
	}
	for _, d := range depts {
		add(nil, d)
	}
	_, err := q.Exec(ctx, sb.String(), args...)
	return err
}

// loadShares fills SharedUsers and SharedDepts of recs with one query.
func (s *Service) loadShares(ctx context.Context, q db.Querier, sc tenant.Scope, m *meta, recs []Record) error {
	sq := db.Tenant(q, sc.Tenant())
	ids := make([]any, 0, len(recs))
	at := make(map[int64]int, len(recs))
	for i, r := range recs {
		ids = append(ids, r.ID)
		at[r.ID] = i
	}
	in, ids := padded(ids)
	var rows []struct {
		Record int64  `db:"record_id"`
		User   *int64 `db:"user_id"`
		Dept   *int64 `db:"department_id"`
	}
	if err := sq.Select(ctx, &rows, `SELECT record_id, user_id, department_id FROM record_shares
		WHERE tenant_id = ? AND record_type = ? AND record_id IN (`+in+`) ORDER BY user_id, department_id`,
		append([]any{sq.Tenant, m.key()}, ids...)...); err != nil {
		return err
	}
	for i := range recs {
		recs[i].SharedUsers, recs[i].SharedDepts = []int64{}, []int64{}
	}
	for _, r := range rows {
		rec := &recs[at[r.Record]]
		if r.User != nil {
			rec.SharedUsers = append(rec.SharedUsers, *r.User)
		}
		if r.Dept != nil {
			rec.SharedDepts = append(rec.SharedDepts, *r.Dept)
		}
	}
	return nil
}

func placeholders(n int) string { return db.Placeholders(n) }

// padded pads an IN list to the next power of two by repeating its last
// value, so the read pool's prepared-statement cache (bounded, keyed by the
// SQL text) sees a handful of statement shapes instead of one per length.
func padded(vals []any) (string, []any) {
	n := 1
	for n < len(vals) {
		n *= 2
	}
	out := make([]any, n)
	copy(out, vals)
	for i := len(vals); i < n; i++ {
		out[i] = vals[len(vals)-1]
	}
	return placeholders(n), out
}
