package recordio_test

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/jobs"
	"github.com/taihe-erp/taihe/internal/platform/mail"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/recordio"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// The request log and the engine's notes would bury a failure's output.
func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})))
	os.Exit(m.Run())
}

//go:embed testdata/migrations/*.sql
var migrationFiles embed.FS

//go:embed testdata/locales/*.toml
var localeFiles embed.FS

func sub(f embed.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return s
}

// migrations are what the tests need beyond the platform's tables.
func migrations() []db.MigrationSet {
	return []db.MigrationSet{records.MigrationSet(), jobs.MigrationSet(), recordio.MigrationSet(),
		{Module: "recordio_test", FS: sub(migrationFiles, "testdata/migrations")}}
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

func permRegistry() *tenant.Registry {
	reg := &tenant.Registry{}
	for _, m := range append(append(identity.ModuleDefs(), org.ModuleDefs()...), jobs.ModuleDefs()...) {
		reg.Register(m)
	}
	reg.Register(tenant.ModuleDef{Key: access.Module, Actions: []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete}})
	reg.Register(tenant.ModuleDef{Key: audit.Module, Actions: []tenant.Action{tenant.View, tenant.Export}})
	for _, m := range records.ModuleDefs() {
		reg.Register(m)
	}
	reg.Register(tenant.ModuleDef{Key: gadgetsModule, Scoped: true,
		Actions:      []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete, tenant.Export, tenant.Unmask},
		Defaults:     map[string][]tenant.Action{access.RoleSales: {tenant.View, tenant.Create, tenant.Edit, tenant.Export}},
		DefaultScope: map[string]tenant.DataScope{access.RoleSales: tenant.ScopeOwn}})
	return reg
}

// env is the services over one database: tenant acme with an admin, two
// salesmen (own records only) and a read-only user, and tenant beta with
// its admin.
type env struct {
	t                              testing.TB
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
	ctx := context.Background()
	cat, err := i18n.New(records.Locales(), recordio.Locales(), jobs.Locales(), sub(localeFiles, "testdata/locales"))
	if err != nil {
		t.Fatal(err)
	}
	preg := permRegistry()
	acc := access.New(d, preg)
	sender, _ := mail.New("", "test@localhost")
	e := &env{t: t, d: d, cat: cat, gadgets: gadgetsType(), groups: groupsType()}
	e.ids = identity.New(d, preg, acc, sender, cat, identity.DefaultConfig())
	e.org = org.New(d, e.ids, acc, cat)
	reg := &records.Registry{}
	reg.Add(e.groups, e.gadgets)
	reg.AddDict(gadgetDicts()...)
	e.rec = records.New(d, reg, numbering.New(), cat, e.ids)
	e.jobs = jobs.New(d, e.ids)
	e.io = recordio.New(d, e.rec, e.jobs, cat)
	if err := e.jobs.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.jobs.Stop)

	var platform int64
	if err := d.Read().Get(ctx, &platform, `SELECT id FROM tenants WHERE code = ''`); err != nil {
		t.Fatal(err)
	}
	e.op = e.ids.SystemScope(platform, "")
	e.admin = e.tenant("acme")
	e.rival = e.tenant("beta")
	e.seller = e.user("seller", "销售甲", access.RoleSales)
	e.seller2 = e.user("seller2", "销售乙", access.RoleSales)
	e.viewer = e.user("viewer", "只读", access.RoleReadOnly)
	return e
}

func (e *env) tenant(code string) tenant.Scope {
	e.t.Helper()
	ctx := context.Background()
	tn, err := e.org.CreateTenant(ctx, e.op, org.TenantInput{Code: code, Name: code + " 公司", AdminUsername: "boss",
		AdminName: "老板", AdminPassword: "Boss-pass-2026", AdminEmail: "boss@" + code + ".test"})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.d.InTx(ctx, func(tx *db.Tx) error { return e.rec.SeedDicts(ctx, tx, tn.ID) }); err != nil {
		e.t.Fatal(err)
	}
	var id int64
	if err := db.Tenant(e.d.Read(), tn.ID).Get(ctx, &id, `SELECT id FROM users WHERE tenant_id = ? AND username = 'boss'`, tn.ID); err != nil {
		e.t.Fatal(err)
	}
	return e.scope(tn.ID, id)
}

func (e *env) scope(tenantID, userID int64) tenant.Scope {
	e.t.Helper()
	sc, err := e.ids.ScopeOf(context.Background(), tenantID, userID)
	if err != nil {
		e.t.Fatal(err)
	}
	return sc
}

// user adds a user of acme with one built-in role.
func (e *env) user(username, name, role string) tenant.Scope {
	e.t.Helper()
	ctx := context.Background()
	rid, err := access.RoleIDByCode(ctx, e.d.Read(), e.admin.Tenant(), role)
	if err != nil {
		e.t.Fatal(err)
	}
	u, err := e.ids.Create(ctx, e.admin, identity.UserInput{Username: username, DisplayName: &name, Password: "User-pass-2026", RoleIDs: []int64{rid}})
	if err != nil {
		e.t.Fatal(err)
	}
	return e.scope(e.admin.Tenant(), u.ID)
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
