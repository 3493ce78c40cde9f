package adminui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// A catalog key that is missing renders as the key itself ("users.title");
// none may reach a page, in either language.
var rawKey = regexp.MustCompile(`(>\s*|(?:placeholder|title|aria-label|data-confirm|data-msg-[a-z]+)=")` +
	`((?:ui|menu|auth|home|search|list|me|tenants|departments|users|roles|settings|numbering|audit|apidocs|flash|form|shell|module|action|scope|reassign)\.[a-z_]+)`)

func TestPagesRender(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		pages := map[string][]string{
			"admin": {"/", "/search", "/search?q=x", "/me", "/me/password", "/me/security", "/me/sessions", "/me/tokens",
				"/admin/departments", "/admin/departments/1", "/admin/users", "/admin/users/new", "/admin/users/2", "/admin/roles",
				"/admin/roles/new", "/admin/roles/1", "/admin/roles/2", "/admin/settings/security", "/admin/settings/numbering",
				"/api/docs"},
			"operator": {"/", "/admin/tenants", "/me"},
		}
		for who, paths := range pages {
			tenantCode := "demo"
			if who == "operator" {
				tenantCode = ""
			}
			c := e.login(tenantCode, who)
			for _, lang := range []string{"en", "zh-CN"} {
				tok := e.csrf(c, "/me")
				if r := e.post(c, "/me/locale", url.Values{"_csrf": {tok}, "locale": {lang}, "next": {"/"}}); r.status != http.StatusSeeOther {
					t.Fatalf("%s locale %s: %d", who, lang, r.status)
				}
				for _, p := range paths {
					r := e.get(c, p)
					if r.status != 200 {
						t.Errorf("%s %s %s: status %d", who, lang, p, r.status)
						continue
					}
					if m := rawKey.FindStringSubmatch(r.body); m != nil {
						t.Errorf("%s %s %s: untranslated key %q", who, lang, p, m[2])
					}
				}
			}
		}
		for _, p := range []string{"/login", "/password/forgot", "/password/reset", "/api/docs"} {
			r := e.get(newClient(), p)
			if r.status != 200 {
				t.Errorf("anonymous %s: %d", p, r.status)
			}
			if m := rawKey.FindStringSubmatch(r.body); m != nil {
				t.Errorf("anonymous %s: untranslated key %q", p, m[2])
			}
		}
	})
}

func TestAdminActions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		admin := e.login("demo", "admin")
		tok := e.csrf(admin, "/admin/departments")
		hx := []string{"HX-Request", "true", "X-CSRF-Token", tok}

		r := e.post(admin, "/admin/departments", url.Values{"name": {"销售部"}, "parent_id": {"1"}, "kind": {"department"}}, append(hx, "HX-Target", "dept-form")...)
		if r.status != 200 || r.header.Get("HX-Redirect") != "/admin/departments" {
			t.Fatalf("create department: %d %q", r.status, r.body)
		}
		must(t, e.get(admin, "/admin/departments"), 200, "销售部", `depth-1`)
		must(t, e.post(admin, "/admin/departments", url.Values{"name": {""}, "parent_id": {"1"}}, append(hx, "HX-Target", "dept-form")...),
			http.StatusUnprocessableEntity, `data-error-for="name"`)

		r = e.post(admin, "/admin/roles", url.Values{"code": {"auditor"}, "name": {"审计员"}, "permissions": {"audit.view", "audit.export"}},
			append(hx, "HX-Target", "role-form")...)
		if r.status != 200 || r.header.Get("HX-Redirect") == "" {
			t.Fatalf("create role: %d %.1000s", r.status, r.body)
		}
		must(t, e.get(admin, r.header.Get("HX-Redirect")), 200, `value="audit.export" checked`)
		must(t, e.post(admin, "/admin/roles", url.Values{"code": {"x y"}, "name": {""}}, append(hx, "HX-Target", "role-form")...),
			http.StatusUnprocessableEntity, `data-error-for="code"`, `data-error-for="name"`)

		must(t, e.post(admin, "/admin/settings/security", url.Values{"min_length": {"3"}, "min_classes": {"2"}, "expiry_days": {"0"},
			"history": {"3"}, "lockout_threshold": {"5"}, "lockout_minutes": {"15"}, "idle_minutes": {"30"}, "version": {"1"}},
			append(hx, "HX-Target", "security-form")...), http.StatusUnprocessableEntity, `data-error-for="min_length"`)

		// Disable (nothing owned, so no one to reassign to) and enable again.
		// User 5 is the warehouse clerk, who owns no customers (the demo gives them to sales and the manager).
		page := e.get(admin, "/admin/users/5")
		must(t, page, 200, `id="disable-dialog"`, `data-testid="owned-none"`)
		ver := regexp.MustCompile(`id="disable-form"[\s\S]*?name="version" value="(\d+)"`).FindStringSubmatch(page.body)
		if ver == nil {
			t.Fatal("no version in the disable form")
		}
		r = e.post(admin, "/admin/users/5/disable", url.Values{"version": {ver[1]}}, append(hx, "HX-Target", "disable-form")...)
		if r.status != 200 || r.header.Get("HX-Redirect") != "/admin/users/5" {
			t.Fatalf("disable: %d %.1500s", r.status, r.body)
		}
		must(t, e.get(admin, "/admin/users/5"), 200, `data-testid="user-enable"`, "停用")
		must(t, e.post(admin, "/admin/users/5/disable", url.Values{"version": {ver[1]}}, append(hx, "HX-Target", "disable-form")...),
			http.StatusConflict)

		op := e.login("", "operator")
		otok := e.csrf(op, "/admin/tenants")
		r = e.post(op, "/admin/tenants", url.Values{"code": {"acme"}, "name": {"Acme"}, "admin_username": {"boss"},
			"admin_password": {"Acme-2026-pass"}}, "HX-Request", "true", "HX-Target", "tenant-form", "X-CSRF-Token", otok)
		if r.status != 200 || r.header.Get("HX-Redirect") != "/admin/tenants" {
			t.Fatalf("create tenant: %d %.1500s", r.status, r.body)
		}
		must(t, e.get(op, "/admin/tenants"), 200, "acme", `data-testid="tenant-suspend-acme"`)
		if r := e.get(admin, "/admin/tenants"); r.status != http.StatusForbidden {
			t.Fatalf("tenant admin sees tenants: %d", r.status)
		}
		r = e.post(newClient(), "/login", url.Values{"tenant": {"acme"}, "username": {"boss"}, "password": {"Acme-2026-pass"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("new tenant admin cannot sign in: %d", r.status)
		}
	})
}
