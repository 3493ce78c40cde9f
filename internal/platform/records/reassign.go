package records

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// reassigner is the identity.Reassignable of one Owned type: disabling a
// user hands their records to another user (and that user's department).
type reassigner struct {
	s *Service
	m *meta
}

// RecordType is the type's key; the disable dialog labels it with the
// catalog key "reassign.<key>".
func (r reassigner) RecordType() string { return r.m.key() }

func (r reassigner) CountOwned(ctx context.Context, q db.Querier, tenantID, userID int64) (int, error) {
	var n int
	err := db.Tenant(q, tenantID).Get(ctx, &n, "SELECT count(*) FROM "+r.m.key()+" WHERE tenant_id = ? AND owner_id = ?", tenantID, userID)
	return n, err
}

// Reassign moves every record of from to to, with one audit row per record
// (the record's own trail shows who it went to and when).
func (r reassigner) Reassign(ctx context.Context, tx *db.Tx, sc tenant.Scope, from, to int64) (int, error) {
	q := db.Tenant(tx, sc.Tenant())
	var ids []int64
	if err := q.Select(ctx, &ids, "SELECT id FROM "+r.m.key()+" WHERE tenant_id = ? AND owner_id = ? ORDER BY id", q.Tenant, from); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	var depts []struct {
		Dept *int64 `db:"department_id"`
	}
	if err := q.Select(ctx, &depts, `SELECT department_id FROM users WHERE tenant_id = ? AND id = ?`, q.Tenant, to); err != nil {
		return 0, err
	}
	var dept any
	if len(depts) == 1 && depts[0].Dept != nil {
		dept = *depts[0].Dept
	}
	var before []struct {
		ID   int64  `db:"id"`
		Dept *int64 `db:"department_id"`
	}
	if err := q.Select(ctx, &before, "SELECT id, department_id FROM "+r.m.key()+" WHERE tenant_id = ? AND owner_id = ? ORDER BY id", q.Tenant, from); err != nil {
		return 0, err
	}
	if _, err := q.Exec(ctx, "UPDATE "+r.m.key()+` SET owner_id = ?, department_id = ?, version = version + 1, updated_at = ?, updated_by = ?
		WHERE tenant_id = ? AND owner_id = ?`, to, dept, db.Now(), db.NullID(sc.Actor()), q.Tenant, from); err != nil {
		return 0, err
	}
	for _, b := range before {
		changes := []audit.Change{{Field: "owner_id", Before: from, After: to}}
		var was any
		if b.Dept != nil {
			was = *b.Dept
		}
		if was != dept {
			changes = append(changes, audit.Change{Field: "department_id", Before: was, After: dept})
		}
		if err := audit.Record(ctx, tx, sc, r.m.key()+".reassign", r.m.key(), b.ID, changes...); err != nil {
			return 0, err
		}
	}
	return len(before), nil
}
