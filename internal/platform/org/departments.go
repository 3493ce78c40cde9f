package org

import (
	"context"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// DeptModule is the permission module of the organisation tree.
const DeptModule = "departments"

// Department kinds.
var DeptKinds = []string{"company", "department", "branch", "team"}

// ModuleDefs are the permissions org registers.
func ModuleDefs() []tenant.ModuleDef {
	return []tenant.ModuleDef{{Key: DeptModule, Actions: []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete},
		Defaults: map[string][]tenant.Action{"manager": {tenant.View}}}}
}

// Department is one node of the organisation tree.
type Department struct {
	ID       int64  `db:"id" json:"id"`
	ParentID *int64 `db:"parent_id" json:"parent_id"`
	Name     string `db:"name" json:"name"`
	Kind     string `db:"kind" json:"kind"`
	Sort     int    `db:"sort" json:"sort"`
	// HeadUserID is the department head: the approver of "department head"
	// approval levels for the department's people.
	HeadUserID *int64    `db:"head_user_id" json:"head_user_id"`
	HeadName   string    `db:"head_name" json:"head_name" audit:"-"`
	Users      int       `db:"users" json:"users" audit:"-"`
	Depth      int       `db:"-" json:"depth" audit:"-"`
	CreatedAt  time.Time `db:"created_at" json:"created_at" audit:"-"`
	UpdatedAt  time.Time `db:"updated_at" json:"updated_at" audit:"-"`
	Version    int       `db:"version" json:"version" audit:"-"`
}

// DeptInput is what an admin sets.
type DeptInput struct {
	ParentID *int64 `json:"parent_id"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Sort     int    `json:"sort"`
	// HeadUserID is an active staff user of the tenant, or nil for none.
	HeadUserID *int64 `json:"head_user_id,omitempty"`
}

const deptColsNoCount = `d.id, d.parent_id, d.name, d.kind, d.sort, d.head_user_id, d.created_at, d.updated_at, d.version,
	COALESCE((SELECT h.display_name FROM users h WHERE h.tenant_id = d.tenant_id AND h.id = d.head_user_id), '') AS head_name`

const deptCols = deptColsNoCount + `,
	(SELECT count(*) FROM users u WHERE u.tenant_id = d.tenant_id AND u.department_id = d.id) AS users`

// Departments returns the tree in display order (parents before children,
// each with its depth) with the number of people in each department.
func (s *Service) Departments(ctx context.Context, sc tenant.Scope) ([]Department, error) {
	return s.tree(ctx, sc, deptCols)
}

// DepartmentOptions is the tree without head counts, for filters and
// selects: counting every department's people costs a scan of all users.
func (s *Service) DepartmentOptions(ctx context.Context, sc tenant.Scope) ([]Department, error) {
	return s.tree(ctx, sc, deptColsNoCount)
}

func (s *Service) tree(ctx context.Context, sc tenant.Scope, cols string) ([]Department, error) {
	if !sc.Can(tenant.P(DeptModule, tenant.View)) {
		return nil, errs.Forbidden("forbidden")
	}
	var all []Department
	if err := db.Tenant(s.db.Read(), sc.Tenant()).Select(ctx, &all, `SELECT `+cols+` FROM departments d
		WHERE d.tenant_id = ? ORDER BY d.sort, d.id`, sc.Tenant()); err != nil {
		return nil, err
	}
	children := map[int64][]Department{}
	var roots []Department
	for _, d := range all {
		if d.ParentID == nil {
			roots = append(roots, d)
		} else {
			children[*d.ParentID] = append(children[*d.ParentID], d)
		}
	}
	out := make([]Department, 0, len(all))
	var walk func(ds []Department, depth int)
	walk = func(ds []Department, depth int) {
		for _, d := range ds {
			d.Depth = depth
			out = append(out, d)
			walk(children[d.ID], depth+1)
		}
	}
	walk(roots, 0)
	return out, nil
}

func getDept(ctx context.Context, q db.Scoped, id int64) (Department, error) {
	var d Department
	err := q.Get(ctx, &d, `SELECT `+deptCols+` FROM departments d WHERE d.tenant_id = ? AND d.id = ?`, q.Tenant, id)
	if db.IsNoRows(err) {
		return Department{}, errs.NotFound("not_found")
	}
	return d, err
}

// Department returns one node.
func (s *Service) Department(ctx context.Context, sc tenant.Scope, id int64) (Department, error) {
	if !sc.Can(tenant.P(DeptModule, tenant.View)) {
		return Department{}, errs.Forbidden("forbidden")
	}
	return getDept(ctx, db.Tenant(s.db.Read(), sc.Tenant()), id)
}

func (s *Service) validateDept(ctx context.Context, q db.Scoped, id int64, in *DeptInput) error {
	var c errs.Collector
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		c.Add("name", "field.required")
	} else if len([]rune(in.Name)) > 64 {
		c.Add("name", "field.too_long", "Max", 64)
	}
	if in.Kind == "" {
		in.Kind = "department"
	}
	ok := false
	for _, k := range DeptKinds {
		ok = ok || k == in.Kind
	}
	if !ok {
		c.Add("kind", "field.invalid")
	}
	if err := checkHead(ctx, q, in, &c); err != nil {
		return err
	}
	if in.ParentID == nil || *in.ParentID == 0 {
		c.Add("parent_id", "field.required")
	} else {
		// The parent must exist in this tenant and must not be the node
		// itself or below it (no cycles).
		var ids []int64
		if err := q.Select(ctx, &ids, `WITH RECURSIVE up(id, parent_id) AS (
			SELECT id, parent_id FROM departments WHERE tenant_id = ? AND id = ?
			UNION ALL SELECT d.id, d.parent_id FROM departments d JOIN up ON d.id = up.parent_id WHERE d.tenant_id = ?)
			SELECT id FROM up`, q.Tenant, *in.ParentID, q.Tenant); err != nil {
			return err
		}
		if len(ids) == 0 {
			c.Add("parent_id", "field.unknown")
		}
		for _, x := range ids {
			if id != 0 && x == id {
				c.Add("parent_id", "departments.cycle")
				break
			}
		}
	}
	return c.Err()
}

// CreateDepartment adds a node under a parent (departments.create).
func (s *Service) CreateDepartment(ctx context.Context, sc tenant.Scope, in DeptInput) (Department, error) {
	if !sc.Can(tenant.P(DeptModule, tenant.Create)) {
		return Department{}, errs.Forbidden("forbidden")
	}
	var out Department
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		if err := s.validateDept(ctx, q, 0, &in); err != nil {
			return err
		}
		now := db.Now()
		id, err := db.Insert(ctx, q, `INSERT INTO departments (tenant_id, parent_id, name, kind, sort, head_user_id, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`, q.Tenant, *in.ParentID, in.Name, in.Kind, in.Sort, in.HeadUserID, now, now)
		if err != nil {
			return err
		}
		if out, err = getDept(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "department.create", "department", id, audit.Diff(Department{}, out)...)
	})
	return out, err
}

// UpdateDepartment renames or moves a node (departments.edit).
func (s *Service) UpdateDepartment(ctx context.Context, sc tenant.Scope, id int64, version int, in DeptInput) (Department, error) {
	if !sc.Can(tenant.P(DeptModule, tenant.Edit)) {
		return Department{}, errs.Forbidden("forbidden")
	}
	var out Department
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		before, err := getDept(ctx, q, id)
		if err != nil {
			return err
		}
		if before.Version != version {
			return errs.Stale("stale")
		}
		if before.ParentID == nil {
			// The company root stays the root; only its name may change.
			in.ParentID, in.Kind = nil, before.Kind
			in.Name = strings.TrimSpace(in.Name)
			var c errs.Collector
			if in.Name == "" {
				c.Add("name", "field.required")
			}
			if err := checkHead(ctx, q, &in, &c); err != nil {
				return err
			}
			if err := c.Err(); err != nil {
				return err
			}
		} else if err := s.validateDept(ctx, q, id, &in); err != nil {
			return err
		}
		res, err := q.Exec(ctx, `UPDATE departments SET parent_id = ?, name = ?, kind = ?, sort = ?, head_user_id = ?, updated_at = ?,
			version = version + 1 WHERE tenant_id = ? AND id = ? AND version = ?`, in.ParentID, in.Name, in.Kind, in.Sort, in.HeadUserID,
			db.Now(), q.Tenant, id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.Stale("stale")
		}
		if out, err = getDept(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "department.update", "department", id, audit.Diff(before, out)...)
	})
	if err == nil {
		s.ids.PurgeCache()
	}
	return out, err
}

// DeleteDepartment removes an empty node (no children, no users).
func (s *Service) DeleteDepartment(ctx context.Context, sc tenant.Scope, id int64) error {
	if !sc.Can(tenant.P(DeptModule, tenant.Delete)) {
		return errs.Forbidden("forbidden")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		d, err := getDept(ctx, q, id)
		if err != nil {
			return err
		}
		if d.ParentID == nil {
			return errs.Conflict("departments.root")
		}
		var kids int
		if err := q.Get(ctx, &kids, `SELECT count(*) FROM departments WHERE tenant_id = ? AND parent_id = ?`, q.Tenant, id); err != nil {
			return err
		}
		if kids > 0 || d.Users > 0 {
			return errs.Conflict("departments.not_empty")
		}
		if _, err := q.Exec(ctx, `DELETE FROM departments WHERE tenant_id = ? AND id = ?`, q.Tenant, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "department.delete", "department", id, audit.Diff(d, Department{})...)
	})
}
