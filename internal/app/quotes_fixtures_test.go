package app_test

import (
	"testing"
)

// A draft quotation of the tenant, for the route walk: one product line and
// one process route (a step and a material) for a fresh customer.
func init() {
	fixtures["quotations"] = func(t testing.TB, f *tenantFx) record {
		t.Helper()
		cust, prod, mat := fixtures["customers"](t, f), fixtures["products"](t, f), fixtures["products"](t, f)
		return createDoc(t, f, "/api/v1/quotations", map[string]any{"customer_id": cust.id, "notes": f.unique("qt"),
			"lines": []map[string]any{{"product_id": prod.id, "qty": "3", "price": "10", "unit_cost": "6"},
				{"kind": "route", "product_id": prod.id, "qty": "2", "markup": "30",
					"steps":     []map[string]any{{"name": "切割", "hours": "1", "rate": "50"}},
					"materials": []map[string]any{{"product_id": mat.id, "qty": "1", "unit_cost": "8"}}}}})
	}
	// The quotation's pages (/sales/quotes/{id}) aim at the same records.
	fixtures["quotes"] = func(t testing.TB, f *tenantFx) record { return fixtures["quotations"](t, f) }
	otherTenantBodies["PATCH /api/v1/quotations/{id}"] = func(rec record, _ *tenantFx) map[string]any {
		return map[string]any{"notes": "hacked", "version": rec.version}
	}
	for _, a := range []string{"submit", "approve", "reject", "send", "accept", "decline"} {
		otherTenantBodies["POST /api/v1/quotations/{id}/"+a] = func(rec record, _ *tenantFx) map[string]any {
			return map[string]any{"version": rec.version, "comment": "x", "reason": "x"}
		}
	}
}
