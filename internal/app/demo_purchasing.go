package app

import (
	"context"
	"fmt"

	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/purchasing"
)

// seedPurchasing gives the demo an approval rule for large purchase orders
// (over ¥50,000: the manager, then finance) and orders in every status,
// made by the warehouse keeper through the services (numbers, approvals,
// receipts posted to the ledger, audit).
func (a *App) seedPurchasing(ctx context.Context, sys tenant.Scope) error {
	if _, err := a.Approval.SaveRule(ctx, sys, approval.Rule{DocType: purchasing.DocOrder, Name: "大额采购（5 万元以上）", Active: true,
		Conditions: []approval.Condition{{Field: "amount", Op: "gt", Value: "50000"}},
		Levels:     []approval.Level{{Role: "manager"}, {Role: "finance"}}}); err != nil {
		return err
	}
	users := map[string]tenant.Scope{}
	for _, name := range []string{"warehouse", "manager", "finance"} {
		var id int64
		if err := a.DB.Read().Get(ctx, &id, `SELECT id FROM users WHERE tenant_id = ? AND username = ?`, sys.Tenant(), name); err != nil {
			return err
		}
		sc, err := a.IDs.ScopeOf(ctx, sys.Tenant(), id)
		if err != nil {
			return err
		}
		users[name] = sc
	}
	sups, err := a.Records.List(ctx, sys, masterdata.Suppliers, list.Query{Sort: "code", Limit: 6})
	if err != nil {
		return err
	}
	prods, err := a.Records.List(ctx, sys, masterdata.Products, list.Query{Sort: "sku", Limit: 40,
		Filters: map[string]string{"type": masterdata.ProductGoods, "active": "true"}})
	if err != nil {
		return err
	}
	whs, err := a.Records.List(ctx, sys, masterdata.Warehouses, list.Query{Sort: "code", Limit: 2})
	if err != nil {
		return err
	}
	if len(sups.Items) < 6 || len(prods.Items) < 20 || len(whs.Items) == 0 {
		return nil
	}
	buyer, p := users["warehouse"], 0
	order := func(supplier int, price string, qtys ...string) (purchasing.Order, error) {
		in := purchasing.OrderInput{SupplierID: sups.Items[supplier].ID, WarehouseID: whs.Items[0].ID, ExpectedDate: "2026-12-31"}
		for _, q := range qtys {
			in.Lines = append(in.Lines, purchasing.LineInput{ProductID: prods.Items[p%len(prods.Items)].ID, Qty: q, Price: price})
			p++
		}
		return a.Purchasing.Create(ctx, buyer, in)
	}
	submit := func(o purchasing.Order, err error) (purchasing.Order, error) {
		if err != nil {
			return o, err
		}
		return a.Purchasing.Submit(ctx, buyer, o.ID, o.Version)
	}
	receive := func(o purchasing.Order, lines int) error {
		in := purchasing.ReceiveInput{Notes: "演示收货"}
		for _, l := range o.Lines[:lines] {
			in.Lines = append(in.Lines, purchasing.ReceiveLine{OrderLineID: l.ID, Qty: fmt.Sprint(l.Qty / 10000)})
		}
		_, err := a.Purchasing.Receive(ctx, buyer, o.ID, in)
		return err
	}
	if _, err := order(0, "18.5", "40", "25"); err != nil { // a draft
		return err
	}
	if _, err := submit(order(1, "260", "100", "120", "60")); err != nil { // ¥74,100: waits for the manager
		return err
	}
	if _, err := submit(order(2, "32", "50", "80")); err != nil { // approved, nothing received yet
		return err
	}
	partial, err := submit(order(3, "45", "30", "30", "20"))
	if err != nil {
		return err
	}
	if err := receive(partial, 2); err != nil { // 2 of 3 lines arrived
		return err
	}
	done, err := submit(order(4, "12", "100", "60"))
	if err != nil {
		return err
	}
	if err := receive(done, 2); err != nil {
		return err
	}
	if done, err = a.Purchasing.Get(ctx, buyer, done.ID); err != nil {
		return err
	}
	if _, err := a.Purchasing.Close(ctx, buyer, done.ID, done.Version); err != nil {
		return err
	}
	cancelled, err := order(5, "9.9", "200")
	if err != nil {
		return err
	}
	_, err = a.Purchasing.Cancel(ctx, buyer, cancelled.ID, cancelled.Version, "供应商报价过期")
	return err
}
