package identity

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// ChangePassword lets the caller change their own password; the other
// sessions end, the current one stays.
func (s *Service) ChangePassword(ctx context.Context, p Principal, current, next string) error {
	sc := p.Scope
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var u secrets
		if err := db.Tenant(tx, sc.Tenant()).Get(ctx, &u, `SELECT `+secretCols+` FROM users WHERE tenant_id = ? AND id = ?`,
			sc.Tenant(), sc.Actor()); err != nil {
			return err
		}
		if !VerifyPassword(u.PasswordHash, current) {
			return errs.Invalid(errs.Field("current_password", "password.wrong"))
		}
		if err := s.setPassword(ctx, tx, sc.Tenant(), u.ID, "new_password", next, p.SessionID, false); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "password.change", "user", u.ID)
	})
}

// SetPassword is an administrator setting another user's password
// (users.edit); all of that user's sessions end.
func (s *Service) SetPassword(ctx context.Context, sc tenant.Scope, userID int64, next string) error {
	if !sc.Can(tenant.P(Module, tenant.Edit)) {
		return errs.Forbidden("forbidden")
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		vis, args := visibility(sc)
		if _, err := getUser(ctx, db.Tenant(tx, sc.Tenant()), userID, vis, args...); err != nil {
			return err
		}
		if err := s.setPassword(ctx, tx, sc.Tenant(), userID, "password", next, 0, true); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "password.set", "user", userID)
	})
	if err == nil {
		s.cache.purge()
	}
	return err
}

// setPassword applies the policy (strength and history), stores the hash,
// clears any lockout and revokes sessions other than keep. When the old
// password may be known to someone else (an admin set it, or it was reset
// by mail) the personal API tokens are revoked too; a voluntary change
// keeps them, as they are credentials of their own.
func (s *Service) setPassword(ctx context.Context, tx *db.Tx, tenantID, userID int64, field, pw string, keep int64, tokens bool) error {
	pol, err := loadPolicy(ctx, tx, tenantID)
	if err != nil {
		return err
	}
	if err := checkStrength(pol, field, pw); err != nil {
		return err
	}
	q := db.Tenant(tx, tenantID)
	if pol.History > 0 {
		var old []string
		if err := q.Select(ctx, &old, `SELECT hash FROM password_history WHERE tenant_id = ? AND user_id = ? ORDER BY id DESC LIMIT ?`,
			tenantID, userID, pol.History); err != nil {
			return err
		}
		for _, h := range old {
			if VerifyPassword(h, pw) {
				return errs.Invalid(errs.Field(field, "password.reused", "Count", pol.History))
			}
		}
	}
	hash, now := HashPassword(pw), db.Now()
	if _, err := q.Exec(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ?, failed_logins = 0, locked_until = NULL,
		updated_at = ?, version = version + 1 WHERE tenant_id = ? AND id = ?`, hash, now, now, tenantID, userID); err != nil {
		return err
	}
	if _, err := q.Exec(ctx, `INSERT INTO password_history (tenant_id, user_id, hash, created_at) VALUES (?, ?, ?, ?)`,
		tenantID, userID, hash, now); err != nil {
		return err
	}
	kinds := "'session'"
	if tokens {
		kinds = "'session', 'api'"
	}
	if _, err := q.Exec(ctx, `UPDATE auth_sessions SET revoked_at = ? WHERE tenant_id = ? AND user_id = ? AND kind IN (`+kinds+`)
		AND revoked_at IS NULL AND id <> ?`, now, tenantID, userID, keep); err != nil {
		return err
	}
	s.cache.purge()
	return nil
}
