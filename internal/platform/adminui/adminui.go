// Package adminui is the server-rendered staff UI of the platform's own
// features: sign-in and password reset, the workbench, "my account", and the
// administration pages (tenants, departments, users, roles, settings, audit).
// Pages and the JSON API (package adminapi) call the same service methods;
// handlers decode a form, call one method and render a page or, for htmx, the
// fragment that changed. Templates live in platform/web/views.
package adminui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminapi"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// Services are what the pages call: the same set as the JSON API's.
type Services = adminapi.Services

// UI holds the pages' dependencies and the registries modules plug into
// (workbench panels, global search).
type UI struct {
	Services
	s      *web.Server
	panels []Panel
	search []SearchProvider
}

// Register adds every platform page and menu item to the server. Modules may
// add workbench panels and search providers to the returned UI while wiring.
func Register(s *web.Server, svc Services) *UI {
	u := &UI{Services: svc, s: s}
	u.defaultPanels()
	u.authRoutes()
	u.homeRoutes()
	u.meRoutes()
	u.tenantRoutes()
	u.deptRoutes()
	u.userRoutes()
	u.roleRoutes()
	u.settingsRoutes()
	u.auditRoutes()
	u.docsRoutes()
	if svc.Approval != nil {
		u.approvalRoutes()
		u.approvalRuleRoutes()
		u.fillPanel("approvals", u.approvalPanel)
	}
	if svc.Notify != nil {
		u.notifyRoutes()
		u.fillPanel("notifications", u.notifyPanel)
	}
	u.menu()
	return u
}

// t translates a catalog key in the request's language.
func (u *UI) t(r *http.Request, key string, kv ...any) string {
	var data map[string]any
	if len(kv) > 1 {
		data = map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			data[kv[i].(string)] = kv[i+1]
		}
	}
	return u.s.Cat.T(web.LangFrom(r.Context()), key, data)
}

// page renders a full page (or its content block for hx-target=main).
func (u *UI) page(w http.ResponseWriter, r *http.Request, status int, name, title, active string, data any) {
	u.s.Render.Page(w, r, status, name, web.PageData{Title: title, Active: active, Data: data})
}

// pageOr renders block alone when htmx targets an element other than the
// main area (a list swap, a form re-render), the whole page otherwise. One
// template serves both, so a fragment can never drift from its page.
func (u *UI) pageOr(w http.ResponseWriter, r *http.Request, status int, name, block, title, active string, data any) {
	if isHX(r) && r.Header.Get("HX-Target") != "" && r.Header.Get("HX-Target") != "main" {
		u.s.Render.Fragment(w, r, status, name, block, web.PageData{Title: title, Active: active, Data: data})
		return
	}
	u.page(w, r, status, name, title, active, data)
}

func isHX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// redirect after a successful POST: HX-Redirect for htmx (a full
// navigation), 303 See Other for a plain form.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	if isHX(r) {
		w.Header().Set("HX-Redirect", to)
		w.WriteHeader(http.StatusOK)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// safeNext accepts only a local path ("/x…", not "//host" or "/\host"), so
// ?next= cannot send a user to another site after sign-in.
func safeNext(next, def string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return def
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return def
	}
	return next
}

// problem turns an error into the localized problem the edge would send.
func (u *UI) problem(r *http.Request, err error) *web.Problem {
	ctx := r.Context()
	return web.NewProblem(u.s.Cat, web.LangFrom(ctx), web.RequestIDFrom(ctx), err)
}

func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}

func principal(r *http.Request) identity.Principal {
	p, _ := web.PrincipalFrom(r.Context())
	return p
}

// Flash messages survive one redirect in a short-lived cookie holding a
// catalog key (never user text), and are shown once as a toast.
const flashCookie = "taihe_flash"

func (u *UI) setFlash(w http.ResponseWriter, key string) {
	if !strings.HasPrefix(key, "flash.") {
		// takeFlash shows only flash.* keys: fail loudly in tests rather
		// than drop the message silently.
		panic("adminui: a flash message key must start with flash.: " + key)
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: key, Path: "/", MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

// takeFlash returns the pending flash text once and clears it.
func (u *UI) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil || c.Value == "" {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	if !strings.HasPrefix(c.Value, "flash.") || !u.s.Cat.Has(web.LangFrom(r.Context()), c.Value) {
		return ""
	}
	return u.t(r, c.Value)
}
