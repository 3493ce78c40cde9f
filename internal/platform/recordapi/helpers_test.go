package recordapi_test

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/recordapi"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/recordtest"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// The request log would bury a failure's output.
func TestMain(m *testing.M) { recordtest.Main(m, slog.LevelWarn) }

//go:embed testdata/migrations/*.sql
var migrationFiles embed.FS

//go:embed testdata/locales/*.toml
var localeFiles embed.FS

// migrations are the engine's tables and the test type's own.
func migrations() []db.MigrationSet {
	return []db.MigrationSet{records.MigrationSet(), {Module: "recordapi_test", FS: recordtest.Sub(migrationFiles, "testdata/migrations")}}
}

const widgetsModule = "widgets"

// widgets is a test-only Type with a field of most kinds.
func widgetsType() *records.Type {
	zero := int64(0)
	return &records.Type{Key: "widgets", Path: "widgets", Module: widgetsModule, Label: "widgets.one", Plural: "widgets.title", Owned: true,
		Fields: []records.Field{
			{Name: "code", Kind: records.Code, Required: true, MaxLen: 20, Search: true, List: true, Sort: true},
			{Name: "name", Kind: records.Text, Required: true, MaxLen: 100, Search: true, Duplicate: true, List: true, Sort: true},
			{Name: "kind", Kind: records.Enum, Required: true, Values: []string{"small", "large"}, Default: "small", Filter: true},
			{Name: "price", Kind: records.Decimal, Min: &zero, Range: true},
			{Name: "qty", Kind: records.Int, Filter: true},
			{Name: "since", Kind: records.Date, Range: true},
			{Name: "active", Kind: records.Bool, Filter: true},
			{Name: "phone", Kind: records.Phone, Mask: true, Search: true, Duplicate: true},
			{Name: "email", Kind: records.Email},
			{Name: "source", Kind: records.Dict, Dict: "widget_source", Filter: true},
			{Name: "tags", Kind: records.Tags, Dict: "widget_tag", Filter: true},
			{Name: "notes", Kind: records.LongText},
			{Name: "score", Kind: records.Int, ReadOnly: true},
		}}
}

func widgetDicts() []records.Dictionary {
	return []records.Dictionary{
		{Key: "widget_source", Items: []records.DictItem{{Code: "web", Color: "#1677ff"}, {Code: "fair"}}},
		{Key: "widget_tag", Items: []records.DictItem{{Code: "vip"}}},
	}
}

// widgets is the test type's module: salesmen see their own records.
var widgets = tenant.ModuleDef{Key: widgetsModule, Scoped: true,
	Actions:      []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete, tenant.Export, tenant.Unmask},
	Defaults:     map[string][]tenant.Action{access.RoleSales: {tenant.View, tenant.Create, tenant.Edit}},
	DefaultScope: map[string]tenant.DataScope{access.RoleSales: tenant.ScopeOwn}}

// env is a running API over one database: the demo tenant with an admin,
// a read-only user and a salesman (own records only), and a rival tenant
// with its own admin.
type env struct {
	t                     testing.TB
	d                     *db.DB
	url                   string
	svc                   *records.Service
	typ                   *records.Type
	admin                 string // tokens
	viewer, seller, rival string
	adminID, sellerID     int64
	ids                   *identity.Service
}

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	typ := widgetsType()
	w := recordtest.New(t, d, recordtest.Options{
		Perms:   recordtest.Registry(records.ModuleDefs(), []tenant.ModuleDef{widgets}),
		Locales: []fs.FS{recordapi.Locales(), records.Locales(), recordtest.Sub(localeFiles, "testdata/locales")},
		Types:   []*records.Type{typ}, Dicts: widgetDicts()})
	e := &env{t: t, d: d, svc: w.Records, typ: typ, ids: w.IDs}
	_, demo := w.SeedTenant(seed("demo", recordtest.User{Username: "viewer", DisplayName: "用户 viewer", Role: access.RoleReadOnly},
		recordtest.User{Username: "seller", DisplayName: "用户 seller", Role: access.RoleSales}))
	w.SeedTenant(seed("rival"))
	e.adminID = demo["admin"]
	e.sellerID = demo["seller"]

	srv := w.Server()
	srv.Wrap = append(srv.Wrap, srv.Idempotency(d))
	recordapi.Register(web.NewAPI(srv, "test"), srv, w.Records)
	e.url = w.Serve(srv).URL
	e.admin, e.viewer, e.seller, e.rival = w.Login("demo", "admin"), w.Login("demo", "viewer"), w.Login("demo", "seller"), w.Login("rival", "admin")
	return e
}

// seed is a tenant with its dictionaries, an admin and users.
func seed(code string, users ...recordtest.User) recordtest.Seed {
	return recordtest.Seed{Code: code, Name: "租户 " + code, Users: users,
		Org: org.TenantInput{Name: "租户 " + code, AdminName: "管理员", AdminEmail: "admin@" + code + ".test"}}
}

// resp is one answer.
type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	// Numbers stay json.Number: ids and counts are compared exactly, never as floats.
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
	return m
}

// jn is an integer as the decoded JSON holds it.
func jn[T ~int | ~int64](n T) json.Number { return json.Number(strconv.FormatInt(int64(n), 10)) }

// call sends one request; body is nil, a string (sent as is) or a value
// sent as JSON. Extra headers come in pairs.
func (e *env) call(method, path, token string, body any, headers ...string) resp {
	e.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, e.url+path, r)
	if err != nil {
		e.t.Fatal(err)
	}
	if r != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	a := recordtest.Do(e.t, &http.Client{Timeout: 60 * time.Second}, req)
	return resp{status: a.Status, header: a.Header, body: a.Body}
}

// must is call that fails the test unless the status is want.
func (e *env) must(want int, method, path, token string, body any, headers ...string) resp {
	e.t.Helper()
	r := e.call(method, path, token, body, headers...)
	if r.status != want {
		e.t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, want, r.body)
	}
	return r
}

// problem is a problem+json answer.
type problem struct {
	Status int    `json:"status"`
	Type   string `json:"type"`
	Code   string `json:"code"`
	Detail string `json:"detail"`
	Errors []struct {
		Field   string `json:"field"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

// wantProblem checks status and problem+json shape; fields lists
// "field=code" pairs that must be among the field errors.
func (e *env) wantProblem(what string, r resp, status int, fields ...string) problem {
	e.t.Helper()
	var p problem
	if r.status != status {
		e.t.Errorf("%s: status %d, want %d: %s", what, r.status, status, r.body)
		return p
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		e.t.Errorf("%s: Content-Type %q", what, ct)
	}
	if err := json.Unmarshal(r.body, &p); err != nil {
		e.t.Errorf("%s: %v: %s", what, err, r.body)
	}
	for _, fc := range fields {
		f, c, _ := strings.Cut(fc, "=")
		found := false
		for _, fe := range p.Errors {
			found = found || (fe.Field == f && (c == "" || fe.Code == c))
		}
		if !found {
			e.t.Errorf("%s: no field error %s in %s", what, fc, r.body)
		}
	}
	return p
}

// create posts a widget as admin and returns it.
func (e *env) create(token string, in map[string]any) map[string]any {
	e.t.Helper()
	return e.must(http.StatusCreated, http.MethodPost, "/api/v1/widgets", token, in).json(e.t)
}

func (e *env) count() int {
	e.t.Helper()
	var n int
	if err := e.d.Read().Get(context.Background(), &n, `SELECT count(*) FROM widgets`); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func num(v any) int64 {
	n, _ := v.(json.Number)
	i, _ := n.Int64()
	return i
}

func decodeArray(t *testing.T, b []byte) []any {
	t.Helper()
	var a []any
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return a
}
