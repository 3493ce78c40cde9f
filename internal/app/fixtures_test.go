package app_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/db"
)

// A tenant as the route walk sees it: who administers it and where its
// records are. The demo tenant plays "us"; a tenant the operator creates
// through the API plays "the other tenant".
type tenantFx struct {
	code      string
	id        int64
	adminUser string
	adminPass string
	admin     string // bearer token of the tenant admin
	root      int64  // company department
	tag       string // marks every name this tenant's fixtures create
	seq       *atomic.Int64
	srv       *httptest.Server
	tenantVer int
	phone     string // given to the tenant's fixture users
}

// unique returns a fresh name with the tenant's tag ("rival-u7").
func (f *tenantFx) unique(kind string) string {
	return fmt.Sprintf("%s%s%d", f.tag, kind, f.seq.Add(1))
}

// record is one fixture: an id and the version a PATCH must send.
type record struct {
	id      int64
	version int
	att     int64 // an attachment on the record (record types only)
}

// fixtures makes one record of a resource (the path segment before {id})
// in f's tenant, through the API. A module that adds a route with {id} adds
// its resource here, so the route walk can aim at a real record.
var fixtures = map[string]func(t testing.TB, f *tenantFx) record{
	"users": func(t testing.TB, f *tenantFx) record {
		u := createUser(t, f.srv, f.admin, f.unique("u"), map[string]any{
			"email": f.unique("mail") + "@" + f.tag + ".test", "phone": f.phone, "department_id": f.root})
		return record{id: u.ID, version: u.Version}
	},
	"roles": func(t testing.TB, f *tenantFx) record {
		r := createRole(t, f.srv, f.admin, f.unique("r"), []string{"users.view"}, nil)
		return record{id: r.ID, version: r.Version}
	},
	"departments": func(t testing.TB, f *tenantFx) record {
		d := createDept(t, f.srv, f.admin, f.root, f.unique("Dept"))
		return record{id: d.ID, version: d.Version}
	},
	// A session of the tenant admin other than the one the tests use.
	"sessions": func(t testing.TB, f *tenantFx) record {
		tok := login(t, f.srv, f.code, f.adminUser, f.adminPass)
		for _, s := range decode[page[struct {
			ID      int64 `json:"id"`
			Current bool  `json:"current"`
		}]](t, mustDo(t, http.StatusOK, http.MethodGet, f.srv.URL+"/api/v1/me/sessions", tok, nil)).Items {
			if s.Current {
				return record{id: s.ID, version: 0}
			}
		}
		t.Fatal("no current session")
		return record{}
	},
	"tokens": func(t testing.TB, f *tenantFx) record {
		out := decode[struct {
			ID int64 `json:"id"`
		}](t, mustDo(t, http.StatusCreated, http.MethodPost, f.srv.URL+"/api/v1/me/tokens", f.admin, map[string]any{"name": f.unique("token")}))
		return record{id: out.ID, version: 0}
	},
	"tenants": func(t testing.TB, f *tenantFx) record { return record{id: f.id, version: f.tenantVer} },
	// A rule of a document type no module registers: the API keeps it
	// (modules register while wiring), the pages list it under its name.
	"approval-rules": func(t testing.TB, f *tenantFx) record {
		out := decode[struct {
			ID      int64 `json:"id"`
			Version int   `json:"version"`
		}](t, mustDo(t, http.StatusCreated, http.MethodPost, f.srv.URL+"/api/v1/approval-rules", f.admin, map[string]any{
			"doc_type": "walk_doc", "name": f.unique("rule"), "active": true, "levels": []map[string]any{{"role": "manager"}}}))
		return record{id: out.ID, version: out.Version}
	},
}

// demoFx is the demo tenant seen through its admin.
func demoFx(t testing.TB, d *db.DB, srv *httptest.Server) *tenantFx {
	t.Helper()
	f := &tenantFx{code: "demo", id: tenantID(t, d, "demo"), adminUser: "admin", adminPass: app.DemoPassword,
		tag: "walk", seq: &atomic.Int64{}, srv: srv, tenantVer: 1, phone: "13800002222"}
	f.admin = login(t, srv, f.code, f.adminUser, f.adminPass)
	f.root = rootDept(t, srv, f.admin).ID
	return f
}

// rivalSecrets are strings only the other tenant's data contains: no answer
// to the demo tenant may include one.
var rivalSecrets = []string{"rival", "竞争对手", "13900001111"}

// rivalFx has the platform operator create a second tenant through the API,
// then fills it with one record of every fixture kind.
func rivalFx(t testing.TB, srv *httptest.Server) *tenantFx {
	t.Helper()
	op := login(t, srv, "", "operator", app.DemoPassword)
	const pass = "Rival-pass-2026"
	tn := decode[struct {
		ID      int64  `json:"id"`
		Code    string `json:"code"`
		Version int    `json:"version"`
	}](t, mustDo(t, http.StatusCreated, http.MethodPost, srv.URL+"/api/v1/tenants", op, map[string]any{
		"code": "rival", "name": "竞争对手贸易有限公司", "admin_username": "rivaladmin", "admin_name": "Rival Admin",
		"admin_email": "rivaladmin@rival.test", "admin_password": pass}))
	f := &tenantFx{code: tn.Code, id: tn.ID, adminUser: "rivaladmin", adminPass: pass, tag: "rival",
		seq: &atomic.Int64{}, srv: srv, tenantVer: tn.Version, phone: "13900001111"}
	f.admin = login(t, srv, f.code, f.adminUser, f.adminPass)
	f.root = rootDept(t, srv, f.admin).ID
	return f
}

// ids makes one record per fixture kind in f's tenant.
func (f *tenantFx) ids(t testing.TB) map[string]record {
	t.Helper()
	out := map[string]record{}
	for res, mk := range fixtures {
		out[res] = mk(t, f)
	}
	return out
}

// leaks reports which of the other tenant's secrets a body contains.
func leaks(body []byte) []string {
	low := strings.ToLower(string(body))
	var out []string
	for _, s := range rivalSecrets {
		if strings.Contains(low, strings.ToLower(s)) {
			out = append(out, s)
		}
	}
	return out
}
