package app_test

import (
	"fmt"
	"net/http"
	"testing"
)

// The stock documents' fixtures for the route walk: a draft of each,
// made through the API with fresh warehouses and a product of the
// tenant's own.
func init() {
	fixtures["transfers"] = func(t testing.TB, f *tenantFx) record {
		w0, w1, p := fixtures["warehouses"](t, f), fixtures["warehouses"](t, f), fixtures["products"](t, f)
		return createDoc(t, f, "/api/v1/transfers", map[string]any{"from_warehouse_id": w0.id, "to_warehouse_id": w1.id,
			"lines": []map[string]any{{"product_id": p.id, "qty": "1"}}})
	}
	fixtures["adjustments"] = func(t testing.TB, f *tenantFx) record {
		w, p := fixtures["warehouses"](t, f), fixtures["products"](t, f)
		return createDoc(t, f, "/api/v1/stock-adjustments", map[string]any{"warehouse_id": w.id, "reason": "found",
			"lines": []map[string]any{{"product_id": p.id, "qty": "2"}}})
	}
	fixtures["counts"] = func(t testing.TB, f *tenantFx) record {
		return createDoc(t, f, "/api/v1/stock-counts", map[string]any{"warehouse_id": fixtures["warehouses"](t, f).id})
	}
	otherTenantBodies["POST /api/v1/stock-counts/{id}/scan"] = func(record, *tenantFx) map[string]any {
		return map[string]any{"barcode": "6901234567892"}
	}
	otherTenantBodies["POST /api/v1/stock-counts/{id}/enter"] = func(record, *tenantFx) map[string]any {
		return map[string]any{"lines": []map[string]any{}}
	}
	// An action on another tenant's document at its real version must be
	// a 404: a missing tenant filter would let it through.
	for _, a := range []string{"transfers/{id}/ship", "transfers/{id}/receive", "transfers/{id}/cancel",
		"stock-adjustments/{id}/submit", "stock-adjustments/{id}/approve", "stock-adjustments/{id}/reject", "stock-adjustments/{id}/cancel",
		"stock-counts/{id}/post", "stock-counts/{id}/cancel"} {
		otherTenantBodies["POST /api/v1/"+a] = func(rec record, _ *tenantFx) map[string]any {
			return map[string]any{"version": rec.version}
		}
	}
	// The API names them stock-adjustments and stock-counts (API.md), the
	// pages /inventory/adjustments and /inventory/counts: one record each.
	fixtures["stock-adjustments"] = func(t testing.TB, f *tenantFx) record { return fixtures["adjustments"](t, f) }
	fixtures["stock-counts"] = func(t testing.TB, f *tenantFx) record { return fixtures["counts"](t, f) }
	otherTenantBodies["PATCH /api/v1/stock-adjustments/{id}"] = func(rec record, _ *tenantFx) map[string]any {
		return map[string]any{"version": rec.version, "warehouse_id": 1, "reason": "loss", "lines": []map[string]any{}}
	}
	otherTenantBodies["PATCH /api/v1/transfers/{id}"] = func(rec record, _ *tenantFx) map[string]any {
		return map[string]any{"version": rec.version, "from_warehouse_id": 1, "to_warehouse_id": 2, "lines": []map[string]any{}}
	}
}

// createDoc posts a document and returns its id and version.
func createDoc(t testing.TB, f *tenantFx, path string, body map[string]any) record {
	t.Helper()
	out := decode[struct {
		ID      int64 `json:"id"`
		Version int   `json:"version"`
	}](t, mustDo(t, http.StatusCreated, http.MethodPost, f.srv.URL+path, f.admin, body))
	if out.ID == 0 {
		t.Fatalf("%s: no id", fmt.Sprint(path))
	}
	return record{id: out.ID, version: out.Version}
}
