package approval

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Choice is one role or user a level may name.
type Choice struct {
	Value string `db:"value" json:"value"` // role code, or user id
	Label string `db:"label" json:"label"`
}

// Choices are what the rule editor offers for levels: the tenant's roles
// and its active staff users. Requires approvals.configure (the editor
// needs names, not the users or roles permissions).
func (s *Service) Choices(ctx context.Context, sc tenant.Scope) (roles, users []Choice, err error) {
	if !sc.Can(configure) {
		return nil, nil, errs.Forbidden("forbidden")
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	if err = q.Select(ctx, &roles, `SELECT code AS value, name AS label FROM roles WHERE tenant_id = ? ORDER BY builtin DESC, id`,
		q.Tenant); err != nil {
		return nil, nil, err
	}
	err = q.Select(ctx, &users, `SELECT CAST(id AS TEXT) AS value, display_name || ' (' || username || ')' AS label FROM users
		WHERE tenant_id = ? AND kind = 'staff' AND status = 'active' ORDER BY display_name, id LIMIT 2000`, q.Tenant)
	return roles, users, err
}
