package masterdata

import (
	"context"
	"fmt"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Helpers shared by the hooks. Table and column names come from the
// declarations in this package, never from input.

// taken reports whether another row of table (not except) in sc's tenant
// matches where: a uniqueness rule wider than one column, checked before
// the write so the user gets a field error (the unique index stays the
// last guard).
func exists(ctx context.Context, q db.Querier, sc tenant.Scope, table string, except int64, where string, args ...any) (bool, error) {
	var n int
	err := db.Tenant(q, sc.Tenant()).Get(ctx, &n, "SELECT count(*) FROM "+table+" WHERE tenant_id = ? AND id <> ? AND "+where,
		append([]any{sc.Tenant(), except}, args...)...)
	return n > 0, err
}

// clearFlag takes a Bool flag from every other row of table matching
// where, each change versioned and audited like an edit ("<table>.update"),
// so that exactly the saved row keeps it (one primary contact, one base
// currency).
func clearFlag(ctx context.Context, tx *db.Tx, sc tenant.Scope, table, flag string, keep int64, where string, args ...any) error {
	q := db.Tenant(tx, sc.Tenant())
	var ids []int64
	if err := q.Select(ctx, &ids, fmt.Sprintf(`SELECT id FROM %s WHERE tenant_id = ? AND %s AND id <> ? AND %s ORDER BY id`, table, flag, where),
		append([]any{sc.Tenant(), keep}, args...)...); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := q.Exec(ctx, fmt.Sprintf(`UPDATE %s SET %s = FALSE, version = version + 1, updated_at = ?, updated_by = ?
			WHERE tenant_id = ? AND id = ?`, table, flag), db.Now(), actor(sc), sc.Tenant(), id); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, sc, table+".update", table, id, audit.Change{Field: flag, Before: true, After: false}); err != nil {
			return err
		}
	}
	return nil
}

// actor is the updated_by value: NULL for the system actor (seeding, CLI).
func actor(sc tenant.Scope) any {
	if sc.Actor() == 0 {
		return nil
	}
	return sc.Actor()
}
