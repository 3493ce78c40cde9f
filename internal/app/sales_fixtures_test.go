package app_test

import (
	"fmt"
	"testing"
)

// A draft sales order of the tenant, for the route walk: one line of a
// fresh product for a fresh customer from a fresh warehouse.
func init() {
	fixtures["sales-orders"] = func(t testing.TB, f *tenantFx) record {
		t.Helper()
		cust, prod, wh := fixtures["customers"](t, f), fixtures["products"](t, f), fixtures["warehouses"](t, f)
		rec := createDoc(t, f, "/api/v1/sales-orders", map[string]any{"customer_id": cust.id, "warehouse_id": wh.id,
			"notes": f.unique("so"), "lines": []map[string]any{{"product_id": prod.id, "qty": "3", "price": "1"}}})
		rec.att = attach(t, f, fmt.Sprintf("/api/v1/sales-orders/%d/attachments", rec.id))
		return rec
	}
	// The order's pages (/sales/orders/{id}) aim at the same records; the
	// segment "orders" alone is purchasing's.
	fixtures["sales/orders"] = func(t testing.TB, f *tenantFx) record { return fixtures["sales-orders"](t, f) }
	// Bodies that pass the schema, so a request at another tenant's order
	// reaches the service's tenant check at the order's real version.
	otherTenantBodies["PATCH /api/v1/sales-orders/{id}"] = func(rec record, _ *tenantFx) map[string]any {
		return map[string]any{"notes": "hacked", "version": rec.version}
	}
	otherTenantBodies["POST /api/v1/sales-orders/{id}/communications"] = func(record, *tenantFx) map[string]any {
		return map[string]any{"channel": "phone", "text": "hacked"}
	}
	for _, a := range []string{"submit", "approve", "reject", "cancel", "close"} {
		otherTenantBodies["POST /api/v1/sales-orders/{id}/"+a] = func(rec record, _ *tenantFx) map[string]any {
			return map[string]any{"version": rec.version, "comment": "x", "reason": "x"}
		}
	}
}
