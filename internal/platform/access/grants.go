package access

import (
	"context"
	"fmt"
	"sort"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Grants is what a user's roles add up to.
type Grants struct {
	Perms       []tenant.Perm
	Scopes      map[string]tenant.DataScope
	MFARequired bool
	RoleIDs     []int64
}

// GrantsOf combines the user's roles: the union of permissions and, per
// module, the widest data scope. A permission on a scoped module without an
// explicit scope means "own records" (least privilege).
func GrantsOf(ctx context.Context, q db.Querier, tenantID, userID int64) (Grants, error) {
	sq := db.Tenant(q, tenantID)
	var g Grants
	var roles []struct {
		ID  int64 `db:"id"`
		MFA bool  `db:"mfa_required"`
	}
	if err := sq.Select(ctx, &roles, `SELECT r.id, r.mfa_required FROM roles r
		JOIN user_roles ur ON ur.role_id = r.id AND ur.tenant_id = r.tenant_id
		WHERE ur.tenant_id = ? AND ur.user_id = ?`, tenantID, userID); err != nil {
		return g, err
	}
	g.Scopes = map[string]tenant.DataScope{}
	if len(roles) == 0 {
		return g, nil
	}
	for _, r := range roles {
		g.RoleIDs = append(g.RoleIDs, r.ID)
		g.MFARequired = g.MFARequired || r.MFA
	}
	if err := sq.Select(ctx, &g.Perms, `SELECT DISTINCT rp.perm FROM role_permissions rp
		JOIN user_roles ur ON ur.role_id = rp.role_id AND ur.tenant_id = rp.tenant_id
		WHERE rp.tenant_id = ? AND ur.user_id = ? ORDER BY rp.perm`, tenantID, userID); err != nil {
		return g, err
	}
	var scopes []struct {
		Module string `db:"module"`
		Scope  string `db:"scope"`
	}
	if err := sq.Select(ctx, &scopes, `SELECT rs.module, rs.scope FROM role_scopes rs
		JOIN user_roles ur ON ur.role_id = rs.role_id AND ur.tenant_id = rs.tenant_id
		WHERE rs.tenant_id = ? AND ur.user_id = ?`, tenantID, userID); err != nil {
		return g, err
	}
	for _, s := range scopes {
		if v, ok := tenant.ParseDataScope(s.Scope); ok && v > g.Scopes[s.Module] {
			g.Scopes[s.Module] = v
		}
	}
	for _, p := range g.Perms {
		if g.Scopes[p.Module()] == tenant.ScopeNone {
			g.Scopes[p.Module()] = tenant.ScopeOwn
		}
	}
	return g, nil
}

// SeedBuiltinRoles creates the built-in roles of a new tenant from the
// registry: admin gets everything, read-only every view, the others what
// each module's Defaults say. names maps a role code to its display name.
func (s *Service) SeedBuiltinRoles(ctx context.Context, tx *db.Tx, tenantID int64, names func(code string) string) (map[string]int64, error) {
	q := db.Tenant(tx, tenantID)
	ids := map[string]int64{}
	for _, code := range BuiltinRoles {
		in := RoleInput{Code: code, Name: names(code), Scopes: map[string]string{}}
		for _, m := range s.reg.Modules() {
			var acts []tenant.Action
			switch code {
			case RoleAdmin:
				acts = m.Actions
			case RoleReadOnly:
				for _, a := range m.Actions {
					if a == tenant.View {
						acts = append(acts, a)
					}
				}
			default:
				acts = m.Defaults[code]
			}
			for _, a := range acts {
				in.Perms = append(in.Perms, tenant.P(m.Key, a))
			}
			if len(acts) > 0 {
				scope := tenant.ScopeAll
				if ds, ok := m.DefaultScope[code]; ok {
					scope = ds
				}
				in.Scopes[m.Key] = scope.String()
			}
		}
		id, err := insertRole(ctx, q, in, true)
		if err != nil {
			return nil, fmt.Errorf("access: seed role %s: %w", code, err)
		}
		ids[code] = id
	}
	return ids, nil
}

// RoleIDByCode finds a role of the tenant by code (seeding, CLI).
func RoleIDByCode(ctx context.Context, q db.Querier, tenantID int64, code string) (int64, error) {
	var id int64
	err := db.Tenant(q, tenantID).Get(ctx, &id, `SELECT id FROM roles WHERE tenant_id = ? AND code = ?`, tenantID, code)
	if db.IsNoRows(err) {
		return 0, errs.NotFound("not_found")
	}
	return id, err
}

// UserRoleIDs lists the role ids a user holds, sorted.
func UserRoleIDs(ctx context.Context, q db.Querier, tenantID, userID int64) ([]int64, error) {
	var ids []int64
	err := db.Tenant(q, tenantID).Select(ctx, &ids, `SELECT role_id FROM user_roles WHERE tenant_id = ? AND user_id = ? ORDER BY role_id`, tenantID, userID)
	if ids == nil {
		ids = []int64{}
	}
	return ids, err
}

// SetUserRoles replaces a user's roles inside the caller's transaction and
// audits the before/after. The caller checks that the user is visible and
// that it holds users.edit; this checks the roles belong to the tenant and
// that the caller grants nothing it does not hold itself: a newly given role
// must not carry a permission the caller lacks (no escalation to admin).
func SetUserRoles(ctx context.Context, tx *db.Tx, sc tenant.Scope, userID int64, roleIDs []int64) error {
	q := db.Tenant(tx, sc.Tenant())
	before, err := UserRoleIDs(ctx, tx, sc.Tenant(), userID)
	if err != nil {
		return err
	}
	after := dedupe(roleIDs)
	for i, id := range after {
		var n int
		if err := q.Get(ctx, &n, `SELECT count(*) FROM roles WHERE tenant_id = ? AND id = ?`, q.Tenant, id); err != nil {
			return err
		}
		if n == 0 {
			return errs.Invalid(errs.Field(fmt.Sprintf("role_ids[%d]", i), "field.unknown"))
		}
		if containsID(before, id) {
			continue
		}
		var perms []tenant.Perm
		if err := q.Select(ctx, &perms, `SELECT perm FROM role_permissions WHERE tenant_id = ? AND role_id = ?`, q.Tenant, id); err != nil {
			return err
		}
		for _, p := range perms {
			if !sc.Can(p) {
				return errs.Invalid(errs.Field(fmt.Sprintf("role_ids[%d]", i), "roles.exceeds_own", "Perm", string(p)))
			}
		}
	}
	if equalIDs(before, after) {
		return nil
	}
	if _, err := q.Exec(ctx, `DELETE FROM user_roles WHERE tenant_id = ? AND user_id = ?`, q.Tenant, userID); err != nil {
		return err
	}
	for _, id := range after {
		if _, err := q.Exec(ctx, `INSERT INTO user_roles (tenant_id, user_id, role_id) VALUES (?, ?, ?)`, q.Tenant, userID, id); err != nil {
			return err
		}
	}
	return audit.Record(ctx, tx, sc, "user.roles", "user", userID, audit.Change{Field: "role_ids", Before: before, After: after})
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func dedupe(ids []int64) []int64 {
	m := map[int64]bool{}
	out := []int64{}
	for _, id := range ids {
		if !m[id] {
			m[id] = true
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// MaskPhone shows the first three and last four digits: 138****1234.
func MaskPhone(s string) string {
	r := []rune(s)
	if len(r) < 8 {
		if len(r) == 0 {
			return ""
		}
		return "****"
	}
	return string(r[:3]) + "****" + string(r[len(r)-4:])
}

// Masked returns v unmasked only when the scope holds module.unmask.
func Masked(sc tenant.Scope, module, v string) string {
	if sc.Can(tenant.P(module, tenant.Unmask)) {
		return v
	}
	return MaskPhone(v)
}
