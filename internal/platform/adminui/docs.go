package adminui

import (
	"net/http"

	"github.com/taihe-erp/taihe/internal/platform/web"
)

// The API reference is rendered in the browser by static/apidocs.js from
// /api/openapi.json, the document generated from the code; nothing is
// loaded from elsewhere.
func (u *UI) docsRoutes() {
	u.s.Handle("GET /api/docs", web.Public, "", func(w http.ResponseWriter, r *http.Request) {
		u.page(w, r, http.StatusOK, "api/docs.html", "apidocs.title", "apidocs", nil)
	})
}
