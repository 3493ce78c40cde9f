// Package access keeps roles, their permissions and data scopes, and answers
// "what may this user do" when a session is resolved. Modules declare their
// permissions in code (tenant.ModuleDef); the role editor lists whatever is
// registered.
package access

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Module is the permission module of role administration.
const Module = "roles"

// Built-in role codes, created for every tenant.
const (
	RoleAdmin     = "admin"
	RoleManager   = "manager"
	RoleSales     = "sales"
	RoleWarehouse = "warehouse"
	RoleFinance   = "finance"
	RoleService   = "service"
	RoleReadOnly  = "readonly"
)

// BuiltinRoles lists the built-in role codes in display order.
var BuiltinRoles = []string{RoleAdmin, RoleManager, RoleSales, RoleWarehouse, RoleFinance, RoleService, RoleReadOnly}

// Role is a named set of permissions and data scopes.
type Role struct {
	ID          int64             `db:"id" json:"id"`
	Code        string            `db:"code" json:"code"`
	Name        string            `db:"name" json:"name"`
	Builtin     bool              `db:"builtin" json:"builtin"`
	MFARequired bool              `db:"mfa_required" json:"mfa_required"`
	Perms       []tenant.Perm     `db:"-" json:"permissions"`
	Scopes      map[string]string `db:"-" json:"data_scopes"`
	CreatedAt   time.Time         `db:"created_at" json:"created_at" audit:"-"`
	UpdatedAt   time.Time         `db:"updated_at" json:"updated_at" audit:"-"`
	Version     int               `db:"version" json:"version" audit:"-"`
}

// roleCode is what the role form's hint promises: letters, digits, _ and -.
var roleCode = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// Service manages roles for a tenant.
type Service struct {
	db  *db.DB
	reg *tenant.Registry
}

// New builds the service over the permission registry.
func New(d *db.DB, reg *tenant.Registry) *Service { return &Service{db: d, reg: reg} }

// Registry exposes the registered modules (for the role editor).
func (s *Service) Registry() *tenant.Registry { return s.reg }

// RoleInput is what an admin may set on a role.
type RoleInput struct {
	Code        string            `json:"code"`
	Name        string            `json:"name"`
	MFARequired bool              `json:"mfa_required"`
	Perms       []tenant.Perm     `json:"permissions"`
	Scopes      map[string]string `json:"data_scopes"`
}

func (s *Service) validate(in *RoleInput, creating bool) error {
	var c errs.Collector
	in.Code = strings.TrimSpace(in.Code)
	in.Name = strings.TrimSpace(in.Name)
	if creating {
		if in.Code == "" {
			c.Add("code", "field.required")
		} else if !roleCode.MatchString(in.Code) {
			c.Add("code", "field.invalid")
		}
	}
	if in.Name == "" {
		c.Add("name", "field.required")
	} else if len([]rune(in.Name)) > 64 {
		c.Add("name", "field.too_long", "Max", 64)
	}
	for i, p := range in.Perms {
		if !s.reg.Valid(p) {
			c.Add("permissions["+itoa(i)+"]", "roles.unknown_permission", "Perm", string(p))
		}
	}
	for m, sc := range in.Scopes {
		if _, ok := tenant.ParseDataScope(sc); !ok {
			c.Add("data_scopes."+m, "field.invalid")
		}
	}
	return c.Err()
}

// List returns the tenant's roles with their grants.
func (s *Service) List(ctx context.Context, sc tenant.Scope) ([]Role, error) {
	if !sc.Can(tenant.P(Module, tenant.View)) {
		return nil, errs.Forbidden("forbidden")
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	var roles []Role
	if err := q.Select(ctx, &roles, `SELECT id, code, name, builtin, mfa_required, created_at, updated_at, version
		FROM roles WHERE tenant_id = ? ORDER BY builtin DESC, id`, sc.Tenant()); err != nil {
		return nil, err
	}
	for i := range roles {
		if err := loadGrants(ctx, q, &roles[i]); err != nil {
			return nil, err
		}
	}
	return roles, nil
}

// Get returns one role of the caller's tenant.
func (s *Service) Get(ctx context.Context, sc tenant.Scope, id int64) (Role, error) {
	if !sc.Can(tenant.P(Module, tenant.View)) {
		return Role{}, errs.Forbidden("forbidden")
	}
	return getRole(ctx, db.Tenant(s.db.Read(), sc.Tenant()), id)
}

// getRole reads a role; inside a transaction (q wraps a *db.Tx) it locks
// the row on PostgreSQL so a concurrent edit waits.
func getRole(ctx context.Context, q db.Scoped, id int64) (Role, error) {
	lock := ""
	if _, inTx := q.Q.(*db.Tx); inTx {
		lock = db.ForUpdate(q)
	}
	var r Role
	err := q.Get(ctx, &r, `SELECT id, code, name, builtin, mfa_required, created_at, updated_at, version
		FROM roles WHERE tenant_id = ? AND id = ?`+lock, q.Tenant, id)
	if db.IsNoRows(err) {
		return Role{}, errs.NotFound("not_found")
	}
	if err != nil {
		return Role{}, err
	}
	return r, loadGrants(ctx, q, &r)
}

func loadGrants(ctx context.Context, q db.Scoped, r *Role) error {
	if err := q.Select(ctx, &r.Perms, `SELECT perm FROM role_permissions WHERE tenant_id = ? AND role_id = ? ORDER BY perm`, q.Tenant, r.ID); err != nil {
		return err
	}
	if r.Perms == nil {
		r.Perms = []tenant.Perm{}
	}
	var rows []struct {
		Module string `db:"module"`
		Scope  string `db:"scope"`
	}
	if err := q.Select(ctx, &rows, `SELECT module, scope FROM role_scopes WHERE tenant_id = ? AND role_id = ?`, q.Tenant, r.ID); err != nil {
		return err
	}
	r.Scopes = map[string]string{}
	for _, x := range rows {
		r.Scopes[x.Module] = x.Scope
	}
	return nil
}

// Create adds a custom role.
func (s *Service) Create(ctx context.Context, sc tenant.Scope, in RoleInput) (Role, error) {
	if !sc.Can(tenant.P(Module, tenant.Create)) {
		return Role{}, errs.Forbidden("forbidden")
	}
	if err := s.validate(&in, true); err != nil {
		return Role{}, err
	}
	var out Role
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		id, err := insertRole(ctx, q, in, false)
		if db.IsUniqueViolation(err) {
			return errs.Invalid(errs.Field("code", "roles.code_taken"))
		}
		if err != nil {
			return err
		}
		if out, err = getRole(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "role.create", "role", id, audit.Diff(Role{}, out)...)
	})
	return out, err
}

func insertRole(ctx context.Context, q db.Scoped, in RoleInput, builtin bool) (int64, error) {
	now := db.Now()
	id, err := db.Insert(ctx, q, `INSERT INTO roles (tenant_id, code, name, builtin, mfa_required, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1)`, q.Tenant, in.Code, in.Name, builtin, in.MFARequired, now, now)
	if err != nil {
		return 0, err
	}
	return id, writeGrants(ctx, q, id, in)
}

func writeGrants(ctx context.Context, q db.Scoped, roleID int64, in RoleInput) error {
	if _, err := q.Exec(ctx, `DELETE FROM role_permissions WHERE tenant_id = ? AND role_id = ?`, q.Tenant, roleID); err != nil {
		return err
	}
	if _, err := q.Exec(ctx, `DELETE FROM role_scopes WHERE tenant_id = ? AND role_id = ?`, q.Tenant, roleID); err != nil {
		return err
	}
	seen := map[tenant.Perm]bool{}
	for _, p := range in.Perms {
		if seen[p] {
			continue
		}
		seen[p] = true
		if _, err := q.Exec(ctx, `INSERT INTO role_permissions (tenant_id, role_id, perm) VALUES (?, ?, ?)`, q.Tenant, roleID, string(p)); err != nil {
			return err
		}
	}
	mods := make([]string, 0, len(in.Scopes))
	for m := range in.Scopes {
		mods = append(mods, m)
	}
	sort.Strings(mods)
	for _, m := range mods {
		if _, err := q.Exec(ctx, `INSERT INTO role_scopes (tenant_id, role_id, module, scope) VALUES (?, ?, ?, ?)`, q.Tenant, roleID, m, in.Scopes[m]); err != nil {
			return err
		}
	}
	return nil
}

// Update changes a role's name, MFA requirement, permissions and scopes.
// version must match the stored one. Built-in roles keep their code.
func (s *Service) Update(ctx context.Context, sc tenant.Scope, id int64, version int, in RoleInput) (Role, error) {
	if !sc.Can(tenant.P(Module, tenant.Edit)) {
		return Role{}, errs.Forbidden("forbidden")
	}
	if err := s.validate(&in, false); err != nil {
		return Role{}, err
	}
	var out Role
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		before, err := getRole(ctx, q, id)
		if err != nil {
			return err
		}
		if before.Version != version {
			return errs.Stale("stale")
		}
		if before.Code == RoleAdmin && !sameSet(before.Perms, in.Perms) {
			// The admin role always holds every permission; removing one could
			// lock every administrator out of the tenant.
			return errs.Conflict("roles.admin_fixed")
		}
		res, err := q.Exec(ctx, `UPDATE roles SET name = ?, mfa_required = ?, updated_at = ?, version = version + 1
			WHERE tenant_id = ? AND id = ? AND version = ?`, in.Name, in.MFARequired, db.Now(), q.Tenant, id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.Stale("stale")
		}
		if err := writeGrants(ctx, q, id, in); err != nil {
			return err
		}
		if out, err = getRole(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "role.update", "role", id, audit.Diff(before, out)...)
	})
	return out, err
}

// Delete removes a custom role that no user holds.
func (s *Service) Delete(ctx context.Context, sc tenant.Scope, id int64) error {
	if !sc.Can(tenant.P(Module, tenant.Delete)) {
		return errs.Forbidden("forbidden")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		r, err := getRole(ctx, q, id)
		if err != nil {
			return err
		}
		if r.Builtin {
			return errs.Conflict("roles.builtin_delete")
		}
		var n int
		if err := q.Get(ctx, &n, `SELECT count(*) FROM user_roles WHERE tenant_id = ? AND role_id = ?`, q.Tenant, id); err != nil {
			return err
		}
		if n > 0 {
			return errs.Conflict("roles.in_use", "Count", n)
		}
		for _, t := range []string{"role_permissions", "role_scopes"} {
			if _, err := q.Exec(ctx, `DELETE FROM `+t+` WHERE tenant_id = ? AND role_id = ?`, q.Tenant, id); err != nil {
				return err
			}
		}
		if _, err := q.Exec(ctx, `DELETE FROM roles WHERE tenant_id = ? AND id = ?`, q.Tenant, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "role.delete", "role", id, audit.Diff(r, Role{})...)
	})
}

func sameSet(a, b []tenant.Perm) bool {
	ma, mb := uniq(a), uniq(b)
	if len(ma) != len(mb) {
		return false
	}
	for p := range mb {
		if !ma[p] {
			return false
		}
	}
	return true
}

func uniq(ps []tenant.Perm) map[tenant.Perm]bool {
	m := map[tenant.Perm]bool{}
	for _, p := range ps {
		m[p] = true
	}
	return m
}

func itoa(i int) string {
	const d = "0123456789"
	if i < 10 {
		return d[i : i+1]
	}
	return itoa(i/10) + d[i%10:i%10+1]
}
