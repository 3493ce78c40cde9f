package browsertest

import (
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/app"
)

// The shell speaks Chinese by default; the language button switches it to
// English and back, and the choice holds on the next pages.
func TestLanguageSwitch(t *testing.T) {
	e := newEnv(t)
	e.login("demo", "admin", app.DemoPassword)
	e.expectLang("zh-CN", "退出", "用户管理")

	e.click("[data-testid=lang-en]")
	if p := e.path(); p != "/" {
		t.Errorf("switching the language left the page for %s", p)
	}
	e.expectLang("en", "Sign out", "Users")
	e.open("/admin/users")
	e.expectLang("en", "Sign out", "Users")
	if h := e.text("main h1"); h != "Users" {
		t.Errorf("users page heading %q in English", h)
	}

	e.click("[data-testid=lang-zh]")
	if p := e.path(); p != "/admin/users" {
		t.Errorf("switching the language left the page for %s", p)
	}
	e.expectLang("zh-CN", "退出", "用户管理")
	e.open("/me")
	e.expectLang("zh-CN", "退出", "用户管理")

	// The choice is the user's setting, so it survives signing out and in.
	e.click("[data-testid=lang-en]")
	e.logout()
	if h := e.text("h1.auth-title"); h != "Sign in" {
		t.Errorf("sign-in page after choosing English says %q", h)
	}
	e.login("demo", "admin", app.DemoPassword)
	e.expectLang("en", "Sign out", "Users")
}

// expectLang asserts the page's language, its sign-out button and the users
// item of the menu.
func (e *env) expectLang(lang, logout, usersMenu string) {
	e.t.Helper()
	got, err := runEval[string](e, `document.documentElement.lang`)
	if err != nil || got != lang {
		e.t.Fatalf("page %s has lang %q (%v), want %q", e.path(), got, err, lang)
	}
	if b := e.text("[data-testid=logout]"); b != logout {
		e.t.Fatalf("page %s: sign-out button says %q, want %q", e.path(), b, logout)
	}
	if m := e.text("[data-testid=sidenav]"); !strings.Contains(m, usersMenu) {
		e.t.Fatalf("page %s: menu lacks %q:\n%s", e.path(), usersMenu, m)
	}
}
