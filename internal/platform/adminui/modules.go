package adminui

import (
	"net/http"

	"github.com/taihe-erp/taihe/internal/platform/web"
)

// Helpers for pages of other packages (records, later modules) that share
// this UI's layout, flash messages and htmx conventions.

// T translates a catalog key in the request's language.
func (u *UI) T(r *http.Request, key string, kv ...any) string { return u.t(r, key, kv...) }

// Page renders a full page (or its content block for hx-target=main).
func (u *UI) Page(w http.ResponseWriter, r *http.Request, status int, name, title, active string, data any) {
	u.page(w, r, status, name, title, active, data)
}

// PageOr renders block alone when htmx targets an element other than the
// main area, the whole page otherwise.
func (u *UI) PageOr(w http.ResponseWriter, r *http.Request, status int, name, block, title, active string, data any) {
	u.pageOr(w, r, status, name, block, title, active, data)
}

// Fragment renders one block of a page with data as PageData.Data.
func (u *UI) Fragment(w http.ResponseWriter, r *http.Request, status int, name, block string, data any) {
	u.s.Render.Fragment(w, r, status, name, block, web.PageData{Data: data})
}

// Problem is the localized problem the edge would send for err.
func (u *UI) Problem(r *http.Request, err error) *web.Problem { return u.problem(r, err) }

// SetFlash shows a catalog message ("flash.…") once after the next redirect.
func (u *UI) SetFlash(w http.ResponseWriter, key string) { u.setFlash(w, key) }

// TakeFlash returns the pending flash text once and clears it.
func (u *UI) TakeFlash(w http.ResponseWriter, r *http.Request) string { return u.takeFlash(w, r) }

// Redirect after a successful POST (HX-Redirect for htmx, 303 otherwise).
func Redirect(w http.ResponseWriter, r *http.Request, to string) { redirect(w, r, to) }

// IsHX tells whether htmx sent the request.
func IsHX(r *http.Request) bool { return isHX(r) }
