package masterdata

import (
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

func on(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, i18n.Location)
	if err != nil {
		panic(err)
	}
	return t
}

// pricingFixture: CNY (base) and USD with two rates; product P with price
// lists, product P3 with only a list price, P2 with neither; customers c1
// and c4 (gold), c2 (silver), c3 (no level); and the lists
//
//	G   general  prio 0    2026-01-01..2026-12-31  pcs 0 → 9.50, pcs 100 → 9.00, box 0 → 110
//	G2  general  prio 5    2026-02-01..            pcs 0 → 9.40
//	G3  general  prio 5    2026-03-01..2026-03-31  pcs 0 → 9.30
//	G4  general  prio 100  inactive                pcs 0 → 1.00
//	L   gold     prio 0    2026-01-01..            pcs 0 → 9.00
//	C   c1       prio -5                           pcs 0 → 8.00
//	U   general, in USD                            pcs 0 → 1.30
type pricingFixture struct {
	cny, usd, p, p2, p3, c1, c2, c3, c4 int64
	lists                               map[string]int64
}

func newPricing(e *env) pricingFixture {
	f := pricingFixture{lists: map[string]int64{}}
	f.cny = e.create(Currencies, records.Input{"code": "CNY", "name": "人民币"}).ID
	f.usd = e.create(Currencies, records.Input{"code": "USD", "name": "美元"}).ID
	e.create(ExchangeRates, records.Input{"currency_id": f.usd, "rate_date": "2026-01-01", "rate": "7"})
	e.create(ExchangeRates, records.Input{"currency_id": f.usd, "rate_date": "2026-06-01", "rate": "8"})
	f.p = e.create(Products, records.Input{"name": "中性笔", "base_unit": "pcs", "list_price": "10"}).ID
	f.p2 = e.create(Products, records.Input{"name": "定制服务", "base_unit": "time", "type": ProductService}).ID
	f.p3 = e.create(Products, records.Input{"name": "笔记本", "base_unit": "pcs", "list_price": "10"}).ID
	for _, p := range []int64{f.p, f.p3} {
		e.create(ProductUnits, records.Input{"product_id": p, "unit": "box", "factor": "12"})
	}
	e.create(ProductUnits, records.Input{"product_id": f.p3, "unit": "pack", "factor": "0.3333"})
	f.c1 = e.create(Customers, records.Input{"name": "金卡客户一", "level": "gold"}).ID
	f.c2 = e.create(Customers, records.Input{"name": "银卡客户", "level": "silver"}).ID
	f.c3 = e.create(Customers, records.Input{"name": "普通客户"}).ID
	f.c4 = e.create(Customers, records.Input{"name": "金卡客户二", "level": "gold"}).ID
	list := func(key string, in records.Input, items ...[3]string) {
		in["name"] = key
		if in["currency_id"] == nil {
			in["currency_id"] = f.cny
		}
		id := e.create(PriceLists, in).ID
		f.lists[key] = id
		for _, it := range items {
			e.create(PriceListItems, records.Input{"price_list_id": id, "product_id": f.p, "unit": it[0], "min_quantity": it[1], "price": it[2]})
		}
	}
	list("G", records.Input{"priority": "0", "valid_from": "2026-01-01", "valid_to": "2026-12-31"},
		[3]string{"pcs", "0", "9.50"}, [3]string{"pcs", "100", "9.00"}, [3]string{"box", "0", "110"})
	list("G2", records.Input{"priority": "5", "valid_from": "2026-02-01"}, [3]string{"pcs", "0", "9.40"})
	list("G3", records.Input{"priority": "5", "valid_from": "2026-03-01", "valid_to": "2026-03-31"}, [3]string{"pcs", "0", "9.30"})
	list("G4", records.Input{"priority": "100", "active": false}, [3]string{"pcs", "0", "1.00"})
	list("L", records.Input{"customer_level": "gold", "valid_from": "2026-01-01"}, [3]string{"pcs", "0", "9.00"})
	list("C", records.Input{"customer_id": f.c1, "priority": "-5"}, [3]string{"pcs", "0", "8.00"})
	list("U", records.Input{"currency_id": f.usd}, [3]string{"pcs", "0", "1.30"})
	return f
}

func TestPriceFor(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := newPricing(e)
		tests := []struct {
			name     string
			customer int64
			product  int64
			unit     string
			qty      string
			currency int64
			date     string
			want     string
			list     string // "" = the list price
		}{
			{"general list before the later ones start", f.c3, f.p, "", "1", 0, "2026-01-15", "9.50", "G"},
			{"quantity break reached", f.c3, f.p, "pcs", "100", 0, "2026-01-15", "9.00", "G"},
			{"quantity break above", f.c3, f.p, "pcs", "150", 0, "2026-01-15", "9.00", "G"},
			{"just below the break", f.c3, f.p, "pcs", "99.9999", 0, "2026-01-15", "9.50", "G"},
			{"a return meets the break of its size", f.c3, f.p, "pcs", "-100", 0, "2026-01-15", "9.00", "G"},
			{"higher priority wins within the class", f.c3, f.p, "pcs", "150", 0, "2026-02-15", "9.40", "G2"},
			{"same priority: later valid_from", f.c3, f.p, "pcs", "1", 0, "2026-03-05", "9.30", "G3"},
			{"on the last valid day", f.c3, f.p, "pcs", "1", 0, "2026-03-31", "9.30", "G3"},
			{"after it ends", f.c3, f.p, "pcs", "1", 0, "2026-04-01", "9.40", "G2"},
			{"no customer: general lists", 0, f.p, "pcs", "1", 0, "2026-03-05", "9.30", "G3"},
			{"level without a list", f.c2, f.p, "pcs", "1", 0, "2026-03-05", "9.30", "G3"},
			{"level beats general", f.c4, f.p, "pcs", "1", 0, "2026-03-05", "9.00", "L"},
			{"customer beats level despite lower priority", f.c1, f.p, "pcs", "1", 0, "2026-03-05", "8.00", "C"},
			{"lists without the unit are skipped", f.c1, f.p, "box", "1", f.cny, "2026-03-05", "110", "G"},
			{"list in the asked currency", f.c3, f.p, "", "1", f.usd, "2026-03-05", "1.30", "U"},
			{"list price in base units", f.c3, f.p3, "", "1", 0, "2026-03-05", "10", ""},
			{"list price times the unit factor", f.c3, f.p3, "box", "1", 0, "2026-03-05", "120", ""},
			{"list price at the rate on the date", f.c3, f.p3, "", "1", f.usd, "2026-03-05", "1.43", ""},
			{"the later rate", f.c3, f.p3, "", "1", f.usd, "2026-07-01", "1.25", ""},
			{"unit and rate, rounded half up", f.c3, f.p3, "box", "1", f.usd, "2026-03-05", "17.14", ""},
			{"expired general list falls back to the list price", f.c3, f.p3, "box", "1", 0, "2027-01-02", "120", ""},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				p, err := e.svc.PriceFor(e.ctx, e.sc, tc.customer, tc.product, tc.unit, amt(tc.qty), tc.currency, on(tc.date))
				if err != nil {
					t.Fatal(err)
				}
				if !sameAmount(p.Price, amt(tc.want)) {
					t.Errorf("price %s, want %s (%+v)", p.Price, tc.want, p)
				}
				if tc.list == "" {
					if p.Source != FromListPrice || p.PriceListID != 0 {
						t.Errorf("source %s list %d, want the list price", p.Source, p.PriceListID)
					}
					if (tc.currency == f.usd) != (p.Rate != nil) {
						t.Errorf("rate %v for currency %d", p.Rate, tc.currency)
					}
				} else if p.Source != FromPriceList || p.PriceListID != f.lists[tc.list] || p.PriceListCode == "" || p.ItemID == 0 {
					t.Errorf("got %+v, want list %s (%d)", p, tc.list, f.lists[tc.list])
				}
			})
		}
		_, err := e.svc.PriceFor(e.ctx, e.sc, f.c3, f.p3, "", amt("1"), f.usd, on("2025-12-31"))
		kindErr(t, "no rate yet", err, errs.KindNotFound, "masterdata.rate.missing")
		_, err = e.svc.PriceFor(e.ctx, e.sc, f.c3, f.p2, "", amt("1"), 0, on("2026-03-05"))
		kindErr(t, "no price at all", err, errs.KindNotFound, "masterdata.price.none")
		_, err = e.svc.PriceFor(e.ctx, e.sc, f.c3, f.p3, "kg", amt("1"), 0, on("2026-03-05"))
		fieldErr(t, "a unit the product lacks", err, "unit", "masterdata.unit.undefined")
		_, err = e.svc.PriceFor(e.ctx, e.sc, f.c3, f.p+1000, "", amt("1"), 0, on("2026-03-05"))
		kindErr(t, "unknown product", err, errs.KindNotFound, "not_found")
		noProducts := tenant.NewScope(tenant.Params{TenantID: e.tenant, ActorID: e.users[0],
			Perms: []tenant.Perm{tenant.P(CustomersModule, tenant.View)}, Scopes: map[string]tenant.DataScope{CustomersModule: tenant.ScopeAll}})
		_, err = e.svc.PriceFor(e.ctx, noProducts, f.c3, f.p, "", amt("1"), 0, on("2026-03-05"))
		kindErr(t, "without products.view", err, errs.KindForbidden, "forbidden")
		// The customer must be in the caller's data scope: another owner's
		// customer is not found for a sales user who sees only their own.
		own := tenant.NewScope(tenant.Params{TenantID: e.tenant, ActorID: e.users[1],
			Perms:  []tenant.Perm{tenant.P(CustomersModule, tenant.View), tenant.P(ProductsModule, tenant.View)},
			Scopes: map[string]tenant.DataScope{CustomersModule: tenant.ScopeOwn, ProductsModule: tenant.ScopeAll}})
		_, err = e.svc.PriceFor(e.ctx, own, f.c3, f.p, "", amt("1"), 0, on("2026-03-05"))
		if errs.KindOf(err) != errs.KindNotFound {
			t.Errorf("another owner's customer: %v, want not found", err)
		}
	})
}

func TestRateOn(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := newPricing(e)
		for _, tc := range []struct {
			currency int64
			date     string
			want     string
		}{
			{f.cny, "2020-01-01", "1"},
			{f.usd, "2026-01-01", "7"},
			{f.usd, "2026-05-31", "7"},
			{f.usd, "2026-06-01", "8"},
			{f.usd, "2030-01-01", "8"},
		} {
			r, err := e.svc.RateOn(e.ctx, e.sc, tc.currency, on(tc.date))
			if err != nil || !sameAmount(r, amt(tc.want)) {
				t.Errorf("rate of %d on %s: %s %v, want %s", tc.currency, tc.date, r, err, tc.want)
			}
		}
		_, err := e.svc.RateOn(e.ctx, e.sc, f.usd, on("2025-12-31"))
		kindErr(t, "before the first rate", err, errs.KindNotFound, "masterdata.rate.missing")
		if e2, _ := errs.As(err); e2 == nil || e2.Data["Currency"] != "USD" || e2.Data["Date"] != "2025-12-31" {
			t.Errorf("message data %v", err)
		}
		_, err = e.svc.RateOn(e.ctx, e.sc, f.usd+1000, on("2026-03-01"))
		kindErr(t, "unknown currency", err, errs.KindNotFound, "not_found")
	})
}

func TestConvertUnit(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := newPricing(e)
		for _, tc := range []struct{ qty, unit, want string }{
			{"3", "", "3"}, {"3", "pcs", "3"}, {"2.5", "box", "30"}, {"3", "pack", "0.9999"}, {"0.0001", "pack", "0"},
		} {
			got, err := e.svc.ConvertUnit(e.ctx, e.sc, f.p3, amt(tc.qty), tc.unit)
			if err != nil || !sameAmount(got, amt(tc.want)) {
				t.Errorf("%s %s: %s %v, want %s", tc.qty, tc.unit, got, err, tc.want)
			}
		}
		_, err := e.svc.ConvertUnit(e.ctx, e.sc, f.p3, amt("1"), "kg")
		fieldErr(t, "unknown unit", err, "unit", "masterdata.unit.undefined")
	})
}
