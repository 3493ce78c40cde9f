package recordui

import (
	"net/http"

	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// routes registers the pages of one Type, each with the permission of what
// it does. Export and import pages are package recordio's.
func (u *UI) routes(t *records.Type) {
	s, p := u.srv, base(t)
	h := func(fn func(http.ResponseWriter, *http.Request, *records.Type)) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { fn(w, r, t) }
	}
	s.Handle("GET "+p, web.Perm, perm(t, tenant.View), h(u.listPage))
	s.Handle("GET "+p+"/new", web.Perm, perm(t, tenant.Create), h(u.newPage))
	s.Handle("POST "+p, web.Perm, perm(t, tenant.Create), h(u.create))
	s.Handle("GET "+p+"/options", web.Perm, perm(t, tenant.View), h(u.options))
	s.Handle("POST "+p+"/duplicates", web.Perm, perm(t, tenant.View), h(u.duplicates))
	s.Handle("GET "+p+"/{id}", web.Perm, perm(t, tenant.View), h(u.recordPage))
	s.Handle("POST "+p+"/{id}", web.Perm, perm(t, tenant.Edit), h(u.update))
	// Dictionary items are deactivated, never deleted: their module has no
	// delete action, and a route may only name a registered permission.
	if u.ui.Access.Registry().Valid(perm(t, tenant.Delete)) {
		s.Handle("POST "+p+"/{id}/delete", web.Perm, perm(t, tenant.Delete), h(u.delete))
	}
	if t == records.DictItems {
		return // dictionary items carry no files (the API has none either)
	}
	u.recordFiles(t).Routes(perm(t, tenant.View), perm(t, tenant.Edit))
}

// canDelete tells whether the Type's module has a delete action at all.
func (u *UI) canDelete(sc tenant.Scope, t *records.Type) bool {
	return u.ui.Access.Registry().Valid(perm(t, tenant.Delete)) && sc.Can(perm(t, tenant.Delete))
}
