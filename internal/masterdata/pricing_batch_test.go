package masterdata

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// PricesFor gives every item what PriceFor gives it alone — the price, or
// the same error — and a customer outside the caller's scope fails every
// item, as it fails each PriceFor.
func TestPricesForAnswersAsPriceFor(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := newPricing(e)
		items := []PriceItem{{f.p, "pcs", amt("150")}, {f.p, "box", amt("1")}, {f.p3, "box", amt("1")}, {f.p2, "", amt("1")},
			{f.p + 1000, "", amt("1")}, {f.p3, "kg", amt("1")}}
		for _, cust := range []int64{f.c1, f.c3, 0} {
			prices, fails := e.svc.PricesFor(e.ctx, e.sc, cust, items, 0, on("2026-03-05"))
			for i, it := range items {
				want, werr := e.svc.PriceFor(e.ctx, e.sc, cust, it.ProductID, it.Unit, it.Qty, 0, on("2026-03-05"))
				if (werr == nil) != (fails[i] == nil) || errs.KindOf(werr) != errs.KindOf(fails[i]) {
					t.Fatalf("customer %d item %d: error %v, PriceFor %v", cust, i, fails[i], werr)
				}
				if werr == nil && (!sameAmount(prices[i].Price, want.Price) || prices[i].PriceListID != want.PriceListID ||
					prices[i].Source != want.Source) {
					t.Fatalf("customer %d item %d: %+v, PriceFor %+v", cust, i, prices[i], want)
				}
			}
			if fails[0] != nil || fails[3] == nil || fails[4] == nil {
				t.Fatalf("customer %d: errors %v", cust, fails)
			}
		}
		own := tenant.NewScope(tenant.Params{TenantID: e.tenant, ActorID: e.users[1],
			Perms:  []tenant.Perm{tenant.P(CustomersModule, tenant.View), tenant.P(ProductsModule, tenant.View)},
			Scopes: map[string]tenant.DataScope{CustomersModule: tenant.ScopeOwn, ProductsModule: tenant.ScopeAll}})
		_, fails := e.svc.PricesFor(e.ctx, own, f.c3, items[:2], 0, on("2026-03-05"))
		for i, err := range fails {
			if errs.KindOf(err) != errs.KindNotFound {
				t.Errorf("another owner's customer, item %d: %v, want not found", i, err)
			}
		}
		// Pricing for a customer needs customers.view; without a customer
		// products.view is enough.
		noCustomers := tenant.NewScope(tenant.Params{TenantID: e.tenant, ActorID: e.users[0],
			Perms: []tenant.Perm{tenant.P(ProductsModule, tenant.View)}, Scopes: map[string]tenant.DataScope{ProductsModule: tenant.ScopeAll}})
		if _, err := e.svc.PriceFor(e.ctx, noCustomers, f.c3, f.p, "", amt("1"), 0, on("2026-03-05")); errs.KindOf(err) != errs.KindForbidden {
			t.Errorf("without customers.view: %v, want forbidden", err)
		}
		if _, err := e.svc.PriceFor(e.ctx, noCustomers, 0, f.p, "", amt("1"), 0, on("2026-03-05")); err != nil {
			t.Errorf("no customer, without customers.view: %v", err)
		}
	})
}
