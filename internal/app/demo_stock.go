package app

import (
	"context"
	"fmt"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// seedOpeningStock posts the demo's opening stock (期初库存): every stocked
// product in one or two warehouses at its standard cost, as one posting.
func (a *App) seedOpeningStock(ctx context.Context, sc tenant.Scope) error {
	whs, err := a.Records.List(ctx, sc, masterdata.Warehouses, list.Query{Sort: "code", Limit: list.MaxLimit})
	if err != nil || len(whs.Items) == 0 {
		return err
	}
	var moves []inventory.Move
	err = a.Records.Each(ctx, sc, masterdata.Products, list.Query{Filters: map[string]string{"type": masterdata.ProductGoods}},
		func(p records.Record) error {
			cost, _ := p.Values["standard_cost"].(money.Amount)
			unit, err := cost.Scaled()
			if err != nil {
				return err
			}
			n := p.ID % int64(len(whs.Items))
			for i := int64(0); i <= p.ID%2; i++ {
				w := whs.Items[(n+i)%int64(len(whs.Items))]
				moves = append(moves, inventory.Move{Kind: inventory.AdjustIn, ProductID: p.ID, WarehouseID: w.ID,
					Qty: inventory.Units(5 + (p.ID*37+i*11)%120), UnitCost: unit, DocType: "opening", Note: "期初库存"})
			}
			return nil
		})
	if err != nil || len(moves) == 0 {
		return err
	}
	if _, err = a.Inventory.Post(ctx, sc, moves...); err != nil {
		return err
	}
	// Reorder rules for the first products, each naming a supplier; every
	// third is under its point, so the workbench's low-stock panel has
	// something to show (and to order).
	sups, err := a.Records.List(ctx, sc, masterdata.Suppliers, list.Query{Sort: "code", Limit: 5})
	if err != nil {
		return err
	}
	for i, m := range moves[:min(12, len(moves))] {
		point := m.Qty / 10000 / 2
		if i%3 == 0 {
			point = m.Qty/10000 + 10
		}
		if _, err := a.Records.Create(ctx, sc, inventory.ReorderRules, records.Input{"product_id": m.ProductID,
			"warehouse_id": m.WarehouseID, "reorder_point": fmt.Sprint(point), "reorder_qty": fmt.Sprint(point * 3), "supplier_id": supplierOf(sups.Items, i)}); err != nil {
			return err
		}
	}
	return nil
}

// supplierOf is the i-th supplier round robin (nil when there are none).
func supplierOf(sups []records.Record, i int) any {
	if len(sups) == 0 {
		return nil
	}
	return sups[i%len(sups)].ID
}
