package records

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Delete removes a record at version that nothing refers to (409
// "records.in_use" with the reason otherwise), with its shares, duplicate
// keys and attachments. Version 0 skips the version check. Dictionary
// items are never deleted (409 "records.dict_no_delete": deactivate them).
// Requires <module>.delete.
func (s *Service) Delete(ctx context.Context, sc tenant.Scope, t *Type, id int64, version int) error {
	if err := allow(sc, t, tenant.Delete); err != nil {
		return err
	}
	m := s.meta(t)
	if m.t == DictItems {
		return errs.Conflict("records.dict_no_delete")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := s.load(ctx, tx, sc, m, id, true)
		if err != nil {
			return err
		}
		if version != 0 && old.Version != version {
			return errs.Stale("stale")
		}
		q := db.Tenant(tx, sc.Tenant())
		if err := s.inUse(ctx, q, sc, m, id); err != nil {
			return err
		}
		if hook := m.t.Hooks.InUse; hook != nil {
			why, err := hook(ctx, tx, sc, id)
			if err != nil {
				return err
			}
			if why != "" {
				return errs.Conflict("records.in_use", "Reason", s.t(sc.Locale(), why, nil))
			}
		}
		for _, stmt := range []string{
			"DELETE FROM record_shares WHERE tenant_id = ? AND record_type = ? AND record_id = ?",
			"DELETE FROM record_keys WHERE tenant_id = ? AND record_type = ? AND record_id = ?",
			"DELETE FROM attachments WHERE tenant_id = ? AND record_type = ? AND record_id = ?",
		} {
			if _, err := q.Exec(ctx, stmt, q.Tenant, m.key(), id); err != nil {
				return err
			}
		}
		if _, err := q.Exec(ctx, "DELETE FROM "+m.key()+" WHERE tenant_id = ? AND id = ?", q.Tenant, id); err != nil {
			return err
		}
		var changes []audit.Change
		for _, f := range m.fields {
			if v := old.Values[f.Name]; !isEmpty(v) {
				changes = append(changes, audit.Change{Field: f.Name, Before: v})
			}
		}
		if m.t.Owned && old.OwnerID != 0 {
			changes = append(changes, audit.Change{Field: "owner_id", Before: old.OwnerID})
		}
		return audit.Record(ctx, tx, sc, m.key()+".delete", m.key(), id, changes...)
	})
}

// inUse refuses deleting a record that a Ref field of any registered type
// points to (children, tree children, references).
func (s *Service) inUse(ctx context.Context, q db.Scoped, sc tenant.Scope, m *meta, id int64) error {
	for _, ref := range m.refsIn {
		var ids []int64
		if err := q.Select(ctx, &ids, "SELECT id FROM "+ref.m.key()+" WHERE tenant_id = ? AND "+ref.field+" = ? LIMIT 1",
			q.Tenant, id); err != nil {
			return err
		}
		if len(ids) > 0 {
			loc := sc.Locale()
			label := ref.m.t.Plural
			if label == "" {
				label = ref.m.key()
			}
			return errs.Conflict("records.in_use", "Reason",
				s.t(loc, "records.used_by", map[string]any{"Type": s.t(loc, label, nil)}))
		}
	}
	return nil
}
