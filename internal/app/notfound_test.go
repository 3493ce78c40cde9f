package app_test

import (
	"net/http"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// An unknown API path answers problem+json like every other API error,
// whether or not the caller is signed in.
func TestUnknownAPIPath(t *testing.T) {
	_, srv := newTestApp(t, testdb.SQLite(t))
	for _, token := range []string{"", adminToken(t, srv)} {
		resp, b := do(t, http.MethodGet, srv.URL+"/api/v1/no-such-thing", token, nil)
		wantProblem(t, "unknown API path", resp, b, http.StatusNotFound, "not_found")
	}
}
