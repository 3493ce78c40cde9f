package access_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

func TestMaskPhone(t *testing.T) {
	for in, want := range map[string]string{
		"13812341234":       "138****1234",
		"+86 138 1234 5678": "+86****5678",
		"010-12345678":      "010****5678",
		"1234567":           "****",
		"1":                 "****",
		"":                  "",
	} {
		if got := access.MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
	plain := tenant.NewScope(tenant.Params{TenantID: 1, Perms: []tenant.Perm{"users.view"}})
	unmask := tenant.NewScope(tenant.Params{TenantID: 1, Perms: []tenant.Perm{"users.view", "users.unmask"}})
	otherModule := tenant.NewScope(tenant.Params{TenantID: 1, Perms: []tenant.Perm{"customers.unmask"}})
	if access.Masked(plain, "users", "13812341234") != "138****1234" || access.Masked(otherModule, "users", "13812341234") != "138****1234" {
		t.Error("phone shown without users.unmask")
	}
	if access.Masked(unmask, "users", "13812341234") != "13812341234" {
		t.Error("phone masked despite users.unmask")
	}
}

type world struct {
	tenant, other int64
	user          int64
	roles         map[string]int64
}

// seed writes two tenants, roles with permissions and scopes, and a user
// holding several roles, straight into the tables GrantsOf reads.
func seed(t *testing.T, d *db.DB) world {
	t.Helper()
	ctx := context.Background()
	w := world{roles: map[string]int64{}}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		now := db.Now()
		var err error
		for _, code := range []string{"acme", "rival"} {
			id, e := db.Insert(ctx, tx, `INSERT INTO tenants (code, name, created_at, updated_at) VALUES (?, ?, ?, ?)`, code, code, now, now)
			if e != nil {
				return e
			}
			if code == "acme" {
				w.tenant = id
			} else {
				w.other = id
			}
		}
		q := db.Tenant(tx, w.tenant)
		if w.user, err = db.Insert(ctx, q, `INSERT INTO users (tenant_id, username, display_name, created_at, updated_at) VALUES (?, 'zhang', '张三', ?, ?)`, w.tenant, now, now); err != nil {
			return err
		}
		type grant struct {
			perms  []string
			scopes map[string]string
			mfa    bool
		}
		for code, g := range map[string]grant{
			"viewer":  {perms: []string{"users.view", "departments.view"}, scopes: map[string]string{"users": "own"}},
			"deptmgr": {perms: []string{"users.view", "users.edit"}, scopes: map[string]string{"users": "dept_tree"}, mfa: true},
			"noscope": {perms: []string{"customers.view"}}, // a permission without a scope
			"unused":  {perms: []string{"roles.delete"}, scopes: map[string]string{"roles": "all"}},
		} {
			id, err := db.Insert(ctx, q, `INSERT INTO roles (tenant_id, code, name, mfa_required, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
				w.tenant, code, code, g.mfa, now, now)
			if err != nil {
				return err
			}
			w.roles[code] = id
			for _, p := range g.perms {
				if _, err := q.Exec(ctx, `INSERT INTO role_permissions (tenant_id, role_id, perm) VALUES (?, ?, ?)`, w.tenant, id, p); err != nil {
					return err
				}
			}
			for m, s := range g.scopes {
				if _, err := q.Exec(ctx, `INSERT INTO role_scopes (tenant_id, role_id, module, scope) VALUES (?, ?, ?, ?)`, w.tenant, id, m, s); err != nil {
					return err
				}
			}
		}
		for _, r := range []string{"viewer", "deptmgr", "noscope"} {
			if _, err := q.Exec(ctx, `INSERT INTO user_roles (tenant_id, user_id, role_id) VALUES (?, ?, ?)`, w.tenant, w.user, w.roles[r]); err != nil {
				return err
			}
		}
		rq := db.Tenant(tx, w.other)
		id, err := db.Insert(ctx, rq, `INSERT INTO roles (tenant_id, code, name, created_at, updated_at) VALUES (?, 'admin', 'admin', ?, ?)`, w.other, now, now)
		w.roles["rival-admin"] = id
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// A user's roles add up: the union of permissions, per module the widest
// scope, "own" for a permission whose role names no scope, and MFA when
// any role requires it.
func TestGrantsOfCombinesRoles(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := seed(t, d)
		g, err := access.GrantsOf(context.Background(), d.Read(), w.tenant, w.user)
		if err != nil {
			t.Fatal(err)
		}
		wantPerms := []tenant.Perm{"customers.view", "departments.view", "users.edit", "users.view"}
		if !reflect.DeepEqual(g.Perms, wantPerms) {
			t.Errorf("perms %v, want %v", g.Perms, wantPerms)
		}
		wantScopes := map[string]tenant.DataScope{"users": tenant.ScopeDeptTree, "customers": tenant.ScopeOwn, "departments": tenant.ScopeOwn}
		if !reflect.DeepEqual(g.Scopes, wantScopes) {
			t.Errorf("scopes %v, want %v", g.Scopes, wantScopes)
		}
		if !g.MFARequired {
			t.Error("a role requiring MFA does not make the user need it")
		}
		if len(g.RoleIDs) != 3 {
			t.Errorf("role ids %v, want 3", g.RoleIDs)
		}
		// The same user id seen from another tenant holds nothing.
		g, err = access.GrantsOf(context.Background(), d.Read(), w.other, w.user)
		if err != nil || len(g.Perms) != 0 || len(g.RoleIDs) != 0 {
			t.Errorf("grants across tenants: %+v %v", g, err)
		}
	})
}

// SetUserRoles refuses a role of another tenant and changes nothing then;
// a real change is audited with the ids before and after.
func TestSetUserRoles(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := seed(t, d)
		ctx := context.Background()
		// An actor holding no permission cannot hand out a role that has some.
		weak := tenant.NewScope(tenant.Params{TenantID: w.tenant, TenantCode: "acme", ActorID: w.user, ActorName: "张三"})
		err := d.InTx(ctx, func(tx *db.Tx) error {
			return access.SetUserRoles(ctx, tx, weak, w.user, []int64{w.roles["unused"]})
		})
		if e, ok := errs.As(err); !ok || e.Fields[0].Code != "roles.exceeds_own" {
			t.Fatalf("granting beyond one's own permissions: %v, want roles.exceeds_own", err)
		}
		var all []tenant.Perm
		if err := d.Read().Select(ctx, &all, `SELECT DISTINCT perm FROM role_permissions WHERE tenant_id = ?`, w.tenant); err != nil {
			t.Fatal(err)
		}
		sc := tenant.NewScope(tenant.Params{TenantID: w.tenant, TenantCode: "acme", ActorID: w.user, ActorName: "张三", Perms: all})
		err = d.InTx(ctx, func(tx *db.Tx) error {
			return access.SetUserRoles(ctx, tx, sc, w.user, []int64{w.roles["viewer"], w.roles["rival-admin"]})
		})
		if e, ok := errs.As(err); !ok || e.Kind != errs.KindInvalid || e.Fields[0].Field != "role_ids[1]" {
			t.Fatalf("another tenant's role: %v, want role_ids[1] invalid", err)
		}
		before, _ := access.UserRoleIDs(ctx, d.Read(), w.tenant, w.user)
		if len(before) != 3 {
			t.Errorf("roles after a refused change: %v", before)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			return access.SetUserRoles(ctx, tx, sc, w.user, []int64{w.roles["unused"], w.roles["viewer"], w.roles["unused"]})
		})
		if err != nil {
			t.Fatal(err)
		}
		after, _ := access.UserRoleIDs(ctx, d.Read(), w.tenant, w.user)
		want := []int64{w.roles["viewer"], w.roles["unused"]}
		if want[0] > want[1] {
			want[0], want[1] = want[1], want[0]
		}
		if !reflect.DeepEqual(after, want) {
			t.Errorf("roles %v, want %v (deduplicated, sorted)", after, want)
		}
		var changes string
		if err := d.Read().Get(ctx, &changes, `SELECT changes FROM audit_log WHERE tenant_id = ? AND action = 'user.roles'`, w.tenant); err != nil {
			t.Fatalf("user.roles audit row: %v", err)
		}
		if changes == "" {
			t.Error("user.roles audit row without changes")
		}
		// Setting the same roles again is no change and writes no row.
		if err := d.InTx(ctx, func(tx *db.Tx) error { return access.SetUserRoles(ctx, tx, sc, w.user, want) }); err != nil {
			t.Fatal(err)
		}
		var n int
		_ = d.Read().Get(ctx, &n, `SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'user.roles'`, w.tenant)
		if n != 1 {
			t.Errorf("%d user.roles rows, want 1", n)
		}
	})
}
