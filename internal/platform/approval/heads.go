package approval

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

// deptHead is the approver of a "department head" level: the head of the
// submitter's department, or, when the submitter heads it themselves, the
// head of the department above (and so on up, for someone heading several
// levels). A department without a head, or a head who is no longer an
// active staff user, gives nobody: the submission is refused
// (approval.no_approvers) rather than silently skipping the level.
func deptHead(ctx context.Context, q db.Scoped, submitter int64) ([]int64, error) {
	var dept *int64
	if err := q.Get(ctx, &dept, `SELECT department_id FROM users WHERE tenant_id = ? AND id = ?`, q.Tenant, submitter); err != nil {
		if db.IsNoRows(err) {
			return nil, nil
		}
		return nil, err
	}
	// A tree is shallow; the bound only guards against a corrupt cycle.
	for i := 0; dept != nil && i < 64; i++ {
		var d struct {
			Parent *int64 `db:"parent_id"`
			Head   *int64 `db:"head_user_id"`
		}
		if err := q.Get(ctx, &d, `SELECT parent_id, head_user_id FROM departments WHERE tenant_id = ? AND id = ?`, q.Tenant, *dept); err != nil {
			return nil, err
		}
		if d.Head == nil {
			return nil, nil
		}
		if *d.Head != submitter {
			var ids []int64
			err := q.Select(ctx, &ids, `SELECT id FROM users WHERE tenant_id = ? AND id = ? AND status = 'active' AND kind = 'staff'`,
				q.Tenant, *d.Head)
			return ids, err
		}
		dept = d.Parent
	}
	return nil, nil
}
