package jobs_test

import (
	"context"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/jobs"
	"github.com/taihe-erp/taihe/internal/platform/mail"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// fx is the platform services a jobs test needs, with two tenants.
type fx struct {
	d     *db.DB
	ids   *identity.Service
	cat   *i18n.Catalog
	op    tenant.Scope
	admin tenant.Scope // tenant acme's admin
	other tenant.Scope // tenant beta's admin
	org   *org.Service
}

func wire(t *testing.T, d *db.DB) *fx {
	t.Helper()
	ctx := context.Background()
	cat, err := i18n.New(jobs.Locales())
	if err != nil {
		t.Fatal(err)
	}
	reg := &tenant.Registry{}
	for _, m := range append(append(identity.ModuleDefs(), org.ModuleDefs()...), jobs.ModuleDefs()...) {
		reg.Register(m)
	}
	reg.Register(tenant.ModuleDef{Key: access.Module, Actions: []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete}})
	reg.Register(tenant.ModuleDef{Key: audit.Module, Actions: []tenant.Action{tenant.View, tenant.Export}})
	acc := access.New(d, reg)
	m, _ := mail.New("", "")
	f := &fx{d: d, cat: cat, ids: identity.New(d, reg, acc, m, cat, identity.DefaultConfig())}
	f.org = org.New(d, f.ids, acc, cat)
	var platform int64
	if err := d.Read().Get(ctx, &platform, `SELECT id FROM tenants WHERE code = ''`); err != nil {
		t.Fatal(err)
	}
	f.op = f.ids.SystemScope(platform, "")
	f.admin = f.tenant(t, "acme")
	f.other = f.tenant(t, "beta")
	return f
}

// tenant creates a tenant and returns its first admin's scope.
func (f *fx) tenant(t *testing.T, code string) tenant.Scope {
	t.Helper()
	ctx := context.Background()
	tn, err := f.org.CreateTenant(ctx, f.op, org.TenantInput{Code: code, Name: code, AdminUsername: "boss",
		AdminPassword: "Boss-pass-2026", AdminEmail: "boss@" + code + ".test"})
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := db.Tenant(f.d.Read(), tn.ID).Get(ctx, &id, `SELECT id FROM users WHERE tenant_id = ? AND username = 'boss'`, tn.ID); err != nil {
		t.Fatal(err)
	}
	sc, err := f.ids.ScopeOf(ctx, tn.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// user adds a user with one built-in role to the admin's tenant.
func (f *fx) user(t *testing.T, username, role string) (identity.User, tenant.Scope) {
	t.Helper()
	ctx := context.Background()
	rid, err := access.RoleIDByCode(ctx, f.d.Read(), f.admin.Tenant(), role)
	if err != nil {
		t.Fatal(err)
	}
	name := username
	u, err := f.ids.Create(ctx, f.admin, identity.UserInput{Username: username, DisplayName: &name, Password: "User-pass-2026", RoleIDs: []int64{rid}})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := f.ids.ScopeOf(ctx, f.admin.Tenant(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return u, sc
}
