package app_test

import (
	"fmt"
	"net/http"
	"testing"
)

// A draft delivery of the tenant, for the route walk: a fresh product is
// bought and received (so an approved sales order can reserve it), sold
// to a fresh customer, and one of the three ordered is put on a delivery.
func init() {
	fixtures["deliveries"] = func(t testing.TB, f *tenantFx) record {
		t.Helper()
		sup, prod, wh, cust := fixtures["suppliers"](t, f), fixtures["products"](t, f), fixtures["warehouses"](t, f), fixtures["customers"](t, f)
		po := decode[poJSON](t, mustDo(t, http.StatusCreated, http.MethodPost, f.srv.URL+"/api/v1/purchase-orders", f.admin,
			map[string]any{"supplier_id": sup.id, "warehouse_id": wh.id, "lines": []map[string]any{{"product_id": prod.id, "qty": "5", "price": "1"}}}))
		item := fmt.Sprintf("%s/api/v1/purchase-orders/%d", f.srv.URL, po.ID)
		if po = decode[poJSON](t, mustDo(t, http.StatusOK, http.MethodPost, item+"/submit", f.admin, map[string]any{"version": po.Version})); po.Status != "approved" {
			t.Fatalf("the fixture purchase order is %s", po.Status)
		}
		mustDo(t, http.StatusCreated, http.MethodPost, item+"/receipts", f.admin, map[string]any{"lines": []map[string]any{
			{"order_line_id": po.Lines[0].ID, "qty": "5"}}})
		so := decode[poJSON](t, mustDo(t, http.StatusCreated, http.MethodPost, f.srv.URL+"/api/v1/sales-orders", f.admin,
			map[string]any{"customer_id": cust.id, "warehouse_id": wh.id, "lines": []map[string]any{{"product_id": prod.id, "qty": "3", "price": "1"}}}))
		so = decode[poJSON](t, mustDo(t, http.StatusOK, http.MethodPost, fmt.Sprintf("%s/api/v1/sales-orders/%d/submit", f.srv.URL, so.ID),
			f.admin, map[string]any{"version": so.Version}))
		if so.Status != "approved" {
			t.Fatalf("the fixture sales order is %s", so.Status)
		}
		return createDoc(t, f, "/api/v1/deliveries", map[string]any{"carrier": "sf", "notes": f.unique("do"),
			"lines": []map[string]any{{"order_line_id": so.Lines[0].ID, "qty": "1"}}})
	}
	// An action on another tenant's delivery at its real version must be a
	// 404: bodies that pass every check but the tenant's.
	otherTenantBodies["POST /api/v1/deliveries/{id}/events"] = func(record, *tenantFx) map[string]any {
		return map[string]any{"description": "x"}
	}
	for _, a := range []string{"pick", "pack", "ship", "deliver", "cancel"} {
		otherTenantBodies["POST /api/v1/deliveries/{id}/"+a] = func(rec record, _ *tenantFx) map[string]any {
			return map[string]any{"version": rec.version, "reason": "x", "carrier": "sf", "tracking_no": "1"}
		}
	}
}
