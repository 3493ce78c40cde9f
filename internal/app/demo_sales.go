package app

import (
	"context"

	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/sales"
)

// seedSales gives the demo an approval rule for large sales orders (over
// ¥50,000: the manager, then finance) and orders made by the salesperson
// through the service: a draft, one waiting for the manager, approved ones
// holding stock of the first warehouse, and a cancelled one.
func (a *App) seedSales(ctx context.Context, sys tenant.Scope) error {
	if _, err := a.Approval.SaveRule(ctx, sys, approval.Rule{DocType: sales.DocOrder, Name: "大额销售（5 万元以上）", Active: true,
		Conditions: []approval.Condition{{Field: "amount", Op: "gt", Value: "50000"}},
		Levels:     []approval.Level{{Role: "manager"}, {Role: "finance"}}}); err != nil {
		return err
	}
	var uid int64
	if err := a.DB.Read().Get(ctx, &uid, `SELECT id FROM users WHERE tenant_id = ? AND username = 'sales'`, sys.Tenant()); err != nil {
		return err
	}
	seller, err := a.IDs.ScopeOf(ctx, sys.Tenant(), uid)
	if err != nil {
		return err
	}
	// The salesperson sells to the customers in their data scope.
	custs, err := a.Records.List(ctx, seller, masterdata.Customers, list.Query{Sort: "code", Limit: 20,
		Filters: map[string]string{"blacklisted": "false"}})
	if err != nil {
		return err
	}
	whs, err := a.Records.List(ctx, sys, masterdata.Warehouses, list.Query{Sort: "code", Limit: 1})
	if err != nil {
		return err
	}
	if len(custs.Items) < 5 || len(whs.Items) == 0 {
		return nil
	}
	wh := whs.Items[0].ID
	bals, err := a.Inventory.Balances(ctx, sys, 0, wh, 0, 0)
	if err != nil {
		return err
	}
	var stocked []int64 // products with room for a few small orders
	for _, b := range bals {
		if b.Available() >= 10*10000 {
			stocked = append(stocked, b.ProductID)
		}
	}
	if len(stocked) < 6 {
		return nil
	}
	p := 0
	order := func(customer int, price string, qtys ...string) (sales.Order, error) {
		in := sales.OrderInput{CustomerID: custs.Items[customer].ID, WarehouseID: wh, Notes: "演示订单", Channel: "phone"}
		for _, q := range qtys {
			in.Lines = append(in.Lines, sales.LineInput{ProductID: stocked[p%len(stocked)], Qty: q, Price: price})
			p++
		}
		return a.Sales.Create(ctx, seller, in)
	}
	submit := func(o sales.Order, err error) (sales.Order, error) {
		if err != nil {
			return o, err
		}
		return a.Sales.Submit(ctx, seller, o.ID, o.Version)
	}
	if _, err := order(0, "58", "3", "2"); err != nil { // a draft
		return err
	}
	if _, err := submit(order(1, "1200", "30", "25")); err != nil { // ¥66,000: waits for the manager
		return err
	}
	if _, err := submit(order(2, "45", "4", "2")); err != nil { // approved, stock reserved
		return err
	}
	if _, err := submit(order(3, "99", "1")); err != nil {
		return err
	}
	cancelled, err := submit(order(4, "30", "2"))
	if err != nil {
		return err
	}
	if _, err = a.Sales.Cancel(ctx, seller, cancelled.ID, cancelled.Version, "客户改期，重新下单"); err != nil {
		return err
	}
	if err := a.seedDeliveries(ctx, sys); err != nil {
		return err
	}
	if err := a.seedReturns(ctx, sys); err != nil {
		return err
	}
	// The deliveries shipped the oldest approved orders: one more waits for
	// its delivery, holding its stock.
	_, err = submit(order(3, "88", "2"))
	return err
}
