package app_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/config"
	"github.com/taihe-erp/taihe/internal/platform/db"
)

// The request log (one line per request) would bury a failure's output.
func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	os.Exit(m.Run())
}

// pw is the password given to users the tests create.
const pw = "Test-pass-2026"

// testOpts adjusts one test app: configuration, wiring options, and a hook
// that runs after wiring and before the server accepts requests.
type testOpts struct {
	cfg   func(*config.Config)
	opt   app.Options
	setup func(*app.App)
}

// newTestApp wires the whole application on d, seeds the demo tenant and
// serves the real handler on a loopback port.
func newTestApp(t *testing.T, d *db.DB, o ...testOpts) (*app.App, *httptest.Server) {
	t.Helper()
	cfg := config.Defaults()
	cfg.Data = t.TempDir()
	// Every test talks from 127.0.0.1; only the rate-limit test wants a low limit.
	cfg.LoginPerIP = 100000
	opt := app.Options{DB: d}
	var setup func(*app.App)
	for _, x := range o {
		if x.cfg != nil {
			x.cfg(&cfg)
		}
		opt.ExtraMigrations = append(opt.ExtraMigrations, x.opt.ExtraMigrations...)
		opt.ExtraModules = append(opt.ExtraModules, x.opt.ExtraModules...)
		if x.setup != nil {
			setup = x.setup
		}
	}
	ctx := context.Background()
	a, err := app.New(ctx, cfg, opt)
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	if seeded, err := a.SeedDemo(ctx); err != nil || !seeded {
		t.Fatalf("SeedDemo: seeded=%v err=%v", seeded, err)
	}
	if err := a.Start(ctx); err != nil {
		t.Fatalf("start jobs: %v", err)
	}
	t.Cleanup(a.Jobs.Stop) // before the database closes (cleanups run last-in first-out)
	if setup != nil {
		setup(a)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return a, srv
}

// client never follows redirects: a redirect to /login is an answer.
var client = &http.Client{
	Timeout:       60 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// do sends one request. token, when set, goes as a bearer token. body may be
// nil, a string or []byte (sent as is) or anything else (sent as JSON).
func do(t testing.TB, method, url, token string, body any) (*http.Response, []byte) {
	t.Helper()
	h := http.Header{}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	return doH(t, method, url, h, body)
}

// doH is do with explicit headers (cookies, CSRF, Idempotency-Key…).
func doH(t testing.TB, method, url string, h http.Header, body any) (*http.Response, []byte) {
	t.Helper()
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
			t.Fatalf("%s %s: marshal body: %v", method, url, err)
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	if r != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, url, err)
	}
	return resp, b
}

// send is do for other goroutines: it returns errors instead of failing
// the test (t.Fatal must not be called off the test's goroutine).
func send(method, url, token string, body any) (int, []byte, error) {
	j, err := json.Marshal(body)
	if err != nil {
		return 0, nil, err
	}
	req, err := http.NewRequest(method, url, bytes.NewReader(j))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// mustDo is do that fails the test unless the status is want.
func mustDo(t testing.TB, want int, method, url, token string, body any) []byte {
	t.Helper()
	resp, b := do(t, method, url, token, body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, url, resp.StatusCode, want, b)
	}
	return b
}

func decode[T any](t testing.TB, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode %T: %v: %s", v, err, b)
	}
	return v
}

// problem is the problem+json body (API.md § Errors).
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Code   string `json:"code"`
	Detail string `json:"detail"`
	Errors []struct {
		Field   string `json:"field"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

// wantProblem checks a problem+json answer with status and code; a code
// starting with "field:" checks errors[] instead ("field:reassign_to=users.reassign_required").
func wantProblem(t testing.TB, what string, resp *http.Response, body []byte, status int, code string) problem {
	t.Helper()
	if resp.StatusCode != status {
		t.Errorf("%s: status %d, want %d: %s", what, resp.StatusCode, status, body)
		return problem{}
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Errorf("%s: Content-Type %q, want application/problem+json", what, ct)
	}
	var p problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Errorf("%s: problem body: %v: %s", what, err, body)
		return p
	}
	if p.Status != status {
		t.Errorf("%s: problem status %d, want %d", what, p.Status, status)
	}
	if f, ok := strings.CutPrefix(code, "field:"); ok {
		field, fcode, _ := strings.Cut(f, "=")
		found := false
		for _, e := range p.Errors {
			found = found || (e.Field == field && e.Code == fcode)
		}
		if !found {
			t.Errorf("%s: errors %+v lack field %q with code %q", what, p.Errors, field, fcode)
		}
	} else if p.Code != code {
		t.Errorf("%s: code %q, want %q: %s", what, p.Code, code, body)
	}
	return p
}

// user is a user as the API returns it.
type user struct {
	ID           int64   `json:"id"`
	Username     string  `json:"username"`
	DisplayName  string  `json:"display_name"`
	Email        string  `json:"email"`
	Phone        string  `json:"phone"`
	DepartmentID *int64  `json:"department_id"`
	Status       string  `json:"status"`
	MFAEnabled   bool    `json:"mfa_enabled"`
	RoleIDs      []int64 `json:"role_ids"`
	Version      int     `json:"version"`
}

type role struct {
	ID      int64             `json:"id"`
	Code    string            `json:"code"`
	Name    string            `json:"name"`
	Perms   []string          `json:"permissions"`
	Scopes  map[string]string `json:"data_scopes"`
	Version int               `json:"version"`
}

type dept struct {
	ID       int64  `json:"id"`
	ParentID *int64 `json:"parent_id"`
	Name     string `json:"name"`
	Version  int    `json:"version"`
}

type page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

type loginOut struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      user      `json:"user"`
}

// login signs in through the API and returns the bearer token.
func login(t testing.TB, srv *httptest.Server, tenant, username, password string) string {
	t.Helper()
	resp, b := tryLogin(t, srv, tenant, username, password, "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login %s/%s: status %d: %s", tenant, username, resp.StatusCode, b)
	}
	return decode[loginOut](t, b).Token
}

func tryLogin(t testing.TB, srv *httptest.Server, tenant, username, password, totp string) (*http.Response, []byte) {
	t.Helper()
	body := map[string]string{"tenant": tenant, "username": username, "password": password}
	if totp != "" {
		body["totp"] = totp
	}
	return do(t, http.MethodPost, srv.URL+"/api/v1/auth/login", "", body)
}

// adminToken signs in as the demo tenant's administrator.
func adminToken(t testing.TB, srv *httptest.Server) string {
	return login(t, srv, "demo", "admin", app.DemoPassword)
}

// createUser makes a user through the API; in overrides the defaults.
func createUser(t testing.TB, srv *httptest.Server, token, username string, in map[string]any) user {
	t.Helper()
	body := map[string]any{"username": username, "display_name": "用户 " + username, "password": pw}
	for k, v := range in {
		body[k] = v
	}
	return decode[user](t, mustDo(t, http.StatusCreated, http.MethodPost, srv.URL+"/api/v1/users", token, body))
}

// createRole makes a custom role through the API.
func createRole(t testing.TB, srv *httptest.Server, token, code string, perms []string, scopes map[string]string) role {
	t.Helper()
	if perms == nil {
		perms = []string{}
	}
	if scopes == nil {
		scopes = map[string]string{}
	}
	body := map[string]any{"code": code, "name": "角色 " + code, "mfa_required": false, "permissions": perms, "data_scopes": scopes}
	return decode[role](t, mustDo(t, http.StatusCreated, http.MethodPost, srv.URL+"/api/v1/roles", token, body))
}

func createDept(t testing.TB, srv *httptest.Server, token string, parent int64, name string) dept {
	t.Helper()
	body := map[string]any{"parent_id": parent, "name": name, "kind": "department", "sort": 0}
	return decode[dept](t, mustDo(t, http.StatusCreated, http.MethodPost, srv.URL+"/api/v1/departments", token, body))
}

func getUser(t testing.TB, srv *httptest.Server, token string, id int64) user {
	t.Helper()
	return decode[user](t, mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/api/v1/users/%d", srv.URL, id), token, nil))
}

// rootDept is the tenant's company department.
func rootDept(t testing.TB, srv *httptest.Server, token string) dept {
	t.Helper()
	for _, d := range decode[page[dept]](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/departments", token, nil)).Items {
		if d.ParentID == nil {
			return d
		}
	}
	t.Fatal("no root department")
	return dept{}
}

// roleID finds a role of the caller's tenant by code.
func roleID(t testing.TB, srv *httptest.Server, token, code string) int64 {
	t.Helper()
	for _, r := range decode[page[role]](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/roles", token, nil)).Items {
		if r.Code == code {
			return r.ID
		}
	}
	t.Fatalf("no role %q", code)
	return 0
}

// auditEntry is one audit-log item.
type auditEntry struct {
	ID         int64  `json:"id"`
	ActorID    *int64 `json:"actor_id"`
	Action     string `json:"action"`
	RecordType string `json:"record_type"`
	RecordID   *int64 `json:"record_id"`
	Changes    []struct {
		Field  string `json:"field"`
		Before any    `json:"before"`
		After  any    `json:"after"`
	} `json:"changes"`
}

// auditLog reads the caller tenant's audit log with the given query string.
func auditLog(t testing.TB, srv *httptest.Server, token, query string) []auditEntry {
	t.Helper()
	return decode[page[auditEntry]](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/audit-log?"+query, token, nil)).Items
}

func tenantID(t testing.TB, d *db.DB, code string) int64 {
	t.Helper()
	var id int64
	if err := d.Read().Get(context.Background(), &id, `SELECT id FROM tenants WHERE code = ?`, code); err != nil {
		t.Fatalf("tenant %q: %v", code, err)
	}
	return id
}

// exec runs a statement on the writer (tests reach below the API only to
// fake time or inspect rows).
func exec(t testing.TB, d *db.DB, q string, args ...any) {
	t.Helper()
	err := d.InTx(context.Background(), func(tx *db.Tx) error {
		_, err := tx.Exec(context.Background(), q, args...)
		return err
	})
	if err != nil {
		t.Fatalf("exec %s: %v", q, err)
	}
}

func count(t testing.TB, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read().Get(context.Background(), &n, q, args...); err != nil {
		t.Fatalf("count %s: %v", q, err)
	}
	return n
}

// tenantTables lists every table with a tenant_id column, so snapshots
// cover the tables later modules add without editing this file.
func tenantTables(t testing.TB, d *db.DB) []string {
	t.Helper()
	var names []string
	var q string
	if d.Dialect == db.Postgres {
		// pg_catalog: information_schema checks privileges across every
		// schema first and trips over tables other tests are dropping.
		q = `SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attname = 'tenant_id' AND NOT a.attisdropped ORDER BY 1`
	} else {
		q = `SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c ON c.name = 'tenant_id' WHERE m.type = 'table' ORDER BY 1`
	}
	if err := d.Read().Select(context.Background(), &names, q); err != nil {
		t.Fatalf("list tenant tables: %v", err)
	}
	if len(names) < 5 {
		t.Fatalf("found only %d tenant tables: %v", len(names), names)
	}
	return names
}

// snapshot renders every row a tenant owns (and its tenants row), table by
// table, so two snapshots differ when anything of the tenant changed.
func snapshot(t testing.TB, d *db.DB, tables []string, tenant int64) map[string][]string {
	t.Helper()
	ctx := context.Background()
	out := map[string][]string{}
	read := func(name, q string) {
		rows, err := d.Read().Query(ctx, q, tenant)
		if err != nil {
			t.Fatalf("snapshot %s: %v", name, err)
		}
		defer rows.Close()
		var lines []string
		for rows.Next() {
			vals, err := rows.SliceScan()
			if err != nil {
				t.Fatalf("snapshot %s: %v", name, err)
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					vals[i] = string(b)
				}
				if tm, ok := v.(time.Time); ok {
					vals[i] = tm.UTC().Format(time.RFC3339Nano)
				}
			}
			lines = append(lines, fmt.Sprint(vals...))
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("snapshot %s: %v", name, err)
		}
		sort.Strings(lines)
		out[name] = lines
	}
	read("tenants", `SELECT * FROM tenants WHERE id = ?`)
	for _, tb := range tables {
		read(tb, `SELECT * FROM `+tb+` WHERE tenant_id = ?`)
	}
	return out
}

// diffSnapshots describes what changed between two snapshots, or "".
func diffSnapshots(before, after map[string][]string) string {
	var b strings.Builder
	names := make([]string, 0, len(after))
	for n := range after {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		was, now := before[n], after[n]
		if strings.Join(was, "\n") == strings.Join(now, "\n") {
			continue
		}
		fmt.Fprintf(&b, "table %s: %d rows → %d rows\n", n, len(was), len(now))
		old := map[string]bool{}
		for _, l := range was {
			old[l] = true
		}
		cur := map[string]bool{}
		for _, l := range now {
			cur[l] = true
			if !old[l] {
				fmt.Fprintf(&b, "  + %s\n", l)
			}
		}
		for _, l := range was {
			if !cur[l] {
				fmt.Fprintf(&b, "  - %s\n", l)
			}
		}
	}
	return b.String()
}

// sha256hex is how auth_sessions stores a token.
func sha256hex(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}
