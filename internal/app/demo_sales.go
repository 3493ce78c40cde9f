package app

import (
	"context"
	"time"

	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
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

// seedQuotes gives the demo a review rule for thin quotations (margin under
// 15 %: the manager) and quotations by the salesperson in every status: a
// draft, one waiting for review, approved, sent, accepted (with its draft
// order), declined and expired. The first has a process route (定制机箱:
// cutting, bending, welding and two materials).
func (a *App) seedQuotes(ctx context.Context, sys tenant.Scope) error {
	if _, err := a.Approval.SaveRule(ctx, sys, approval.Rule{DocType: sales.DocQuote, Name: "低毛利报价（低于 15%）", Active: true,
		Conditions: []approval.Condition{{Field: "margin_pct", Op: "lt", Value: "15"}},
		Levels:     []approval.Level{{Role: "manager"}}}); err != nil {
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
	// The salesperson's own customers, so the quotations' pages name them.
	custs, err := a.Records.List(ctx, seller, masterdata.Customers, list.Query{Sort: "code", Limit: 10,
		Filters: map[string]string{"blacklisted": "false"}})
	if err != nil {
		return err
	}
	prods, err := a.Records.List(ctx, sys, masterdata.Products, list.Query{Sort: "sku", Limit: 10,
		Filters: map[string]string{"active": "true"}})
	if err != nil {
		return err
	}
	whs, err := a.Records.List(ctx, sys, masterdata.Warehouses, list.Query{Sort: "code", Limit: 1})
	if err != nil {
		return err
	}
	if len(custs.Items) == 0 || len(prods.Items) < 4 || len(whs.Items) == 0 {
		return nil
	}
	wh := whs.Items[0].ID
	valid := time.Now().In(i18n.Location).AddDate(0, 0, 30).Format(time.DateOnly)
	quote := func(c int, price, cost string, until string) (sales.Quote, error) {
		return a.Sales.CreateQuote(ctx, seller, sales.QuoteInput{CustomerID: custs.Items[c%len(custs.Items)].ID, WarehouseID: wh, ValidUntil: until,
			Notes: "演示报价", Lines: []sales.QuoteLineInput{{ProductID: prods.Items[c%len(prods.Items)].ID, Qty: "10", Price: price,
				UnitCost: cost}}})
	}
	// A draft with a process route and a product line.
	if _, err := a.Sales.CreateQuote(ctx, seller, sales.QuoteInput{CustomerID: custs.Items[0].ID, ValidUntil: valid, Notes: "客户询价：定制机箱",
		Lines: []sales.QuoteLineInput{
			{Kind: sales.KindRoute, ProductID: prods.Items[0].ID, Description: "定制钣金机箱 600×400×300", Qty: "20", Markup: "25",
				Steps: []sales.QuoteStepInput{{Name: "激光切割", Hours: "0.5", Rate: "120"}, {Name: "折弯", Hours: "0.3", Rate: "90"},
					{Name: "焊接", Hours: "0.8", Rate: "80"}},
				Materials: []sales.QuoteMaterialInput{{ProductID: prods.Items[1].ID, Qty: "2", UnitCost: "35"},
					{ProductID: prods.Items[2].ID, Qty: "8", UnitCost: "0.6"}}},
			{ProductID: prods.Items[3].ID, Qty: "20", Price: "15", UnitCost: "9"}}}); err != nil {
		return err
	}
	submit := func(q sales.Quote, err error) (sales.Quote, error) {
		if err != nil {
			return q, err
		}
		return a.Sales.SubmitQuote(ctx, seller, q.ID, q.Version)
	}
	send := func(q sales.Quote, err error) (sales.Quote, error) {
		if err != nil {
			return q, err
		}
		return a.Sales.SendQuote(ctx, seller, q.ID, q.Version)
	}
	if _, err := submit(quote(1, "105", "98", valid)); err != nil { // 6.7 % margin: waits for the manager
		return err
	}
	if _, err := submit(quote(2, "60", "40", valid)); err != nil { // approved at once
		return err
	}
	if _, err := send(submit(quote(3, "58", "40", valid))); err != nil {
		return err
	}
	q, err := send(submit(quote(4, "75", "50", valid)))
	if err != nil {
		return err
	}
	if _, err := a.Sales.AcceptQuote(ctx, seller, q.ID, q.Version, 0); err != nil {
		return err
	}
	if q, err = send(submit(quote(5, "90", "50", valid))); err != nil {
		return err
	}
	if _, err := a.Sales.DeclineQuote(ctx, seller, q.ID, q.Version, "客户选择了其他供应商"); err != nil {
		return err
	}
	// Valid through today only: tomorrow's expiry run lapses it (and no
	// other demo quotation, all valid for 30 days).
	today := time.Now().In(i18n.Location).Format(time.DateOnly)
	if _, err := send(submit(quote(6, "66", "40", today))); err != nil {
		return err
	}
	return a.Sales.ExpireDue(ctx, time.Now().AddDate(0, 0, 1))
}
