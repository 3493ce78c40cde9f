package app_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// A customer's phone in the audit trail is masked for an auditor without
// customers.unmask, as it is on the customer page, and shown to the admin.
func TestAuditMasksCustomerPhones(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		admin := adminToken(t, srv)
		c := decode[struct {
			ID int64 `json:"id"`
		}](t, mustDo(t, http.StatusCreated, http.MethodPost, srv.URL+"/api/v1/customers", admin,
			map[string]any{"name": "审计脱敏测试有限公司", "type": "organisation", "phone": "13912345678"}))
		r := createRole(t, srv, admin, "auditor", []string{"audit.view"}, nil)
		u := createUser(t, srv, admin, "auditor1", map[string]any{"role_ids": []int64{r.ID}})
		auditor := login(t, srv, "demo", u.Username, pw)
		path := fmt.Sprintf("%s/api/v1/audit-log?record_type=customers&record_id=%d", srv.URL, c.ID)
		if b := string(mustDo(t, http.StatusOK, http.MethodGet, path, auditor, nil)); strings.Contains(b, "13912345678") || !strings.Contains(b, "139****5678") {
			t.Errorf("auditor without customers.unmask sees: %s", b)
		}
		if b := string(mustDo(t, http.StatusOK, http.MethodGet, path, admin, nil)); !strings.Contains(b, "13912345678") {
			t.Errorf("admin does not see the phone: %s", b)
		}
	})
}
