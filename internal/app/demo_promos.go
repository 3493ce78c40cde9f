package app

import (
	"context"
	"time"

	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/sales"
)

// seedPromotions gives the demo a 满减 promotion on one product valid this
// year (满300减30, 满1000减120) and a coupon (WELCOME50: 50 off from 500, 100 uses, one per
// customer), and a draft that uses both. They come after the demo orders,
// which keep their amounts.
func (a *App) seedPromotions(ctx context.Context, sys tenant.Scope) error {
	// The salesperson's draft, for a customer of theirs, as the demo's other
	// orders.
	var uid int64
	if err := a.DB.Read().Get(ctx, &uid, `SELECT id FROM users WHERE tenant_id = ? AND username = 'sales'`, sys.Tenant()); err != nil {
		return err
	}
	seller, err := a.IDs.ScopeOf(ctx, sys.Tenant(), uid)
	if err != nil {
		return err
	}
	custs, err := a.Records.List(ctx, seller, masterdata.Customers, list.Query{Sort: "code", Limit: 1,
		Filters: map[string]string{"blacklisted": "false"}})
	if err != nil {
		return err
	}
	whs, err := a.Records.List(ctx, sys, masterdata.Warehouses, list.Query{Sort: "code", Limit: 1})
	if err != nil {
		return err
	}
	// The 满减 covers one product (the last by SKU), so that orders of
	// other products in the demo keep their plain amounts.
	prods, err := a.Records.List(ctx, sys, masterdata.Products, list.Query{Sort: "-sku", Limit: 1,
		Filters: map[string]string{"active": "true"}})
	if err != nil || len(custs.Items) == 0 || len(whs.Items) == 0 || len(prods.Items) == 0 {
		return err
	}
	product := prods.Items[0].ID
	year := time.Now().In(i18n.Location).Format("2006")
	full, err := a.Records.Create(ctx, sys, sales.Promotions, records.Input{"name": "满300减30", "kind": sales.PromoThreshold,
		"value": "30", "threshold": "300", "product_id": product, "valid_from": year + "-01-01", "valid_to": year + "-12-31",
		"priority": int64(10), "notes": "指定商品满额立减，可与优惠券同享"})
	if err != nil {
		return err
	}
	if _, err := a.Records.Create(ctx, sys, sales.PromotionTiers, records.Input{"promotion_id": full.ID, "threshold": "1000",
		"amount": "120", "note": "满1000减120"}); err != nil {
		return err
	}
	if _, err := a.Records.Create(ctx, sys, sales.Promotions, records.Input{"name": "新客券 WELCOME50", "kind": sales.PromoAmount,
		"value": "50", "threshold": "500", "coupon_code": "WELCOME50", "max_uses": int64(100), "per_customer_limit": int64(1),
		"valid_from": year + "-01-01", "valid_to": year + "-12-31"}); err != nil {
		return err
	}
	_, err = a.Sales.Create(ctx, seller, sales.OrderInput{CustomerID: custs.Items[0].ID, WarehouseID: whs.Items[0].ID, Channel: "phone",
		Notes: "演示：满减与优惠券", CouponCode: "WELCOME50", Lines: []sales.LineInput{{ProductID: product, Qty: "2", Price: "320"}}})
	return err
}
