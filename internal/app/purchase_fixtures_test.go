package app_test

import (
	"fmt"
	"net/http"
	"testing"
)

// A draft purchase order of the tenant, for the route walk: one line of a
// fresh product from a fresh supplier into a fresh warehouse.
func init() {
	fixtures["purchase-orders"] = func(t testing.TB, f *tenantFx) record {
		t.Helper()
		sup, prod, wh := fixtures["suppliers"](t, f), fixtures["products"](t, f), fixtures["warehouses"](t, f)
		o := decode[poJSON](t, mustDo(t, http.StatusCreated, http.MethodPost, f.srv.URL+"/api/v1/purchase-orders", f.admin,
			map[string]any{"supplier_id": sup.id, "warehouse_id": wh.id, "notes": f.unique("po"),
				"lines": []map[string]any{{"product_id": prod.id, "qty": "3", "price": "1"}}}))
		return record{id: o.ID, version: o.Version}
	}
	// The order's page (/purchasing/orders/{id}) aims at the same records.
	fixtures["orders"] = func(t testing.TB, f *tenantFx) record { return fixtures["purchase-orders"](t, f) }
	// A pending approval request: a rule for orders over ¥1,000,000 names a
	// fresh user, and a ¥2,000,000 order is submitted.
	fixtures["approvals"] = func(t testing.TB, f *tenantFx) record {
		t.Helper()
		u := fixtures["users"](t, f)
		mustDo(t, http.StatusCreated, http.MethodPost, f.srv.URL+"/api/v1/approval-rules", f.admin, map[string]any{
			"doc_type": "purchase_order", "name": f.unique("rule"), "active": true,
			"conditions": []map[string]any{{"field": "amount", "op": "gt", "value": "1000000"}},
			"levels":     []map[string]any{{"users": []int64{u.id}}}})
		sup, prod, wh := fixtures["suppliers"](t, f), fixtures["products"](t, f), fixtures["warehouses"](t, f)
		o := decode[poJSON](t, mustDo(t, http.StatusCreated, http.MethodPost, f.srv.URL+"/api/v1/purchase-orders", f.admin,
			map[string]any{"supplier_id": sup.id, "warehouse_id": wh.id,
				"lines": []map[string]any{{"product_id": prod.id, "qty": "1", "price": "2000000"}}}))
		o = decode[poJSON](t, mustDo(t, http.StatusOK, http.MethodPost, fmt.Sprintf("%s/api/v1/purchase-orders/%d/submit", f.srv.URL, o.ID),
			f.admin, map[string]any{"version": o.Version}))
		if o.Status != "pending_review" {
			t.Fatalf("the fixture order is %s, not pending review", o.Status)
		}
		h := decode[struct {
			Items []struct {
				ID      int64 `json:"id"`
				Version int   `json:"version"`
			} `json:"items"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/api/v1/approvals/history?doc_type=purchase_order&doc_id=%d", f.srv.URL, o.ID),
			f.admin, nil))
		if len(h.Items) == 0 {
			t.Fatal("the fixture order has no approval request")
		}
		return record{id: h.Items[0].ID, version: h.Items[0].Version}
	}
	otherTenantBodies["PATCH /api/v1/purchase-orders/{id}"] = func(rec record, _ *tenantFx) map[string]any {
		return map[string]any{"supplier_id": 1, "warehouse_id": 1, "lines": []map[string]any{}, "version": rec.version}
	}
}
