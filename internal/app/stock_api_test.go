package app_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// The stock API reads balances, a product's movements with the running
// balance and the stock value, as decimal strings; roles without
// inventory.view are refused.
func TestStockAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		a, srv := newTestApp(t, d)
		ctx := context.Background()
		tid := tenantID(t, d, "demo")
		var ids struct {
			P int64 `db:"p"`
			W int64 `db:"w"`
		}
		if err := db.Tenant(d.Read(), tid).Get(ctx, &ids, `SELECT (SELECT min(id) FROM products WHERE tenant_id = ?) AS p,
			(SELECT min(id) FROM warehouses WHERE tenant_id = ?) AS w`, tid, tid); err != nil {
			t.Fatal(err)
		}
		admin := adminToken(t, srv)
		before := decode[struct {
			Items []struct {
				OnHand string `json:"on_hand"`
			} `json:"items"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/api/v1/stock?product_id=%d&warehouse_id=%d", srv.URL, ids.P, ids.W), admin, nil))
		var had int64
		if len(before.Items) == 1 {
			fmt.Sscan(before.Items[0].OnHand, &had)
		}
		var adminID int64
		if err := db.Tenant(d.Read(), tid).Get(ctx, &adminID, `SELECT id FROM users WHERE tenant_id = ? AND username = 'admin'`, tid); err != nil {
			t.Fatal(err)
		}
		sc, err := a.IDs.ScopeOf(ctx, tid, adminID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Inventory.Post(ctx, sc,
			inventory.Move{Kind: inventory.Receipt, ProductID: ids.P, WarehouseID: ids.W, Qty: inventory.Units(12), UnitCost: 25000},
			inventory.Move{Kind: inventory.Delivery, ProductID: ids.P, WarehouseID: ids.W, Qty: 25000}); err != nil {
			t.Fatal(err)
		}
		moves := decode[struct {
			Items []struct {
				Kind    string `json:"kind"`
				Qty     string `json:"qty"`
				Balance string `json:"balance"`
			} `json:"items"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/api/v1/stock-moves?product_id=%d&warehouse_id=%d", srv.URL, ids.P, ids.W), admin, nil))
		if len(moves.Items) < 2 || moves.Items[0].Kind != "delivery" || moves.Items[0].Qty != "-2.50" ||
			moves.Items[0].Balance != fmt.Sprintf("%d.50", had+9) {
			t.Errorf("movements %+v (had %d)", moves.Items, had)
		}
		value := decode[struct {
			Total string `json:"total"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/stock/value?group=warehouse", admin, nil))
		if value.Total == "" || value.Total == "0.00" {
			t.Errorf("stock value %+v", value)
		}
		resp, body := do(t, http.MethodGet, srv.URL+"/api/v1/stock/value?date=2026-13-01", admin, nil)
		wantProblem(t, "a bad date", resp, body, http.StatusUnprocessableEntity, "field:date=field.invalid")
		service := login(t, srv, "demo", "service", app.DemoPassword)
		resp, body = do(t, http.MethodGet, srv.URL+"/api/v1/stock", service, nil)
		wantProblem(t, "service reads stock", resp, body, http.StatusForbidden, "forbidden")
	})
}
