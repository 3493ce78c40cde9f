package app_test

import (
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
	otherTenantBodies["PATCH /api/v1/purchase-orders/{id}"] = func(rec record, _ *tenantFx) map[string]any {
		return map[string]any{"supplier_id": 1, "warehouse_id": 1, "lines": []map[string]any{}, "version": rec.version}
	}
}
