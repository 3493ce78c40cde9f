package app_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// The order page offers exactly the actions the order's status allows
// (the service refuses the rest, TestActionsByStatus): the demo's orders
// in each status, seen by their salesperson.
func TestSalesOrderPageOffersOnlyAllowedActions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		tid := tenantID(t, d, "demo")
		seller := login(t, srv, "demo", "sales", app.DemoPassword)
		want := map[string][]string{ // status → the buttons shown
			"draft":          {"so-edit", "so-submit", "so-delete", "so-cancel"},
			"pending_review": {"so-cancel"},
			"approved":       {"so-details", "so-cancel"},
			"cancelled":      {},
		}
		all := []string{"so-edit", "so-submit", "so-close", "so-delete", "so-cancel", "so-details", "so-decide"}
		for status, shown := range want {
			var id int64
			if err := db.Tenant(d.Read(), tid).Get(context.Background(), &id, `SELECT min(id) FROM sales_orders WHERE tenant_id = ? AND status = ?
				AND owner_id = (SELECT id FROM users WHERE tenant_id = sales_orders.tenant_id AND username = 'sales')`, tid, status); err != nil || id == 0 {
				t.Fatalf("a demo order of the salesperson in %s: %v", status, err)
			}
			resp, body := do(t, http.MethodGet, fmt.Sprintf("%s/sales/orders/%d", srv.URL, id), seller, nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s order page: %d", status, resp.StatusCode)
			}
			for _, b := range all {
				has := strings.Contains(string(body), `data-testid="`+b+`"`)
				if want := slices.Contains(shown, b); has != want {
					t.Errorf("%s order: %s shown=%v, want %v", status, b, has, want)
				}
			}
		}
	})
}

// The customer's page has its quotations on a tab beside its orders, each
// linking to the quotation.
func TestCustomerPageQuotationsTab(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		tid := tenantID(t, d, "demo")
		admin := login(t, srv, "demo", "admin", app.DemoPassword)
		var q struct {
			ID       int64  `db:"id"`
			Number   string `db:"number"`
			Customer int64  `db:"customer_id"`
		}
		if err := db.Tenant(d.Read(), tid).Get(context.Background(), &q, `SELECT id, number, customer_id FROM sales_quotes
			WHERE tenant_id = ? ORDER BY id LIMIT 1`, tid); err != nil {
			t.Fatalf("a demo quotation: %v", err)
		}
		tab := string(mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/md/customers/%d?tab=sales_quotes", srv.URL, q.Customer), admin, nil))
		if !strings.Contains(tab, `data-testid="tab-sales_quotes"`) || !strings.Contains(tab, fmt.Sprintf(`href="/sales/quotes/%d"`, q.ID)) ||
			!strings.Contains(tab, q.Number) || !strings.Contains(tab, fmt.Sprintf(`href="/sales/quotes?customer_id=%d"`, q.Customer)) {
			t.Errorf("the customer's quotations tab: %.3000s", tab)
		}
	})
}
