package adminui_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/config"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// env is a running app with the demo data and a browser-like client that
// keeps cookies and does not follow redirects (tests look at them).
type env struct {
	t   *testing.T
	a   *app.App
	srv *httptest.Server
	c   *http.Client
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	a, err := app.New(ctx, config.Defaults(), app.Options{DB: d})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return &env{t: t, a: a, srv: srv, c: newClient()}
}

func newClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type resp struct {
	status int
	header http.Header
	body   string
}

func (e *env) do(c *http.Client, method, path string, form url.Values, hdr ...string) resp {
	e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, e.srv.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (e *env) get(c *http.Client, path string, hdr ...string) resp {
	return e.do(c, "GET", path, nil, hdr...)
}

func (e *env) post(c *http.Client, path string, form url.Values, hdr ...string) resp {
	return e.do(c, "POST", path, form, hdr...)
}

// login signs a fresh client in through the form and returns it.
func (e *env) login(tenantCode, user string) *http.Client {
	e.t.Helper()
	c := newClient()
	r := e.post(c, "/login", url.Values{"tenant": {tenantCode}, "username": {user}, "password": {app.DemoPassword}})
	if r.status != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d\n%s", user, r.status, r.body)
	}
	return c
}

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// csrf reads the token a page embeds in its forms.
func (e *env) csrf(c *http.Client, path string) string {
	e.t.Helper()
	m := csrfRe.FindStringSubmatch(e.get(c, path).body)
	if m == nil || m[1] == "" {
		e.t.Fatalf("no CSRF token on %s", path)
	}
	return m[1]
}

func sessionCookie(h http.Header) string {
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == web.SessionCookie && c.Value != "" {
			return c.Value
		}
	}
	return ""
}

func must(t *testing.T, r resp, status int, contains ...string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d\n%.2000s", r.status, status, r.body)
	}
	for _, s := range contains {
		if !strings.Contains(r.body, s) {
			t.Fatalf("body lacks %q\n%.3000s", s, r.body)
		}
	}
}

func TestLogin(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := newClient()
		must(t, e.get(c, "/login"), 200, `id="login-form"`, `id="login-submit"`, `name="tenant"`, `name="username"`, `name="password"`)

		t.Run("success sets the session cookie and redirects to next", func(t *testing.T) {
			c := newClient()
			r := e.post(c, "/login", url.Values{"tenant": {"demo"}, "username": {"admin"}, "password": {app.DemoPassword},
				"next": {"/admin/users"}})
			if r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/users" {
				t.Fatalf("status %d location %q", r.status, r.header.Get("Location"))
			}
			if sessionCookie(r.header) == "" {
				t.Fatal("no session cookie")
			}
			must(t, e.get(c, "/admin/users"), 200, `data-testid="list-area"`)
		})
		t.Run("next may not leave the site", func(t *testing.T) {
			r := e.post(newClient(), "/login", url.Values{"tenant": {"demo"}, "username": {"admin"}, "password": {app.DemoPassword},
				"next": {"//evil.example/x"}})
			if r.header.Get("Location") != "/" {
				t.Fatalf("location %q", r.header.Get("Location"))
			}
		})
		t.Run("wrong password shows the error on the login page", func(t *testing.T) {
			r := e.post(newClient(), "/login", url.Values{"tenant": {"demo"}, "username": {"admin"}, "password": {"wrong"}})
			must(t, r, http.StatusUnauthorized, `role="alert"`, "企业代码、用户名或密码不正确", `id="login-form"`, `value="admin"`)
			if sessionCookie(r.header) != "" {
				t.Fatal("a failed login set a session cookie")
			}
		})
		t.Run("missing fields are marked inline", func(t *testing.T) {
			r := e.post(newClient(), "/login", url.Values{"tenant": {"demo"}})
			must(t, r, http.StatusUnprocessableEntity, `data-error-for="username"`, `aria-invalid="true"`)
		})
		t.Run("pages need a session", func(t *testing.T) {
			r := e.get(newClient(), "/admin/users")
			if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/login?next=") {
				t.Fatalf("status %d location %q", r.status, r.header.Get("Location"))
			}
		})
		t.Run("permissions are enforced per page", func(t *testing.T) {
			sales := e.login("demo", "sales")
			if r := e.get(sales, "/admin/users"); r.status != http.StatusForbidden {
				t.Fatalf("sales sees users: %d", r.status)
			}
			must(t, e.get(sales, "/"), 200, `data-testid="panel-todos"`)
		})
		t.Run("posts need the CSRF token", func(t *testing.T) {
			admin := e.login("demo", "admin")
			if r := e.post(admin, "/me/locale", url.Values{"locale": {"en"}}); r.status != http.StatusForbidden {
				t.Fatalf("status %d", r.status)
			}
		})
		t.Run("logout ends the session", func(t *testing.T) {
			admin := e.login("demo", "admin")
			tok := e.csrf(admin, "/")
			r := e.post(admin, "/logout", url.Values{"_csrf": {tok}})
			if r.status != http.StatusSeeOther || r.header.Get("Location") != "/login" {
				t.Fatalf("status %d location %q", r.status, r.header.Get("Location"))
			}
			if r := e.get(admin, "/"); r.status != http.StatusSeeOther {
				t.Fatalf("still signed in: %d", r.status)
			}
		})
	})
}

func TestLoginMFA(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		c := e.login("demo", "manager")
		tok := sessionCookieFromJar(e, c)
		p, err := e.a.IDs.Resolve(ctx, tok, "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		enr, err := e.a.IDs.BeginTOTP(ctx, p.Scope)
		if err != nil {
			t.Fatal(err)
		}
		code, _ := totp.GenerateCode(enr.Secret, time.Now())
		if _, err := e.a.IDs.ConfirmTOTP(ctx, p.Scope, code); err != nil {
			t.Fatal(err)
		}

		m := newClient()
		r := e.post(m, "/login", url.Values{"tenant": {"demo"}, "username": {"manager"}, "password": {app.DemoPassword}})
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/login/mfa") || sessionCookie(r.header) != "" {
			t.Fatalf("status %d location %q", r.status, r.header.Get("Location"))
		}
		must(t, e.get(m, "/login/mfa"), 200, `id="mfa-form"`, `name="code"`)
		must(t, e.post(m, "/login/mfa", url.Values{"code": {"000000"}}), http.StatusUnprocessableEntity, `data-error-for="code"`, "动态码不正确")
		// The code of the next time step: the one used to confirm may not be replayed.
		next, _ := totp.GenerateCode(enr.Secret, time.Now().Add(30*time.Second))
		r = e.post(m, "/login/mfa", url.Values{"code": {next}, "next": {"/me"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/me" || sessionCookie(r.header) == "" {
			t.Fatalf("status %d location %q\n%.1500s", r.status, r.header.Get("Location"), r.body)
		}
		must(t, e.get(m, "/me"), 200, `data-testid="profile"`)
	})
}

func sessionCookieFromJar(e *env, c *http.Client) string {
	u, _ := url.Parse(e.srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == web.SessionCookie {
			return ck.Value
		}
	}
	e.t.Fatal("no session cookie in jar")
	return ""
}

func TestUserForm(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		admin := e.login("demo", "admin")
		tok := e.csrf(admin, "/admin/users/new")
		count := func() int {
			r := e.get(admin, "/admin/users")
			m := regexp.MustCompile(`共 (\d+) 条`).FindStringSubmatch(r.body)
			if m == nil {
				t.Fatalf("no count\n%.2000s", r.body)
			}
			return atoi(m[1])
		}
		before := count()
		form := url.Values{"username": {"lisi01"}, "display_name": {"李四"}, "email": {"not-an-email"}, "phone": {"13800138000"},
			"locale": {"zh-CN"}, "password": {"Secret-2026"}}

		t.Run("invalid email re-renders the form fragment with the inline error", func(t *testing.T) {
			r := e.post(admin, "/admin/users", form, "HX-Request", "true", "HX-Target", "user-form", "X-CSRF-Token", tok)
			must(t, r, http.StatusUnprocessableEntity, `id="user-form"`, `data-error-for="email"`, "邮箱格式不正确",
				`value="lisi01"`, `value="李四"`, `aria-invalid="true"`, `role="alert"`)
			if strings.Contains(r.body, "<html") {
				t.Fatal("htmx got a whole page, want the form fragment")
			}
			if n := count(); n != before {
				t.Fatalf("users %d → %d: the invalid form created one", before, n)
			}
		})
		t.Run("without htmx the whole page comes back with the error", func(t *testing.T) {
			f := url.Values{"_csrf": {tok}}
			for k, v := range form {
				f[k] = v
			}
			must(t, e.post(admin, "/admin/users", f), http.StatusUnprocessableEntity, "<html", `data-error-for="email"`, "邮箱格式不正确")
		})
		t.Run("a valid form creates the user and redirects", func(t *testing.T) {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			f.Set("email", "lisi@example.com")
			r := e.post(admin, "/admin/users", f, "HX-Request", "true", "HX-Target", "user-form", "X-CSRF-Token", tok)
			if r.status != 200 || !strings.HasPrefix(r.header.Get("HX-Redirect"), "/admin/users/") {
				t.Fatalf("status %d HX-Redirect %q\n%.1500s", r.status, r.header.Get("HX-Redirect"), r.body)
			}
			if n := count(); n != before+1 {
				t.Fatalf("users %d → %d", before, n)
			}
			must(t, e.get(admin, r.header.Get("HX-Redirect")), 200, `id="user-form"`, `value="lisi@example.com"`, `name="version"`,
				`id="disable-dialog"`, `name="reassign_to"`, `id="disable-confirm"`)
		})
		t.Run("a stale version shows the conflict message", func(t *testing.T) {
			f := url.Values{"display_name": {"王经理"}, "locale": {"zh-CN"}, "version": {"999"}}
			r := e.post(admin, "/admin/users/3", f, "HX-Request", "true", "HX-Target", "user-form", "X-CSRF-Token", tok)
			must(t, r, http.StatusConflict, `id="user-form"`, "该记录已被他人修改")
		})
	})
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestUserList(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		admin := e.login("demo", "admin")

		r := e.get(admin, "/admin/users?sort=username&status=active")
		must(t, r, 200, "共 6 条", `data-testid="sort-username"`, `aria-sort="ascending"`, `data-testid="export-csv"`,
			`data-col-toggle="email"`, `data-testid="page-size"`)
		if i, j := strings.Index(r.body, ">admin<"), strings.Index(r.body, ">warehouse<"); i < 0 || j < 0 || i > j {
			t.Fatal("sort=username does not list admin before warehouse")
		}
		r = e.get(admin, "/admin/users?sort=-username")
		if i, j := strings.Index(r.body, ">admin<"), strings.Index(r.body, ">warehouse<"); i < 0 || j < 0 || i < j {
			t.Fatal("sort=-username does not list warehouse before admin")
		}
		must(t, r, 200, `aria-sort="descending"`)

		t.Run("htmx gets only the list area", func(t *testing.T) {
			r := e.get(admin, "/admin/users?q=sales", "HX-Request", "true", "HX-Target", "list-users")
			must(t, r, 200, `id="list-users"`, "共 1 条", ">sales<")
			if strings.Contains(r.body, "<html") || strings.Contains(r.body, ">warehouse<") {
				t.Fatalf("fragment wrong\n%.1500s", r.body)
			}
		})
		t.Run("paging by cursor and by page number", func(t *testing.T) {
			r := e.get(admin, "/admin/users?limit=20&sort=username")
			must(t, r, 200, "第 1 / 1 页")
			p, err := e.a.IDs.List(context.Background(), scopeOf(e, admin), list.Query{Limit: 2, Sort: "username"})
			if err != nil || p.NextCursor == "" {
				t.Fatalf("service page: %v", err)
			}
			r = e.get(admin, "/admin/users?limit=2&sort=username")
			must(t, r, 200, "第 1 / 3 页", `data-testid="page-next"`)
			r = e.get(admin, "/admin/users?limit=2&sort=username&page=3")
			must(t, r, 200, "第 3 / 3 页", ">warehouse<", `data-testid="page-prev"`)
		})
		t.Run("nothing found shows the empty state", func(t *testing.T) {
			must(t, e.get(admin, "/admin/users?q=nobody-here"), 200, `data-testid="empty"`, "没有符合条件的用户")
		})
		t.Run("export returns the filtered rows as CSV with a BOM and is audited", func(t *testing.T) {
			r := e.get(admin, "/admin/users/export?format=csv&q=sales")
			if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") {
				t.Fatalf("status %d type %q", r.status, r.header.Get("Content-Type"))
			}
			if !strings.HasPrefix(r.body, "\uFEFF") || !strings.Contains(r.body, "sales") || strings.Contains(r.body, "warehouse") {
				t.Fatalf("csv %q", r.body)
			}
			if !strings.Contains(r.header.Get("Content-Disposition"), "users.csv") {
				t.Fatalf("disposition %q", r.header.Get("Content-Disposition"))
			}
			entries, err := audit.Search(context.Background(), e.a.DB.Read(), scopeOf(e, admin), audit.Filter{Action: "user.export"})
			if err != nil || len(entries) != 1 {
				t.Fatalf("audit entries %d, %v", len(entries), err)
			}
			x := e.get(admin, "/admin/users/export?format=xlsx")
			if x.status != 200 || !strings.HasPrefix(x.body, "PK") {
				t.Fatalf("xlsx status %d", x.status)
			}
		})
		t.Run("export needs users.export", func(t *testing.T) {
			manager := e.login("demo", "manager")
			if r := e.get(manager, "/admin/users/export?format=csv"); r.status != http.StatusForbidden {
				t.Fatalf("status %d", r.status)
			}
		})
		t.Run("audit log lists and exports", func(t *testing.T) {
			must(t, e.get(admin, "/admin/audit?action=user.export"), 200, "user.export", `data-testid="export-csv"`)
			r := e.get(admin, "/admin/audit/export?format=csv&action=user.export")
			if r.status != 200 || !strings.HasPrefix(r.body, "\uFEFF") || !strings.Contains(r.body, "user.export") {
				t.Fatalf("audit export %d %q", r.status, r.body)
			}
		})
	})
}

func scopeOf(e *env, c *http.Client) tenant.Scope {
	p, err := e.a.IDs.Resolve(context.Background(), sessionCookieFromJar(e, c), "127.0.0.1", "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return p.Scope
}

func TestLanguageSwitch(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		admin := e.login("demo", "admin")
		must(t, e.get(admin, "/admin/users"), 200, `<html lang="zh-CN">`, "用户管理", `data-testid="lang-en"`)

		tok := e.csrf(admin, "/admin/users")
		r := e.post(admin, "/me/locale", url.Values{"_csrf": {tok}, "locale": {"en"}, "next": {"/admin/users?q=a"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/users?q=a" {
			t.Fatalf("status %d location %q", r.status, r.header.Get("Location"))
		}
		must(t, e.get(admin, "/admin/users"), 200, `<html lang="en">`, "Users", "Per page", `data-testid="lang-zh"`)

		r = e.post(admin, "/me/locale", url.Values{"_csrf": {tok}, "locale": {"zh-CN"}, "next": {"https://evil.example/"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/" {
			t.Fatalf("status %d location %q", r.status, r.header.Get("Location"))
		}
		must(t, e.get(admin, "/admin/users"), 200, `<html lang="zh-CN">`, "用户管理", "每页")

		t.Run("anonymous pages switch by cookie", func(t *testing.T) {
			c := newClient()
			must(t, e.get(c, "/login"), 200, "登录", `data-testid="lang-en"`)
			r := e.get(c, "/lang?l=en&next=/login")
			if r.status != http.StatusSeeOther || r.header.Get("Location") != "/login" {
				t.Fatalf("status %d location %q", r.status, r.header.Get("Location"))
			}
			must(t, e.get(c, "/login"), 200, `<html lang="en">`, "Sign in", "Company code")
			must(t, e.post(c, "/login", url.Values{"tenant": {"demo"}, "username": {"admin"}, "password": {"nope"}}),
				http.StatusUnauthorized, "Wrong company code, username or password")
		})
	})
}
