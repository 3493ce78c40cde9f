package identity

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Reassignable is a record type owned by users (customers, opportunities,
// open tasks…). A module registers one so that disabling a user hands that
// user's records to someone else in the same transaction.
type Reassignable interface {
	// RecordType is a stable name, also the catalog key "reassign.<type>".
	RecordType() string
	// CountOwned counts the records the user owns.
	CountOwned(ctx context.Context, q db.Querier, tenantID, userID int64) (int, error)
	// Reassign moves them from one user to another and returns how many moved.
	Reassign(ctx context.Context, tx *db.Tx, sc tenant.Scope, from, to int64) (int, error)
}

// RegisterReassignable adds a record type; call while wiring, before serving.
func (s *Service) RegisterReassignable(r Reassignable) { s.reassign = append(s.reassign, r) }

// Owned is one record type's count for the disable dialog.
type Owned struct {
	RecordType string `json:"record_type"`
	Count      int    `json:"count"`
}

// OwnedRecords tells what a user owns, so the disable dialog can ask where it goes.
func (s *Service) OwnedRecords(ctx context.Context, sc tenant.Scope, userID int64) ([]Owned, error) {
	if _, err := s.Get(ctx, sc, userID); err != nil {
		return nil, err
	}
	out := []Owned{}
	for _, r := range s.reassign {
		n, err := r.CountOwned(ctx, s.db.Read(), sc.Tenant(), userID)
		if err != nil {
			return nil, err
		}
		out = append(out, Owned{RecordType: r.RecordType(), Count: n})
	}
	return out, nil
}

// Disable stops a user from signing in, ends their sessions and tokens, and
// reassigns every registered record type to another active user, all in one
// transaction (users.edit). to may be 0 only when the user owns nothing.
func (s *Service) Disable(ctx context.Context, sc tenant.Scope, id int64, version int, to int64) (User, error) {
	if !sc.Can(tenant.P(Module, tenant.Edit)) {
		return User{}, errs.Forbidden("forbidden")
	}
	if id == sc.Actor() {
		return User{}, errs.Conflict("users.disable_self")
	}
	var out User
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		vis, args := visibility(sc)
		// Lock only the user row: PostgreSQL refuses FOR UPDATE on the
		// nullable side of getUser's department join.
		lock := ""
		if tx.Dialect() == db.Postgres {
			lock = " FOR UPDATE OF u"
		}
		u, err := getUser(ctx, q, id, vis+lock, args...)
		if err != nil {
			return err
		}
		if u.Version != version {
			return errs.Stale("stale")
		}
		if u.Status == StatusDisabled {
			return errs.Conflict("users.already_disabled")
		}
		total := 0
		for _, r := range s.reassign {
			n, err := r.CountOwned(ctx, tx, sc.Tenant(), id)
			if err != nil {
				return err
			}
			total += n
		}
		if total > 0 || to != 0 {
			if err := checkReassignTarget(ctx, q, id, to); err != nil {
				return err
			}
		}
		for _, r := range s.reassign {
			n, err := r.Reassign(ctx, tx, sc, id, to)
			if err != nil {
				return err
			}
			if n > 0 {
				if err := audit.Record(ctx, tx, sc, "user.reassign", r.RecordType(), id,
					audit.Change{Field: "owner_id", Before: id, After: to}, audit.Change{Field: "count", Before: 0, After: n}); err != nil {
					return err
				}
			}
		}
		if _, err := q.Exec(ctx, `UPDATE users SET status = 'disabled', updated_at = ?, version = version + 1 WHERE tenant_id = ? AND id = ?`,
			db.Now(), q.Tenant, id); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `UPDATE auth_sessions SET revoked_at = ? WHERE tenant_id = ? AND user_id = ? AND revoked_at IS NULL`,
			db.Now(), q.Tenant, id); err != nil {
			return err
		}
		if out, err = getUser(ctx, q, id, ""); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "user.disable", "user", id, audit.Change{Field: "status", Before: u.Status, After: out.Status})
	})
	if err == nil {
		s.cache.purge()
	}
	return s.mask(sc, out), err
}

func checkReassignTarget(ctx context.Context, q db.Scoped, from, to int64) error {
	if to == 0 {
		return errs.Invalid(errs.Field("reassign_to", "users.reassign_required"))
	}
	if to == from {
		return errs.Invalid(errs.Field("reassign_to", "users.reassign_self"))
	}
	var status string
	err := q.Get(ctx, &status, `SELECT status FROM users WHERE tenant_id = ? AND id = ? AND kind = 'staff'`, q.Tenant, to)
	if db.IsNoRows(err) || (err == nil && status != StatusActive) {
		return errs.Invalid(errs.Field("reassign_to", "field.unknown"))
	}
	return err
}

// Enable lets a disabled user sign in again (users.edit).
func (s *Service) Enable(ctx context.Context, sc tenant.Scope, id int64, version int) (User, error) {
	if !sc.Can(tenant.P(Module, tenant.Edit)) {
		return User{}, errs.Forbidden("forbidden")
	}
	var out User
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		vis, args := visibility(sc)
		u, err := getUser(ctx, q, id, vis, args...)
		if err != nil {
			return err
		}
		if u.Version != version {
			return errs.Stale("stale")
		}
		if u.Status == StatusActive {
			return errs.Conflict("users.already_active")
		}
		if _, err := q.Exec(ctx, `UPDATE users SET status = 'active', failed_logins = 0, locked_until = NULL, updated_at = ?,
			version = version + 1 WHERE tenant_id = ? AND id = ?`, db.Now(), q.Tenant, id); err != nil {
			return err
		}
		if out, err = getUser(ctx, q, id, ""); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "user.enable", "user", id, audit.Change{Field: "status", Before: u.Status, After: out.Status})
	})
	return s.mask(sc, out), err
}
