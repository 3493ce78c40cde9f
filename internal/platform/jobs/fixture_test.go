package jobs_test

import (
	"io/fs"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/jobs"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/recordtest"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// fx is the platform services a jobs test needs, with two tenants.
type fx struct {
	w     *recordtest.World
	d     *db.DB
	ids   *identity.Service
	cat   *i18n.Catalog
	admin tenant.Scope // tenant acme's admin
	other tenant.Scope // tenant beta's admin
}

func wire(t *testing.T, d *db.DB) *fx {
	t.Helper()
	w := recordtest.New(t, d, recordtest.Options{Perms: recordtest.Registry(jobs.ModuleDefs()), Locales: []fs.FS{jobs.Locales()}})
	return &fx{w: w, d: d, ids: w.IDs, cat: w.Cat,
		admin: w.CreateTenant(org.TenantInput{Code: "acme", Name: "acme"}),
		other: w.CreateTenant(org.TenantInput{Code: "beta", Name: "beta"})}
}

// user adds a user with one built-in role to the admin's tenant.
func (f *fx) user(t *testing.T, username, role string) (identity.User, tenant.Scope) {
	t.Helper()
	return f.w.AddUser(f.admin, recordtest.User{Username: username, DisplayName: username, Role: role})
}
