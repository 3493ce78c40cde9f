package identity

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// BootstrapUser creates a user with roles inside the caller's transaction,
// without a permission check: it is for a new tenant's first admin (the
// operator's CreateTenant), the demo seed and the recovery CLI. The password
// policy still applies. sc is the acting scope written to the audit trail
// (the operator, or a system scope of the tenant).
func (s *Service) BootstrapUser(ctx context.Context, tx *db.Tx, sc tenant.Scope, tenantID int64, in UserInput) (int64, error) {
	if err := s.EnsurePolicy(ctx, tx, tenantID); err != nil {
		return 0, err
	}
	q := db.Tenant(tx, tenantID)
	var c errs.Collector
	s.validateUser(ctx, q, &in, true, &c)
	if err := c.Err(); err != nil {
		return 0, err
	}
	pol, err := loadPolicy(ctx, tx, tenantID)
	if err != nil {
		return 0, err
	}
	if err := checkStrength(pol, "admin_password", in.Password); err != nil {
		return 0, err
	}
	id, err := insertUser(ctx, q, in, HashPassword(in.Password))
	if db.IsUniqueViolation(err) {
		return 0, errs.Invalid(errs.Field("username", "users.username_taken"))
	}
	if err != nil {
		return 0, err
	}
	for _, r := range in.RoleIDs {
		if _, err := q.Exec(ctx, `INSERT INTO user_roles (tenant_id, user_id, role_id) VALUES (?, ?, ?)`, tenantID, id, r); err != nil {
			return 0, err
		}
	}
	// Written in the new user's tenant, naming the acting operator or system.
	return id, audit.Write(ctx, tx, audit.Event{TenantID: tenantID, ActorID: actorIn(sc, tenantID), ActorName: sc.ActorName(),
		IP: sc.IP(), Client: sc.Client(), Action: "user.create", RecordType: "user", RecordID: id,
		Changes: []audit.Change{{Field: "username", After: in.Username}, {Field: "role_ids", After: in.RoleIDs}}})
}

// actorIn is the actor id to record in tenantID: an operator's user id
// belongs to the platform tenant, so it is not written as a user of another.
func actorIn(sc tenant.Scope, tenantID int64) int64 {
	if sc.Tenant() != tenantID {
		return 0
	}
	return sc.Actor()
}

// EnsurePolicy creates the tenant's default security policy if missing.
func (s *Service) EnsurePolicy(ctx context.Context, tx *db.Tx, tenantID int64) error {
	var n int
	if err := db.Tenant(tx, tenantID).Get(ctx, &n, `SELECT count(*) FROM security_policies WHERE tenant_id = ?`, tenantID); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	return insertPolicy(ctx, tx, tenantID)
}

// SystemScope is the actor for CLI recovery commands and seeding: every
// registered permission in one tenant, audited as "system".
func (s *Service) SystemScope(tenantID int64, code string) tenant.Scope {
	return tenant.NewScope(tenant.Params{TenantID: tenantID, TenantCode: code, ActorName: "system", Perms: s.reg.All(),
		Scopes: allScopes(s.reg), Client: "taihe-cli", Operator: code == ""})
}

func allScopes(reg *tenant.Registry) map[string]tenant.DataScope {
	m := map[string]tenant.DataScope{}
	for _, md := range reg.Modules() {
		m[md.Key] = tenant.ScopeAll
	}
	return m
}

// AccessService exposes the roles service (for wiring).
func (s *Service) AccessService() *access.Service { return s.access }
