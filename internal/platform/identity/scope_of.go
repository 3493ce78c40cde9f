package identity

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// ScopeOf builds the scope of an active staff user for work done on the
// user's behalf without a session (background jobs): the same permissions,
// data scopes and department tree as Resolve gives a session of theirs,
// read now, so a role changed or a user disabled since the work was queued
// counts. A disabled user or a suspended tenant is errs.Forbidden
// "users.already_disabled"; an unknown user is errs.NotFound.
func (s *Service) ScopeOf(ctx context.Context, tenantID, userID int64) (tenant.Scope, error) {
	var u struct {
		Name       string `db:"display_name"`
		Status     string `db:"status"`
		Locale     string `db:"locale"`
		DeptID     *int64 `db:"department_id"`
		TenantCode string `db:"code"`
		TenantStat string `db:"tenant_status"`
	}
	err := db.Tenant(s.db.Read(), tenantID).Get(ctx, &u, `SELECT u.display_name, u.status, u.locale, u.department_id,
		t.code, t.status AS tenant_status FROM users u JOIN tenants t ON t.id = u.tenant_id
		WHERE u.tenant_id = ? AND u.id = ? AND u.kind = 'staff'`, tenantID, userID)
	if db.IsNoRows(err) {
		return tenant.Scope{}, errs.NotFound("not_found")
	}
	if err != nil {
		return tenant.Scope{}, err
	}
	if u.Status != StatusActive || u.TenantStat != "active" {
		return tenant.Scope{}, errs.Forbidden("users.already_disabled")
	}
	g, err := access.GrantsOf(ctx, s.db.Read(), tenantID, userID)
	if err != nil {
		return tenant.Scope{}, err
	}
	var dept int64
	var tree []int64
	if u.DeptID != nil {
		dept = *u.DeptID
		if tree, err = deptTree(ctx, s.db.Read(), tenantID, dept); err != nil {
			return tenant.Scope{}, err
		}
	}
	return tenant.NewScope(tenant.Params{
		TenantID: tenantID, TenantCode: u.TenantCode, ActorID: userID, ActorName: u.Name, DeptID: dept,
		Operator: u.TenantCode == "", Perms: g.Perms, Scopes: g.Scopes, DeptTree: tree, Client: "taihe-jobs", Locale: u.Locale,
	}), nil
}
