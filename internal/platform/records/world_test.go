package records_test

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/mail"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/search"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// The test types: a tree of groups, customers (owned, numbered, every
// kind of field) and their contacts (a child type).

const custModule = "rtcust"

func int64p(n int64) *int64 { return &n }

func testTypes() (groups, customers, contacts *records.Type) {
	groups = &records.Type{Key: "rt_groups", Path: "rt-groups", Module: "rtgroups", Parent: "parent_id", MaxDepth: 3, Plural: "rt_groups.title",
		Fields: []records.Field{
			{Name: "name", Kind: records.Text, Required: true, Sort: true},
			{Name: "parent_id", Kind: records.Ref, Ref: "rt_groups", Filter: true},
		}}
	customers = &records.Type{Key: "rt_customers", Path: "rt-customers", Module: custModule, Owned: true, DocType: "rt_customer",
		Fields: []records.Field{
			{Name: "code", Kind: records.Code, Required: true, Sort: true, Search: true},
			{Name: "name", Kind: records.Text, Required: true, Sort: true, Search: true, Duplicate: true},
			{Name: "kind", Kind: records.Enum, Values: []string{"individual", "organisation"}, Default: "organisation", Filter: true},
			{Name: "tax_id", Kind: records.TaxID, ShowIf: "kind=organisation"},
			{Name: "phone", Kind: records.Phone, Mask: true, Search: true, Duplicate: true},
			{Name: "email", Kind: records.Email},
			{Name: "website", Kind: records.URL},
			{Name: "color", Kind: records.Color},
			{Name: "source", Kind: records.Dict, Dict: "rt_source", Filter: true},
			{Name: "region", Kind: records.Dict, Dict: "rt_region", Filter: true},
			{Name: "tags", Kind: records.Tags, Dict: "rt_tag", Filter: true},
			{Name: "group_id", Kind: records.Ref, Ref: "rt_groups", Filter: true},
			{Name: "sales_rep", Kind: records.User},
			{Name: "credit_limit", Kind: records.Decimal, Min: int64p(0), Range: true, Sort: true},
			{Name: "employees", Kind: records.Int, Min: int64p(0)},
			{Name: "since", Kind: records.Date, Range: true, Sort: true},
			{Name: "blacklisted", Kind: records.Bool, Filter: true},
			{Name: "note", Kind: records.LongText},
			{Name: "vip_code", Kind: records.Text, Unique: true, MaxLen: 10},
		}}
	contacts = &records.Type{Key: "rt_contacts", Path: "rt-contacts", Module: custModule, Of: "customer_id",
		Fields: []records.Field{
			{Name: "customer_id", Kind: records.Ref, Ref: "rt_customers", Required: true},
			{Name: "name", Kind: records.Text, Required: true, Sort: true, Search: true},
			{Name: "phone", Kind: records.Phone, Mask: true},
		}}
	return
}

var testDicts = []records.Dictionary{
	{Key: "rt_source", Items: []records.DictItem{{Code: "expo", Color: "#FF0000"}, {Code: "web"}, {Code: "phone"}}},
	{Key: "rt_region", Tree: true, Items: []records.DictItem{
		{Code: "zj_hz_xh", Parent: "zj_hz"}, {Code: "zj"}, {Code: "zj_hz", Parent: "zj"}, {Code: "bj"}}},
	{Key: "rt_tag", Items: []records.DictItem{{Code: "a"}, {Code: "b"}, {Code: "c"}}},
}

// testSet is the tables of the test types, following the engine's table
// conventions; the search index is exactly search.Index.SQL.
func testSet() db.MigrationSet {
	ix := search.Index{Table: "rt_customers", Column: "search_text"}
	cix := search.Index{Table: "rt_contacts", Column: "search_text"}
	std := `id {{pk}}, tenant_id BIGINT NOT NULL REFERENCES tenants(id), version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL, updated_at {{ts}} NOT NULL, created_by BIGINT, updated_by BIGINT`
	return db.MigrationSet{Module: "records_test", FS: fstest.MapFS{
		"0001_tables.sql": {Data: []byte(`
CREATE TABLE rt_groups (` + std + `, name TEXT NOT NULL, parent_id BIGINT REFERENCES rt_groups(id));
CREATE INDEX rt_groups_name ON rt_groups (tenant_id, name, id);
CREATE INDEX rt_groups_parent ON rt_groups (tenant_id, parent_id, id);
CREATE TABLE rt_customers (` + std + `,
	owner_id BIGINT REFERENCES users(id), department_id BIGINT REFERENCES departments(id),
	code TEXT NOT NULL, name TEXT NOT NULL, kind TEXT, tax_id TEXT, phone TEXT, email TEXT, website TEXT, color TEXT,
	source TEXT, region TEXT, tags TEXT, group_id BIGINT REFERENCES rt_groups(id), sales_rep BIGINT, credit_limit BIGINT,
	employees BIGINT, since TEXT, blacklisted BOOLEAN NOT NULL DEFAULT FALSE, note TEXT, vip_code TEXT,
	search_text TEXT NOT NULL DEFAULT '');
CREATE UNIQUE INDEX rt_customers_code ON rt_customers (tenant_id, code);
CREATE UNIQUE INDEX rt_customers_vip_code ON rt_customers (tenant_id, vip_code);
CREATE INDEX rt_customers_name ON rt_customers (tenant_id, name, id);
CREATE INDEX rt_customers_credit ON rt_customers (tenant_id, credit_limit, id);
CREATE INDEX rt_customers_since ON rt_customers (tenant_id, since, id);
CREATE INDEX rt_customers_kind ON rt_customers (tenant_id, kind, id);
CREATE INDEX rt_customers_source ON rt_customers (tenant_id, source, id);
CREATE INDEX rt_customers_region ON rt_customers (tenant_id, region, id);
CREATE INDEX rt_customers_group ON rt_customers (tenant_id, group_id, id);
CREATE INDEX rt_customers_owner ON rt_customers (tenant_id, owner_id, id);
CREATE INDEX rt_customers_dept ON rt_customers (tenant_id, department_id, id);
CREATE TABLE rt_contacts (` + std + `, customer_id BIGINT NOT NULL REFERENCES rt_customers(id), name TEXT NOT NULL,
	phone TEXT, search_text TEXT NOT NULL DEFAULT '');
CREATE INDEX rt_contacts_customer ON rt_contacts (tenant_id, customer_id, id);
CREATE INDEX rt_contacts_name ON rt_contacts (tenant_id, name, id);
`)},
		"0002_search.sqlite.sql":   {Data: []byte(ix.SQL(db.SQLite) + cix.SQL(db.SQLite))},
		"0002_search.postgres.sql": {Data: []byte(ix.SQL(db.Postgres) + cix.SQL(db.Postgres))},
	}}
}

var testCatalog = fstest.MapFS{
	"rt.zh-CN.toml": {Data: []byte(`"dict.rt_source.expo" = "展会"
"dict.rt_source.web" = "网站"
"rt_groups.title" = "分组"
`)},
	"rt.en.toml": {Data: []byte(`"dict.rt_source.expo" = "Trade show"
"dict.rt_source.web" = "Website"
"rt_groups.title" = "Groups"
`)},
}

// world is one database with a tenant, its departments, users and scopes.
type world struct {
	d                         *db.DB
	svc                       *records.Service
	ids                       *identity.Service
	reg                       *records.Registry
	groups, customers, contac *records.Type
	tenant                    int64
	company, deptA, deptB     int64
	users                     map[string]int64
	admin, manager, sales1    tenant.Scope
	sales2, sales3, readonly  tenant.Scope
	other                     tenant.Scope // another tenant's admin
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{d: d, users: map[string]int64{}}
	w.groups, w.customers, w.contac = testTypes()
	w.reg = &records.Registry{}
	w.reg.Add(w.groups, w.customers, w.contac)
	w.reg.AddDict(testDicts...)
	treg := &tenant.Registry{}
	for _, m := range identity.ModuleDefs() {
		treg.Register(m)
	}
	for _, m := range records.ModuleDefs() {
		treg.Register(m)
	}
	treg.Register(tenant.ModuleDef{Key: custModule, Scoped: true, Actions: []tenant.Action{tenant.View, tenant.Create, tenant.Edit,
		tenant.Delete, tenant.Export, tenant.Unmask}})
	treg.Register(tenant.ModuleDef{Key: "rtgroups", Actions: []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete}})
	cat, err := i18n.New(records.Locales(), testCatalog)
	if err != nil {
		t.Fatal(err)
	}
	ml, _ := mail.New("", "")
	w.ids = identity.New(d, treg, access.New(d, treg), ml, cat, identity.DefaultConfig())
	num := numbering.New(numbering.Sequence{DocType: "rt_customer", Pattern: "C{seq:5}", Reset: numbering.ResetNever})
	w.svc = records.New(d, w.reg, num, cat, w.ids)

	w.tenant = w.newTenant(t, "acme")
	err = d.InTx(ctx, func(tx *db.Tx) error {
		sq := db.Tenant(tx, w.tenant)
		dept := func(parent any, name string) int64 {
			id, err := db.Insert(ctx, sq, `INSERT INTO departments (tenant_id, parent_id, name, kind, sort, created_at, updated_at)
				VALUES (?, ?, ?, 'department', 0, ?, ?)`, w.tenant, parent, name, db.Now(), db.Now())
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		w.company = dept(nil, "公司")
		w.deptA = dept(w.company, "销售一部")
		w.deptB = dept(w.company, "销售二部")
		for _, u := range []struct {
			name, status string
			dept         int64
		}{{"admin", "active", w.company}, {"manager", "active", w.deptA}, {"sales1", "active", w.deptA},
			{"sales2", "active", w.deptA}, {"sales3", "active", w.deptB}, {"gone", "disabled", w.deptA}, {"readonly", "active", w.deptB}} {
			w.users[u.name] = insertUser(t, ctx, sq, w.tenant, u.name, u.status, u.dept)
		}
		return w.svc.SeedDicts(ctx, tx, w.tenant)
	})
	if err != nil {
		t.Fatal(err)
	}
	all := []tenant.Perm{}
	for _, m := range []string{custModule, "rtgroups", records.DictModule} {
		for _, a := range []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete, tenant.Export, tenant.Unmask} {
			all = append(all, tenant.P(m, a))
		}
	}
	all = append(all, tenant.P(identity.Module, tenant.Edit), tenant.P(identity.Module, tenant.View))
	allScopes := map[string]tenant.DataScope{custModule: tenant.ScopeAll, "rtgroups": tenant.ScopeAll, identity.Module: tenant.ScopeAll}
	crud := func(m string) []tenant.Perm {
		return []tenant.Perm{tenant.P(m, tenant.View), tenant.P(m, tenant.Create), tenant.P(m, tenant.Edit), tenant.P(m, tenant.Delete), tenant.P(m, tenant.Export)}
	}
	scope := func(user string, dept int64, perms []tenant.Perm, ds tenant.DataScope) tenant.Scope {
		return tenant.NewScope(tenant.Params{TenantID: w.tenant, TenantCode: "acme", ActorID: w.users[user], ActorName: user,
			DeptID: dept, Perms: perms, Scopes: map[string]tenant.DataScope{custModule: ds, "rtgroups": tenant.ScopeAll}, Locale: "zh-CN"})
	}
	w.admin = tenant.NewScope(tenant.Params{TenantID: w.tenant, TenantCode: "acme", ActorID: w.users["admin"], ActorName: "admin",
		DeptID: w.company, Perms: all, Scopes: allScopes, Locale: "zh-CN"})
	w.manager = scope("manager", w.deptA, append(crud(custModule), crud("rtgroups")...), tenant.ScopeDept)
	w.sales1 = scope("sales1", w.deptA, append(crud(custModule), tenant.P("rtgroups", tenant.View)), tenant.ScopeOwn)
	w.sales2 = scope("sales2", w.deptA, crud(custModule), tenant.ScopeOwn)
	w.sales3 = scope("sales3", w.deptB, crud(custModule), tenant.ScopeOwn)
	w.readonly = scope("readonly", w.deptB, []tenant.Perm{tenant.P(custModule, tenant.View)}, tenant.ScopeAll)

	otherTenant := w.newTenant(t, "other")
	var otherAdmin int64
	_ = d.InTx(ctx, func(tx *db.Tx) error {
		otherAdmin = insertUser(t, ctx, db.Tenant(tx, otherTenant), otherTenant, "admin", "active", 0)
		return w.svc.SeedDicts(ctx, tx, otherTenant)
	})
	w.other = tenant.NewScope(tenant.Params{TenantID: otherTenant, ActorID: otherAdmin, ActorName: "admin", Perms: all,
		Scopes: allScopes, Locale: "zh-CN"})
	return w
}

func (w *world) newTenant(t *testing.T, code string) int64 {
	t.Helper()
	var id int64
	err := w.d.InTx(context.Background(), func(tx *db.Tx) error {
		var err error
		id, err = db.Insert(context.Background(), tx, `INSERT INTO tenants (code, name, status, created_at, updated_at)
			VALUES (?, ?, 'active', ?, ?)`, code, code, db.Now(), db.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func insertUser(t *testing.T, ctx context.Context, q db.Scoped, tenantID int64, name, status string, dept int64) int64 {
	t.Helper()
	var d any
	if dept != 0 {
		d = dept
	}
	id, err := db.Insert(ctx, q, `INSERT INTO users (tenant_id, kind, username, display_name, department_id, status, created_at, updated_at)
		VALUES (?, 'staff', ?, ?, ?, ?, ?, ?)`, tenantID, name, "用户"+name, d, status, db.Now(), db.Now())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// each runs fn on both databases with a fresh world.
func each(t *testing.T, fn func(t *testing.T, w *world)) {
	testdb.Each(t, func(t *testing.T, d *db.DB) { fn(t, newWorld(t, d)) }, records.MigrationSet(), testSet())
}

// code is an error's "field=code" list (validation) or its code.
func code(err error) string {
	e, ok := errs.As(err)
	if !ok {
		return fmt.Sprint(err)
	}
	if e.Kind != errs.KindInvalid {
		return e.Code
	}
	s := ""
	for i, f := range e.Fields {
		if i > 0 {
			s += " "
		}
		s += f.Field + "=" + f.Code
	}
	return s
}
