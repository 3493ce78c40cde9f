package recordio_test

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/jobs"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/recordio"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/recordtest"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// The request log and the engine's notes would bury a failure's output.
func TestMain(m *testing.M) { recordtest.Main(m, slog.LevelError) }

//go:embed testdata/migrations/*.sql
var migrationFiles embed.FS

//go:embed testdata/locales/*.toml
var localeFiles embed.FS

// migrations are what the tests need beyond the platform's tables.
func migrations() []db.MigrationSet {
	return []db.MigrationSet{records.MigrationSet(), jobs.MigrationSet(), recordio.MigrationSet(),
		{Module: "recordio_test", FS: recordtest.Sub(migrationFiles, "testdata/migrations")}}
}

const gadgetsModule = "gadgets"

// groupsType is a tree of groups by code.
func groupsType() *records.Type {
	return &records.Type{Key: "gadget_groups", Path: "gadget-groups", Module: gadgetsModule, Label: "gadget_groups.one",
		Plural: "gadget_groups.title", Parent: "parent_id", MaxDepth: 3,
		Fields: []records.Field{
			{Name: "code", Kind: records.Code, Required: true, MaxLen: 20, List: true, Example: "G01"},
			{Name: "name", Kind: records.Text, Required: true, MaxLen: 50, List: true, Example: "华东区"},
			{Name: "parent_id", Kind: records.Ref, Ref: "gadget_groups", Filter: true},
		}}
}

// gadgetsType resembles customers: owned, a field of most kinds.
func gadgetsType() *records.Type {
	zero := int64(0)
	return &records.Type{Key: "gadgets", Path: "gadgets", Module: gadgetsModule, Label: "gadgets.one", Plural: "gadgets.title", Owned: true,
		Fields: []records.Field{
			{Name: "code", Kind: records.Code, Required: true, MaxLen: 32, Search: true, List: true, Sort: true, Example: "C0001"},
			{Name: "name", Kind: records.Text, Required: true, MaxLen: 100, Search: true, Duplicate: true, List: true, Sort: true,
				Example: "杭州示例科技有限公司"},
			{Name: "kind", Kind: records.Enum, Required: true, Values: []string{"individual", "organisation"}, Default: "organisation", Filter: true},
			{Name: "phone", Kind: records.Phone, Mask: true, Search: true},
			{Name: "email", Kind: records.Email},
			{Name: "credit", Kind: records.Decimal, Min: &zero, Range: true},
			{Name: "since", Kind: records.Date, Range: true},
			{Name: "vip", Kind: records.Bool, Filter: true},
			{Name: "source", Kind: records.Dict, Dict: "gadget_source", Filter: true},
			{Name: "tags", Kind: records.Tags, Dict: "gadget_tag", Filter: true},
			{Name: "group_id", Kind: records.Ref, Ref: "gadget_groups", Filter: true},
			{Name: "rep_id", Kind: records.User},
			{Name: "notes", Kind: records.LongText},
		}}
}

func gadgetDicts() []records.Dictionary {
	return []records.Dictionary{
		{Key: "gadget_source", Items: []records.DictItem{{Code: "web"}, {Code: "fair"}}},
		{Key: "gadget_tag", Items: []records.DictItem{{Code: "vip"}, {Code: "new"}}},
	}
}

// gadgets is the test types' module: salesmen see their own records.
var gadgets = tenant.ModuleDef{Key: gadgetsModule, Scoped: true,
	Actions:      []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete, tenant.Export, tenant.Unmask},
	Defaults:     map[string][]tenant.Action{access.RoleSales: {tenant.View, tenant.Create, tenant.Edit, tenant.Export}},
	DefaultScope: map[string]tenant.DataScope{access.RoleSales: tenant.ScopeOwn}}

// env is the services over one database: tenant acme with an admin, two
// salesmen (own records only) and a read-only user, and tenant beta with
// its admin.
type env struct {
	t                              testing.TB
	w                              *recordtest.World
	d                              *db.DB
	cat                            *i18n.Catalog
	ids                            *identity.Service
	org                            *org.Service
	rec                            *records.Service
	jobs                           *jobs.Service
	io                             *recordio.Service
	gadgets, groups                *records.Type
	op                             tenant.Scope
	admin, seller, seller2, viewer tenant.Scope
	rival                          tenant.Scope
}

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	e := &env{t: t, d: d, gadgets: gadgetsType(), groups: groupsType()}
	w := recordtest.New(t, d, recordtest.Options{
		Perms:   recordtest.Registry(jobs.ModuleDefs(), records.ModuleDefs(), []tenant.ModuleDef{gadgets}),
		Locales: []fs.FS{records.Locales(), recordio.Locales(), jobs.Locales(), recordtest.Sub(localeFiles, "testdata/locales")},
		Types:   []*records.Type{e.groups, e.gadgets}, Dicts: gadgetDicts()})
	e.w, e.cat, e.ids, e.org, e.rec, e.op = w, w.Cat, w.IDs, w.Org, w.Records, w.Op
	e.jobs = jobs.New(d, e.ids)
	e.io = recordio.New(d, e.rec, e.jobs, e.cat)
	if err := e.jobs.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.jobs.Stop)

	e.admin = w.CreateTenant(org.TenantInput{Code: "acme", Name: "acme 公司", AdminName: "老板"})
	e.rival = w.CreateTenant(org.TenantInput{Code: "beta", Name: "beta 公司", AdminName: "老板"})
	user := func(username, name, role string) tenant.Scope {
		_, sc := w.AddUser(e.admin, recordtest.User{Username: username, DisplayName: name, Role: role})
		return sc
	}
	e.seller = user("seller", "销售甲", access.RoleSales)
	e.seller2 = user("seller2", "销售乙", access.RoleSales)
	e.viewer = user("viewer", "只读", access.RoleReadOnly)
	return e
}

// csv builds a UTF-8 CSV file from lines.
func csv(lines ...string) []byte { return []byte(strings.Join(lines, "\n") + "\n") }

// codes lists the codes of the gadgets of sc's tenant, by code.
func (e *env) codes(sc tenant.Scope) []string {
	e.t.Helper()
	var out []string
	q := db.Tenant(e.d.Read(), sc.Tenant())
	if err := q.Select(context.Background(), &out, `SELECT code FROM gadgets WHERE tenant_id = ? ORDER BY code`, q.Tenant); err != nil {
		e.t.Fatal(err)
	}
	return out
}
