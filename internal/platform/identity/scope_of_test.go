package identity_test

import (
	"context"
	"slices"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/mail"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// ScopeOf gives background work the scope a session of the same user gets,
// and refuses a disabled user or a suspended tenant.
func TestScopeOf(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		cat, err := i18n.New()
		if err != nil {
			t.Fatal(err)
		}
		reg := &tenant.Registry{}
		for _, m := range append(identity.ModuleDefs(), org.ModuleDefs()...) {
			reg.Register(m)
		}
		reg.Register(tenant.ModuleDef{Key: access.Module, Actions: []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete}})
		reg.Register(tenant.ModuleDef{Key: audit.Module, Actions: []tenant.Action{tenant.View, tenant.Export}})
		acc := access.New(d, reg)
		m, _ := mail.New("", "")
		ids := identity.New(d, reg, acc, m, cat, identity.DefaultConfig())
		o := org.New(d, ids, acc, cat)
		var platform int64
		if err := d.Read().Get(ctx, &platform, `SELECT id FROM tenants WHERE code = ''`); err != nil {
			t.Fatal(err)
		}
		op := ids.SystemScope(platform, "")
		tn, err := o.CreateTenant(ctx, op, org.TenantInput{Code: "acme", Name: "Acme", AdminUsername: "boss",
			AdminPassword: "Boss-pass-2026", AdminEmail: "boss@acme.test"})
		if err != nil {
			t.Fatal(err)
		}
		res, err := ids.Login(ctx, identity.LoginInput{Tenant: "acme", Username: "boss", Password: "Boss-pass-2026", IP: "192.0.2.1"})
		if err != nil {
			t.Fatal(err)
		}
		p, err := ids.Resolve(ctx, res.Token, "192.0.2.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		admin := p.Scope
		got, err := ids.ScopeOf(ctx, tn.ID, admin.Actor())
		if err != nil {
			t.Fatalf("ScopeOf: %v", err)
		}
		if got.Tenant() != tn.ID || got.Actor() != admin.Actor() || got.ActorName() != admin.ActorName() ||
			got.Dept() != admin.Dept() || !slices.Equal(got.Perms(), admin.Perms()) || !slices.Equal(got.DeptTree(), admin.DeptTree()) ||
			got.DataScopeOf(identity.Module) != admin.DataScopeOf(identity.Module) || got.IsOperator() {
			t.Errorf("ScopeOf = %+v, want the session's %+v", got, admin)
		}

		// A sales user: fewer permissions, read now rather than remembered.
		sales, err := access.RoleIDByCode(ctx, d.Read(), tn.ID, access.RoleSales)
		if err != nil {
			t.Fatal(err)
		}
		name := "Li Lei"
		u, err := ids.Create(ctx, admin, identity.UserInput{Username: "lilei", DisplayName: &name, Password: "Lilei-pass-2026", RoleIDs: []int64{sales}})
		if err != nil {
			t.Fatal(err)
		}
		sc, err := ids.ScopeOf(ctx, tn.ID, u.ID)
		if err != nil || sc.Can(tenant.P(identity.Module, tenant.Create)) || sc.ActorName() != name {
			t.Errorf("sales scope: %v %v", sc.Perms(), err)
		}

		// Disabled: refused with a code the caller can show.
		if _, err := ids.Disable(ctx, admin, u.ID, u.Version, 0); err != nil {
			t.Fatal(err)
		}
		_, err = ids.ScopeOf(ctx, tn.ID, u.ID)
		if e, ok := errs.As(err); !ok || e.Kind != errs.KindForbidden || e.Code != "users.already_disabled" {
			t.Errorf("disabled user: %v", err)
		}
		// Another tenant's user id, or none, is not found.
		if _, err := ids.ScopeOf(ctx, platform, u.ID); errs.KindOf(err) != errs.KindNotFound {
			t.Errorf("user of another tenant: %v", err)
		}
		// A suspended tenant runs nothing.
		if _, err := o.SetTenantStatus(ctx, op, tn.ID, tn.Version, org.TenantSuspended); err != nil {
			t.Fatal(err)
		}
		if _, err := ids.ScopeOf(ctx, tn.ID, admin.Actor()); errs.KindOf(err) != errs.KindForbidden {
			t.Errorf("suspended tenant: %v", err)
		}
	})
}
