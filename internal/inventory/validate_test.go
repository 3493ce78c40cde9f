package inventory_test

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
)

// A posting with a bad movement names every problem by movement and
// field, and writes nothing — also the movements that were fine.
func TestBadPostingWritesNothing(t *testing.T) {
	each(t, 2, 2, func(t *testing.T, e *env) {
		var otherTenantProduct int64
		if err := e.d.Read().Get(e.ctx, &otherTenantProduct, `SELECT coalesce(max(id), 0) + 1000 FROM products`); err != nil {
			t.Fatal(err)
		}
		_, err := e.inv.Post(e.ctx, e.admin,
			inventory.Move{Kind: inventory.Receipt, ProductID: e.products[0], WarehouseID: e.warehouses[0], Qty: inventory.Units(5)},
			inventory.Move{Kind: "gift", ProductID: e.products[1], WarehouseID: e.warehouses[0], Qty: 0},
			inventory.Move{Kind: inventory.Receipt, ProductID: otherTenantProduct, WarehouseID: e.warehouses[1], Qty: inventory.Units(1)})
		fe, ok := errs.As(err)
		if !ok || fe.Kind != errs.KindInvalid {
			t.Fatalf("bad posting: %v", err)
		}
		got := map[string]string{}
		for _, f := range fe.Fields {
			got[f.Field] = f.Code
		}
		if got["moves[1].kind"] != "field.invalid" || got["moves[1].qty"] != "field.positive" || len(got) != 2 {
			t.Errorf("field errors %v", got)
		}
		_, err = e.inv.Post(e.ctx, e.admin,
			inventory.Move{Kind: inventory.Receipt, ProductID: e.products[0], WarehouseID: e.warehouses[0], Qty: inventory.Units(5)},
			inventory.Move{Kind: inventory.Receipt, ProductID: otherTenantProduct, WarehouseID: e.warehouses[1], Qty: inventory.Units(1)})
		if fe, ok := errs.As(err); !ok || len(fe.Fields) != 1 || fe.Fields[0].Field != "moves[1].product_id" || fe.Fields[0].Code != "field.unknown_ref" {
			t.Errorf("unknown product: %v", err)
		}
		// Taking more than is there fails the whole posting.
		_, err = e.inv.Post(e.ctx, e.admin,
			inventory.Move{Kind: inventory.Receipt, ProductID: e.products[0], WarehouseID: e.warehouses[0], Qty: inventory.Units(5)},
			inventory.Move{Kind: inventory.Delivery, ProductID: e.products[1], WarehouseID: e.warehouses[0], Qty: inventory.Units(1)})
		if fe, ok := errs.As(err); !ok || fe.Kind != errs.KindConflict || fe.Code != "inventory.insufficient" || fe.Data["Available"] != "0" {
			t.Errorf("delivery of nothing: %v", err)
		}
		// A transfer's legs must match.
		_, err = e.inv.Post(e.ctx, e.admin,
			inventory.Move{Kind: inventory.TransferIn, ProductID: e.products[0], WarehouseID: e.warehouses[1], Qty: inventory.Units(1)})
		if fe, ok := errs.As(err); !ok || len(fe.Fields) != 1 || fe.Fields[0].Code != "inventory.transfer_unbalanced" {
			t.Errorf("a lone transfer in: %v", err)
		}
		for _, table := range []string{"stock_moves", "stock_costs"} {
			var n int
			if err := db.Tenant(e.d.Read(), e.admin.Tenant()).Get(e.ctx, &n, "SELECT count(*) FROM "+table+" WHERE tenant_id = ?", e.admin.Tenant()); err != nil || n != 0 {
				t.Errorf("%s has %d rows after failed postings (%v)", table, n, err)
			}
		}
	})
}
