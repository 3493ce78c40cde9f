package org_test

import (
	"context"
	"testing"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/config"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

func wire(t *testing.T, d *db.DB) *app.App {
	t.Helper()
	cfg := config.Defaults()
	cfg.Data = t.TempDir()
	a, err := app.New(context.Background(), cfg, app.Options{DB: d})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// wantErr checks an error's kind and code (or, for validation, its one field's code).
func wantErr(t *testing.T, what string, err error, kind errs.Kind, code string) {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != kind {
		t.Errorf("%s: %v, want kind %d %s", what, err, kind, code)
		return
	}
	got := e.Code
	if kind == errs.KindInvalid && len(e.Fields) > 0 {
		got = e.Fields[0].Field + "=" + e.Fields[0].Code
	}
	if got != code {
		t.Errorf("%s: %s, want %s", what, got, code)
	}
}

func operator(a *app.App, t *testing.T, d *db.DB) tenant.Scope {
	var id int64
	if err := d.Read().Get(context.Background(), &id, `SELECT id FROM tenants WHERE code = ''`); err != nil {
		t.Fatal(err)
	}
	return a.IDs.SystemScope(id, "")
}

func newTenant(t *testing.T, a *app.App, op tenant.Scope, code string) org.Tenant {
	t.Helper()
	tn, err := a.Org.CreateTenant(context.Background(), op, org.TenantInput{Code: code, Name: code + " 公司",
		AdminUsername: "boss", AdminPassword: "Boss-pass-2026", AdminEmail: "boss@" + code + ".test"})
	if err != nil {
		t.Fatalf("create tenant %s: %v", code, err)
	}
	return tn
}

func TestCreateTenant(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		a := wire(t, d)
		ctx := context.Background()
		op := operator(a, t, d)
		tn := newTenant(t, a, op, "acme")
		if tn.Status != org.TenantActive || tn.Users != 1 || tn.Version != 1 {
			t.Errorf("new tenant %+v", tn)
		}
		// The first admin can sign in, sits in the company department and holds the admin role.
		res, err := a.IDs.Login(ctx, identity.LoginInput{Tenant: "acme", Username: "boss", Password: "Boss-pass-2026", IP: "192.0.2.1"})
		if err != nil {
			t.Fatalf("first admin login: %v", err)
		}
		p, err := a.IDs.Resolve(ctx, res.Token, "192.0.2.1", "test")
		if err != nil || !p.Scope.Can("users.create") || !p.Scope.Can("roles.edit") || p.Scope.IsOperator() {
			t.Fatalf("first admin scope: %v %v", p.Scope.Perms(), err)
		}
		depts, err := a.Org.Departments(ctx, p.Scope)
		if err != nil || len(depts) != 1 || depts[0].ParentID != nil || depts[0].Users != 1 {
			t.Errorf("departments of a new tenant: %+v %v", depts, err)
		}

		for _, c := range []struct {
			in   org.TenantInput
			code string
		}{
			{org.TenantInput{Code: "acme", Name: "x", AdminUsername: "boss", AdminPassword: "Boss-pass-2026"}, "code=tenants.code_taken"},
			{org.TenantInput{Code: "ACME", Name: "x", AdminUsername: "boss", AdminPassword: "Boss-pass-2026"}, "code=tenants.code_taken"},
			{org.TenantInput{Code: "a b", Name: "x", AdminUsername: "boss", AdminPassword: "Boss-pass-2026"}, "code=tenants.code_format"},
			{org.TenantInput{Code: "", Name: "x", AdminUsername: "boss", AdminPassword: "Boss-pass-2026"}, "code=field.required"},
			{org.TenantInput{Code: "weak", Name: "x", AdminUsername: "boss", AdminPassword: "short"}, "admin_password=password.too_short"},
			{org.TenantInput{Code: "badname", Name: "x", AdminUsername: "b", AdminPassword: "Boss-pass-2026"}, "admin_username=users.username_format"},
		} {
			_, err := a.Org.CreateTenant(ctx, op, c.in)
			wantErr(t, "create "+c.in.Code, err, errs.KindInvalid, c.code)
		}
		var n int
		_ = d.Read().Get(ctx, &n, `SELECT count(*) FROM tenants WHERE code IN ('weak', 'badname')`)
		if n != 0 {
			t.Error("a refused tenant was created anyway")
		}
		_, err = a.Org.CreateTenant(ctx, p.Scope, org.TenantInput{Code: "sneaky", Name: "x", AdminUsername: "boss", AdminPassword: "Boss-pass-2026"})
		wantErr(t, "a tenant admin creates a tenant", err, errs.KindForbidden, "forbidden")
		if _, err := a.Org.ListTenants(ctx, p.Scope); errs.KindOf(err) != errs.KindForbidden {
			t.Errorf("a tenant admin lists tenants: %v", err)
		}
		list, err := a.Org.ListTenants(ctx, op)
		if err != nil || len(list) != 1 || list[0].Code != "acme" {
			t.Errorf("operator's tenant list (the platform row excluded): %+v %v", list, err)
		}
		if _, err := a.Org.GetTenant(ctx, op, op.Tenant()); errs.KindOf(err) != errs.KindNotFound {
			t.Errorf("the platform itself is not a tenant to manage: %v", err)
		}

		// Suspending ends sign-in and every session of the tenant; resuming restores sign-in.
		sus, err := a.Org.SetTenantStatus(ctx, op, tn.ID, tn.Version, org.TenantSuspended)
		if err != nil || sus.Status != org.TenantSuspended {
			t.Fatalf("suspend: %+v %v", sus, err)
		}
		if _, err := a.IDs.Resolve(ctx, res.Token, "192.0.2.1", "test"); errs.KindOf(err) != errs.KindUnauthenticated {
			t.Errorf("session of a suspended tenant: %v", err)
		}
		_, err = a.IDs.Login(ctx, identity.LoginInput{Tenant: "acme", Username: "boss", Password: "Boss-pass-2026", IP: "192.0.2.1"})
		wantErr(t, "login to a suspended tenant", err, errs.KindUnauthenticated, "auth.invalid_credentials")
		_, err = a.Org.SetTenantStatus(ctx, op, tn.ID, tn.Version, org.TenantActive)
		wantErr(t, "resume with a stale version", err, errs.KindStale, "stale")
		_, err = a.Org.SetTenantStatus(ctx, op, tn.ID, sus.Version, org.TenantSuspended)
		wantErr(t, "suspend twice", err, errs.KindConflict, "tenants.status_unchanged")
		if _, err := a.Org.SetTenantStatus(ctx, op, tn.ID, sus.Version, org.TenantActive); err != nil {
			t.Fatal(err)
		}
		if _, err := a.IDs.Login(ctx, identity.LoginInput{Tenant: "acme", Username: "boss", Password: "Boss-pass-2026", IP: "192.0.2.1"}); err != nil {
			t.Errorf("login after resume: %v", err)
		}
	})
}

// The organisation tree stays a tree: no cycles, no parent from another
// tenant, the company root stays the root, and only empty nodes go.
func TestDepartmentTree(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		a := wire(t, d)
		ctx := context.Background()
		op := operator(a, t, d)
		acme, rival := newTenant(t, a, op, "acme"), newTenant(t, a, op, "rival")
		sc := a.IDs.SystemScope(acme.ID, "acme")
		rsc := a.IDs.SystemScope(rival.ID, "rival")
		rootOf := func(sc tenant.Scope) org.Department {
			ds, err := a.Org.Departments(ctx, sc)
			if err != nil {
				t.Fatal(err)
			}
			return ds[0]
		}
		root, rivalRoot := rootOf(sc), rootOf(rsc)
		mk := func(parent int64, name string) org.Department {
			dep, err := a.Org.CreateDepartment(ctx, sc, org.DeptInput{ParentID: &parent, Name: name})
			if err != nil {
				t.Fatalf("create %s: %v", name, err)
			}
			return dep
		}
		sales := mk(root.ID, "销售部")
		east := mk(sales.ID, "华东区")
		team := mk(east.ID, "一组")
		mk(root.ID, "财务部")

		tree, _ := a.Org.Departments(ctx, sc)
		var order []string
		depth := map[string]int{}
		for _, x := range tree {
			order = append(order, x.Name)
			depth[x.Name] = x.Depth
		}
		if len(order) != 5 || order[0] != "acme 公司" || depth["一组"] != 3 || depth["财务部"] != 1 {
			t.Errorf("tree %v depths %v", order, depth)
		}
		for i, x := range tree {
			for _, y := range tree[i:] {
				if x.ParentID != nil && *x.ParentID == y.ID {
					t.Errorf("%s is listed before its parent %s", x.Name, y.Name)
				}
			}
		}

		move := func(dep org.Department, parent int64) error {
			_, err := a.Org.UpdateDepartment(ctx, sc, dep.ID, dep.Version, org.DeptInput{ParentID: &parent, Name: dep.Name, Kind: dep.Kind})
			return err
		}
		wantErr(t, "move under its own grandchild", move(sales, team.ID), errs.KindInvalid, "parent_id=departments.cycle")
		wantErr(t, "move under itself", move(sales, sales.ID), errs.KindInvalid, "parent_id=departments.cycle")
		wantErr(t, "move under another tenant's root", move(sales, rivalRoot.ID), errs.KindInvalid, "parent_id=field.unknown")
		_, err := a.Org.CreateDepartment(ctx, sc, org.DeptInput{ParentID: &rivalRoot.ID, Name: "间谍"})
		wantErr(t, "create under another tenant's root", err, errs.KindInvalid, "parent_id=field.unknown")
		_, err = a.Org.CreateDepartment(ctx, sc, org.DeptInput{Name: "孤儿"})
		wantErr(t, "create without a parent", err, errs.KindInvalid, "parent_id=field.required")
		_, err = a.Org.CreateDepartment(ctx, sc, org.DeptInput{ParentID: &root.ID, Name: "x", Kind: "planet"})
		wantErr(t, "create with an unknown kind", err, errs.KindInvalid, "kind=field.invalid")
		if err := move(team, sales.ID); err != nil {
			t.Errorf("a legal move: %v", err)
		}
		_, err = a.Org.UpdateDepartment(ctx, sc, east.ID, east.Version+5, org.DeptInput{ParentID: &root.ID, Name: "x"})
		wantErr(t, "stale edit", err, errs.KindStale, "stale")

		// The root keeps its place but may be renamed.
		moved, err := a.Org.UpdateDepartment(ctx, sc, root.ID, root.Version, org.DeptInput{ParentID: &sales.ID, Name: "Acme 集团"})
		if err != nil || moved.ParentID != nil || moved.Name != "Acme 集团" {
			t.Errorf("edit the root: %+v %v", moved, err)
		}
		wantErr(t, "delete the root", a.Org.DeleteDepartment(ctx, sc, root.ID), errs.KindConflict, "departments.root")
		wantErr(t, "delete a department with children", a.Org.DeleteDepartment(ctx, sc, sales.ID), errs.KindConflict, "departments.not_empty")
		_, err = a.IDs.Create(ctx, sc, identity.UserInput{Username: "member", DisplayName: ptr("成员"), Password: "Member-pass-2026", DepartmentID: &east.ID})
		if err != nil {
			t.Fatal(err)
		}
		wantErr(t, "delete a department with a user", a.Org.DeleteDepartment(ctx, sc, east.ID), errs.KindConflict, "departments.not_empty")
		wantErr(t, "delete another tenant's department", a.Org.DeleteDepartment(ctx, rsc, team.ID), errs.KindNotFound, "not_found")
		if err := a.Org.DeleteDepartment(ctx, sc, team.ID); err != nil {
			t.Errorf("delete an empty department: %v", err)
		}
		if _, err := a.Org.Department(ctx, sc, team.ID); errs.KindOf(err) != errs.KindNotFound {
			t.Errorf("deleted department still readable: %v", err)
		}
		var audits int
		_ = d.Read().Get(ctx, &audits, `SELECT count(*) FROM audit_log WHERE tenant_id = ? AND record_type = 'department'`, acme.ID)
		if audits != 4+2+1 { // 4 creates, 2 updates (the move, the root's rename), 1 delete; refusals write nothing
			t.Errorf("%d department audit rows, want 7", audits)
		}
		// Someone without departments.* is refused.
		none := tenant.NewScope(tenant.Params{TenantID: acme.ID, ActorID: 1})
		if _, err := a.Org.Departments(ctx, none); errs.KindOf(err) != errs.KindForbidden {
			t.Errorf("departments without permission: %v", err)
		}
	})
}

func ptr[T any](v T) *T { return &v }
