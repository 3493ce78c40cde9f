package org

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// checkHead accepts no head (nil or 0) or an active staff user of the
// tenant: a disabled user or a portal account cannot approve for anyone.
func checkHead(ctx context.Context, q db.Scoped, in *DeptInput, c *errs.Collector) error {
	if in.HeadUserID == nil || *in.HeadUserID == 0 {
		in.HeadUserID = nil
		return nil
	}
	var n int
	if err := q.Get(ctx, &n, `SELECT count(*) FROM users WHERE tenant_id = ? AND id = ? AND kind = 'staff' AND status = 'active'`,
		q.Tenant, *in.HeadUserID); err != nil {
		return err
	}
	if n == 0 {
		c.Add("head_user_id", "field.unknown")
	}
	return nil
}

// Person is a staff user as a choice in a form (a department head).
type Person struct {
	ID          int64  `db:"id" json:"id"`
	DisplayName string `db:"display_name" json:"display_name"`
	Username    string `db:"username" json:"username"`
}

// HeadChoices are the active staff users who may head a department, by
// name; anyone who may create or edit departments may choose among them
// without the users permission (a name is all the form shows).
func (s *Service) HeadChoices(ctx context.Context, sc tenant.Scope) ([]Person, error) {
	if !sc.Can(tenant.P(DeptModule, tenant.Create)) && !sc.Can(tenant.P(DeptModule, tenant.Edit)) {
		return nil, errs.Forbidden("forbidden")
	}
	var out []Person
	err := db.Tenant(s.db.Read(), sc.Tenant()).Select(ctx, &out, `SELECT id, display_name, username FROM users
		WHERE tenant_id = ? AND kind = 'staff' AND status = 'active' ORDER BY display_name, id LIMIT 2000`, sc.Tenant())
	return out, err
}
