package recordui_test

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/recordtest"
	"github.com/taihe-erp/taihe/internal/platform/recordui"
	"github.com/taihe-erp/taihe/internal/platform/search"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// The request log (one line per request) would bury a failure's output.
func TestMain(m *testing.M) { recordtest.Main(m, slog.LevelWarn) }

// The test types: a small tree (a select), an owned searchable type with
// every common kind (the main subject), and its child type.
var (
	groups = &records.Type{Key: "tw_groups", Path: "tw-groups", Module: "widgets", Label: "tw_groups.one", Plural: "tw_groups.title",
		Parent: "parent_id", MaxDepth: 3,
		Fields: []records.Field{
			{Name: "code", Kind: records.Code, Required: true, List: true},
			{Name: "name", Kind: records.Text, Required: true, List: true, Sort: true},
			{Name: "parent_id", Kind: records.Ref, Ref: "tw_groups", List: true, Filter: true},
		}}
	things = &records.Type{Key: "tw_things", Path: "tw-things", Module: "widgets", Label: "tw_things.one", Plural: "tw_things.title",
		Owned: true,
		Fields: []records.Field{
			{Name: "code", Kind: records.Code, Required: true, Search: true, List: true, Sort: true},
			{Name: "name", Kind: records.Text, Required: true, Search: true, Duplicate: true, List: true, Sort: true},
			{Name: "kind", Kind: records.Enum, Required: true, Values: []string{"plain", "fancy"}, Default: "plain", List: true, Filter: true},
			{Name: "flair", Kind: records.Text, ShowIf: "kind=fancy", Section: "tw_things.section.more"},
			{Name: "phone", Kind: records.Phone, Mask: true, Search: true, Duplicate: true, List: true},
			{Name: "amount", Kind: records.Decimal, List: true, Range: true},
			{Name: "group_id", Kind: records.Ref, Ref: "tw_groups", List: true, Filter: true},
			{Name: "status", Kind: records.Dict, Dict: "tw_status", List: true, Filter: true},
			{Name: "tags", Kind: records.Tags, Dict: "tw_tag", ListHide: true, Filter: true},
			{Name: "blacklisted", Kind: records.Bool, ListHide: true, Filter: true},
			{Name: "active", Kind: records.Bool, Default: true, List: true, Filter: true},
			{Name: "notes", Kind: records.LongText, Section: "tw_things.section.more"},
		}}
	parts = &records.Type{Key: "tw_parts", Path: "tw-parts", Module: "widgets", Label: "tw_parts.one", Plural: "tw_parts.title",
		Of: "thing_id",
		Fields: []records.Field{
			{Name: "thing_id", Kind: records.Ref, Ref: "tw_things", Required: true, List: true},
			{Name: "name", Kind: records.Text, Required: true, List: true},
			{Name: "qty", Kind: records.Int, List: true},
		}}
	dicts = []records.Dictionary{
		{Key: "tw_status", Items: []records.DictItem{{Code: "new", Color: "#1f77b4"}, {Code: "won", Color: "#2ca02c"}}},
		{Key: "tw_tag", Items: []records.DictItem{{Code: "vip"}, {Code: "cold"}}},
	}
)

var widgets = tenant.ModuleDef{Key: "widgets", Scoped: true,
	Actions: []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete, tenant.Export, tenant.Unmask},
	Defaults: map[string][]tenant.Action{
		access.RoleSales:   {tenant.View, tenant.Create, tenant.Edit},
		access.RoleManager: {tenant.View, tenant.Create, tenant.Edit, tenant.Delete, tenant.Export, tenant.Unmask},
	},
	DefaultScope: map[string]tenant.DataScope{access.RoleSales: tenant.ScopeOwn}}

const tables = `
CREATE TABLE tw_groups (id {{pk}}, tenant_id BIGINT NOT NULL REFERENCES tenants(id), version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL, updated_at {{ts}} NOT NULL, created_by BIGINT, updated_by BIGINT,
	code TEXT NOT NULL, name TEXT NOT NULL, parent_id BIGINT REFERENCES tw_groups(id));
CREATE UNIQUE INDEX tw_groups_code ON tw_groups (tenant_id, code);
CREATE INDEX tw_groups_name ON tw_groups (tenant_id, name, id);
CREATE INDEX tw_groups_parent ON tw_groups (tenant_id, parent_id, id);
CREATE TABLE tw_things (id {{pk}}, tenant_id BIGINT NOT NULL REFERENCES tenants(id), version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL, updated_at {{ts}} NOT NULL, created_by BIGINT, updated_by BIGINT,
	owner_id BIGINT REFERENCES users(id), department_id BIGINT REFERENCES departments(id),
	code TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, flair TEXT, phone TEXT, amount BIGINT,
	group_id BIGINT REFERENCES tw_groups(id), status TEXT, tags TEXT, blacklisted BOOLEAN NOT NULL DEFAULT FALSE,
	active BOOLEAN NOT NULL DEFAULT FALSE, notes TEXT, search_text TEXT NOT NULL DEFAULT '');
CREATE UNIQUE INDEX tw_things_code ON tw_things (tenant_id, code);
CREATE INDEX tw_things_name ON tw_things (tenant_id, name, id);
CREATE INDEX tw_things_kind ON tw_things (tenant_id, kind, id);
CREATE INDEX tw_things_amount ON tw_things (tenant_id, amount, id);
CREATE INDEX tw_things_group ON tw_things (tenant_id, group_id, id);
CREATE INDEX tw_things_status ON tw_things (tenant_id, status, id);
CREATE INDEX tw_things_tags ON tw_things (tenant_id, tags, id);
CREATE INDEX tw_things_blacklisted ON tw_things (tenant_id, blacklisted, id);
CREATE INDEX tw_things_active ON tw_things (tenant_id, active, id);
CREATE INDEX tw_things_owner ON tw_things (tenant_id, owner_id, id);
CREATE INDEX tw_things_dept ON tw_things (tenant_id, department_id, id);
CREATE TABLE tw_parts (id {{pk}}, tenant_id BIGINT NOT NULL REFERENCES tenants(id), version INTEGER NOT NULL DEFAULT 1,
	created_at {{ts}} NOT NULL, updated_at {{ts}} NOT NULL, created_by BIGINT, updated_by BIGINT,
	thing_id BIGINT NOT NULL REFERENCES tw_things(id), name TEXT NOT NULL, qty BIGINT);
CREATE INDEX tw_parts_thing ON tw_parts (tenant_id, thing_id, id);
`

func testMigrations() db.MigrationSet {
	ix := search.Index{Table: "tw_things", Column: "search_text"}
	return db.MigrationSet{Module: "recordui_test", FS: fstest.MapFS{
		"0001_tables.sql":          {Data: []byte(tables)},
		"0002_search.sqlite.sql":   {Data: []byte(ix.SQL(db.SQLite))},
		"0002_search.postgres.sql": {Data: []byte(ix.SQL(db.Postgres))},
	}}
}

// labels are the test types' catalog entries (the module's job for real types).
var labels = map[string][2]string{
	"module.widgets":         {"小部件", "Widgets"},
	"tw_groups.one":          {"分组", "group"},
	"tw_groups.title":        {"分组", "Groups"},
	"tw_groups.code":         {"编码", "Code"},
	"tw_groups.name":         {"名称", "Name"},
	"tw_groups.parent_id":    {"上级", "Parent"},
	"tw_things.one":          {"物件", "thing"},
	"tw_things.title":        {"物件", "Things"},
	"tw_things.code":         {"编码", "Code"},
	"tw_things.name":         {"名称", "Name"},
	"tw_things.kind":         {"类型", "Kind"},
	"tw_things.kind.plain":   {"普通", "Plain"},
	"tw_things.kind.fancy":   {"花式", "Fancy"},
	"tw_things.flair":        {"花样", "Flair"},
	"tw_things.phone":        {"电话", "Phone"},
	"tw_things.amount":       {"金额", "Amount"},
	"tw_things.group_id":     {"分组", "Group"},
	"tw_things.status":       {"状态", "Status"},
	"tw_things.tags":         {"标签", "Tags"},
	"tw_things.blacklisted":  {"黑名单", "Blacklisted"},
	"tw_things.active":       {"启用", "Active"},
	"tw_things.notes":        {"备注", "Notes"},
	"tw_things.section.more": {"更多信息", "More"},
	"tw_things.orders":       {"订单", "Orders"},
	"tw_things.secret":       {"机密", "Secret"},
	"tw_parts.one":           {"零件", "part"},
	"tw_parts.title":         {"零件", "Parts"},
	"tw_parts.thing_id":      {"物件", "Thing"},
	"tw_parts.name":          {"名称", "Name"},
	"tw_parts.qty":           {"数量", "Quantity"},
	"dict.tw_status":         {"物件状态", "Thing status"},
	"dict.tw_status.new":     {"新建", "New"},
	"dict.tw_status.won":     {"成交", "Won"},
	"dict.tw_tag":            {"物件标签", "Thing tags"},
	"dict.tw_tag.vip":        {"重要", "VIP"},
	"dict.tw_tag.cold":       {"冷淡", "Cold"},
}

func testLocales() fstest.MapFS {
	var zh, en strings.Builder
	for k, v := range labels {
		zh.WriteString(`"` + k + `" = "` + v[0] + "\"\n")
		en.WriteString(`"` + k + `" = "` + v[1] + "\"\n")
	}
	return fstest.MapFS{"tw.zh-CN.toml": {Data: []byte(zh.String())}, "tw.en.toml": {Data: []byte(en.String())}}
}

// env is a server with the platform pages and the record pages of the test
// types, wired the way internal/app wires modules, plus a demo tenant.
type env struct {
	t      *testing.T
	d      *db.DB
	svc    *records.Service
	ids    *identity.Service
	srv    *httptest.Server
	tenant int64
	users  map[string]int64
}

// each runs fn on SQLite and on PostgreSQL, each with a fresh env.
func each(t *testing.T, fn func(t *testing.T, e *env)) {
	testdb.Each(t, func(t *testing.T, d *db.DB) { fn(t, newEnv(t, d)) }, records.MigrationSet(), testMigrations())
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	w := recordtest.New(t, d, recordtest.Options{
		Perms:   app.Registry(widgets), // the platform's and every module's permissions, records' included
		Locales: []fs.FS{records.Locales(), recordui.Locales(), testLocales()},
		Types:   []*records.Type{groups, things, parts}, Dicts: dicts})
	s := w.Server(recordui.Views())
	ui := adminui.Register(s, adminui.Services{DB: d, IDs: w.IDs, Access: w.Access, Org: w.Org, Numbering: w.Numbering})
	rui := recordui.Register(s, ui, w.Records)
	// A later module's tab: orders of a thing, say.
	rui.AddTab("tw_things", recordui.Tab{Key: "orders", Label: "tw_things.orders", Perm: "widgets.view",
		Render: func(ctx context.Context, sc tenant.Scope, id int64) (template.HTML, error) {
			return template.HTML(fmt.Sprintf(`<p data-testid="orders-of">orders of %d for %d</p>`, id, sc.Actor())), nil
		}})
	rui.AddTab("tw_things", recordui.Tab{Key: "secret", Label: "tw_things.secret", Perm: "widgets.delete",
		Render: func(context.Context, tenant.Scope, int64) (template.HTML, error) { return "top-secret-content", nil }})

	e := &env{t: t, d: d, svc: w.Records, ids: w.IDs}
	// Tenant "demo" with a user per role (the password is recordtest.Password).
	var users []recordtest.User
	for _, u := range []struct{ name, role string }{{"sales", access.RoleSales}, {"sales2", access.RoleSales},
		{"manager", access.RoleManager}, {"warehouse", access.RoleWarehouse}} {
		users = append(users, recordtest.User{Username: u.name, DisplayName: "用户" + u.name, Role: u.role})
	}
	e.tenant, e.users = w.SeedTenant(recordtest.Seed{Code: "demo", Name: "演示", Users: users,
		Org: org.TenantInput{Name: "演示公司", AdminName: "管理员"}})
	e.srv = w.Serve(s)
	return e
}

// system is a scope with every permission of the demo tenant (test setup).
func (e *env) system() tenant.Scope { return e.ids.SystemScope(e.tenant, "demo") }

// create writes a record below the UI (setup), failing the test on error.
func (e *env) create(t *records.Type, in records.Input) records.Record {
	e.t.Helper()
	r, err := e.svc.Create(context.Background(), e.system(), t, in)
	if err != nil {
		e.t.Fatalf("create %s %v: %v", t.Key, in, err)
	}
	return r
}

// client is a signed-in browser: cookies, no redirects followed, and the
// session's CSRF token.
type client struct {
	e    *env
	c    *http.Client
	csrf string
}

func (e *env) login(user string) *client {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{e: e, c: &http.Client{Jar: jar, CheckRedirect: recordtest.NoRedirect}}
	r := c.do("POST", "/login", url.Values{"tenant": {"demo"}, "username": {user}, "password": {recordtest.Password}}, nil)
	if r.status != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d\n%.1000s", user, r.status, r.body)
	}
	u, _ := url.Parse(e.srv.URL)
	for _, ck := range jar.Cookies(u) {
		if ck.Name == web.SessionCookie {
			c.csrf = web.CSRFForToken(ck.Value)
		}
	}
	return c
}

type resp struct {
	status int
	header http.Header
	body   string
}

// do sends a request; form is url-encoded, hdr adds headers (HX-Request…).
func (c *client) do(method, path string, form url.Values, hdr map[string]string) resp {
	c.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.e.srv.URL+path, body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c.csrf != "" && method != "GET" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return c.send(req)
}

func (c *client) send(req *http.Request) resp {
	c.e.t.Helper()
	a := recordtest.Do(c.e.t, c.c, req)
	return resp{status: a.Status, header: a.Header, body: string(a.Body)}
}

func (c *client) get(path string) resp { return c.do("GET", path, nil, nil) }

func (c *client) post(path string, form url.Values) resp { return c.do("POST", path, form, nil) }

// hx posts like htmx swapping into target.
func (c *client) hx(path string, form url.Values, target string) resp {
	return c.do("POST", path, form, map[string]string{"HX-Request": "true", "HX-Target": target})
}

// upload posts a multipart form with one file.
func (c *client) upload(path, field, name string, data []byte) resp {
	c.e.t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	_ = w.WriteField("_csrf", c.csrf)
	fw, _ := w.CreateFormFile(field, name)
	_, _ = fw.Write(data)
	_ = w.Close()
	req, _ := http.NewRequest("POST", c.e.srv.URL+path, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.send(req)
}

// must checks the status and that the body holds every string.
func must(t *testing.T, r resp, status int, contains ...string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d\n%.3000s", r.status, status, r.body)
	}
	for _, s := range contains {
		if !strings.Contains(r.body, s) {
			if dir := os.Getenv("RECORDUI_DUMP"); dir != "" { // the whole page, to look at
				_ = os.WriteFile(dir+"/"+strings.ReplaceAll(t.Name(), "/", "_")+".html", []byte(r.body), 0o644)
			}
			t.Fatalf("body lacks %q\n%.4000s", s, r.body)
		}
	}
}

func mustNot(t *testing.T, r resp, absent ...string) {
	t.Helper()
	for _, s := range absent {
		if strings.Contains(r.body, s) {
			t.Fatalf("body has %q\n%.4000s", s, r.body)
		}
	}
}

var rowRe = regexp.MustCompile(`<tr data-id="(\d+)" data-testid="list-row"`)

// rowIDs are the ids of a list's rows in order.
func rowIDs(body string) []string {
	var out []string
	for _, m := range rowRe.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func (e *env) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.Read().Get(context.Background(), &n, q, args...); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	return n
}
