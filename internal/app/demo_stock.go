package app

import (
	"context"
	"fmt"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/approval"
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

// seedStockDocs adds one of each stock document to the demo: a transfer
// in transit, a posted count with a loss, and an adjustment waiting for
// the manager under an approval rule for every adjustment.
func (a *App) seedStockDocs(ctx context.Context, sc tenant.Scope) error {
	whs, err := a.Records.List(ctx, sc, masterdata.Warehouses, list.Query{Sort: "code", Limit: 2})
	if err != nil || len(whs.Items) < 2 {
		return err
	}
	w0, w1 := whs.Items[0].ID, whs.Items[1].ID
	held, err := a.Inventory.Balances(ctx, sc, 0, w0, 0, 0)
	if err != nil || len(held) < 3 {
		return err
	}
	line := func(b inventory.Balance, n int64) []inventory.LineInput {
		return []inventory.LineInput{{ProductID: b.ProductID, Qty: inventory.Units(n)}}
	}
	t, err := a.Inventory.CreateTransfer(ctx, sc, inventory.TransferInput{FromWarehouseID: w0, ToWarehouseID: w1, Note: "门店补货",
		Lines: line(held[0], 2)})
	if err != nil {
		return err
	}
	if _, err := a.Inventory.ShipTransfer(ctx, sc, t.ID, t.Version); err != nil {
		return err
	}
	c, err := a.Inventory.CreateCount(ctx, sc, inventory.CountInput{WarehouseID: w1, Note: "月末盘点"})
	if err != nil || len(c.Lines) == 0 {
		return err
	}
	counted := c.Lines[0].Expected - inventory.Units(1)
	if c, err = a.Inventory.EnterCounts(ctx, sc, c.ID, []inventory.CountEntry{{LineID: c.Lines[0].ID, Counted: &counted}}); err != nil {
		return err
	}
	if _, err := a.Inventory.PostCount(ctx, sc, c.ID, c.Version); err != nil {
		return err
	}
	if _, err := a.Approval.SaveRule(ctx, sc, approval.Rule{DocType: inventory.DocAdjustment, Name: "库存调整经理审批", Active: true,
		Levels: []approval.Level{{Role: access.RoleManager}}}); err != nil {
		return err
	}
	adj, err := a.Inventory.CreateAdjustment(ctx, sc, inventory.AdjustmentInput{WarehouseID: w0, Reason: inventory.ReasonDamage,
		ReasonNote: "搬运破损", Lines: []inventory.LineInput{{ProductID: held[1].ProductID, Qty: -inventory.Units(1)}}})
	if err != nil {
		return err
	}
	_, err = a.Inventory.SubmitAdjustment(ctx, sc, adj.ID, adj.Version)
	return err
}
