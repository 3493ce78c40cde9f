package app_test

import (
	"fmt"
	"net/http"
	"testing"
)

// A requested return of the tenant, for the route walk: the deliveries
// fixture's draft delivery is picked, packed and shipped, and one unit of
// its order line comes back, with a photo.
func init() {
	fixtures["sales-returns"] = func(t testing.TB, f *tenantFx) record {
		t.Helper()
		do := fixtures["deliveries"](t, f)
		item := fmt.Sprintf("%s/api/v1/deliveries/%d", f.srv.URL, do.id)
		type delivery struct {
			Version int `json:"version"`
			Lines   []struct {
				OrderID     int64 `json:"order_id"`
				OrderLineID int64 `json:"order_line_id"`
			} `json:"lines"`
		}
		d := decode[delivery](t, mustDo(t, http.StatusOK, http.MethodGet, item, f.admin, nil))
		for _, a := range []string{"pick", "pack", "ship"} {
			d = decode[delivery](t, mustDo(t, http.StatusOK, http.MethodPost, item+"/"+a, f.admin,
				map[string]any{"version": d.Version, "carrier": "sf", "tracking_no": "SF100200300"}))
		}
		rec := createDoc(t, f, "/api/v1/sales-returns", map[string]any{"order_id": d.Lines[0].OrderID, "kind": "return",
			"reason": "other", "reason_note": f.unique("rt"), "lines": []map[string]any{{"order_line_id": d.Lines[0].OrderLineID, "qty": "1"}}})
		rec.att = attach(t, f, fmt.Sprintf("/api/v1/sales-returns/%d/attachments", rec.id))
		return rec
	}
	// The return's pages (/sales/returns/{id}) aim at the same records.
	fixtures["sales/returns"] = func(t testing.TB, f *tenantFx) record { return fixtures["sales-returns"](t, f) }
	for _, a := range []string{"approve", "reject", "receive", "inspect", "close"} {
		otherTenantBodies["POST /api/v1/sales-returns/{id}/"+a] = func(rec record, _ *tenantFx) map[string]any {
			return map[string]any{"version": rec.version, "comment": "x", "note": "x"}
		}
	}
}
