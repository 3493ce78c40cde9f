package sales_test

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/sales"
)

// A promotion applies only inside its window, while active, to the
// customers and products in its scope (groups and categories include the
// ones below them).
func TestPromotionScopeAndWindow(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		parentGroup := e.create(masterdata.CustomerGroups, records.Input{"code": "G1", "name": "华东"})
		childGroup := e.create(masterdata.CustomerGroups, records.Input{"code": "G2", "name": "杭州", "parent_id": parentGroup})
		gold := e.create(masterdata.Customers, records.Input{"code": "GOLD", "name": "金卡客户", "level": "gold", "group_id": childGroup})
		plain := e.customers[0]
		parentCat := e.create(masterdata.ProductCategories, records.Input{"code": "K1", "name": "厨具"})
		childCat := e.create(masterdata.ProductCategories, records.Input{"code": "K2", "name": "保温杯", "parent_id": parentCat})
		cup := e.create(masterdata.Products, records.Input{"sku": "CUP", "name": "保温杯", "type": masterdata.ProductGoods,
			"base_unit": "pcs", "category_id": childCat, "list_price": "50", "tax_rate": "13"})
		e.products = append(e.products, cup) // product 5
		lines := []line{{5, "2", "50"}, {0, "1", "100"}}

		cases := []struct {
			name  string
			promo records.Input
			cust  int64
			want  []string // promotion discount per line; nil: nothing
		}{
			{"ended yesterday", records.Input{"valid_to": day(-1)}, plain, nil},
			{"starts tomorrow", records.Input{"valid_from": day(1)}, plain, nil},
			{"valid today only", records.Input{"valid_from": day(0), "valid_to": day(0)}, plain, []string{"10", "10"}},
			{"inactive", records.Input{"active": false}, plain, nil},
			{"member level: gold", records.Input{"customer_level": "gold"}, gold, []string{"10", "10"}},
			{"member level: not gold", records.Input{"customer_level": "gold"}, plain, nil},
			{"parent group", records.Input{"customer_group_id": parentGroup}, gold, []string{"10", "10"}},
			{"group: not in it", records.Input{"customer_group_id": parentGroup}, plain, nil},
			{"one customer", records.Input{"customer_id": plain}, plain, []string{"10", "10"}},
			{"another customer", records.Input{"customer_id": plain}, gold, nil},
			{"parent category", records.Input{"category_id": parentCat}, plain, []string{"10", "0"}},
			{"one product", records.Input{"product_id": e.products[0]}, plain, []string{"0", "10"}},
		}
		for _, tc := range cases {
			in := records.Input{"name": tc.name, "kind": sales.PromoPercent, "value": "10"}
			for k, v := range tc.promo {
				in[k] = v
			}
			id, off := e.promo(in)
			o := e.mustDraft(tc.cust, "", lines...)
			exact(t, o)
			switch {
			case tc.want == nil && len(o.Promotions) != 0:
				t.Errorf("%s: applied %+v", tc.name, o.Promotions)
			case tc.want != nil && (len(o.Promotions) != 1 || o.Promotions[0].PromotionID != id):
				t.Errorf("%s: applied %+v, want promotion %d", tc.name, o.Promotions, id)
			case tc.want != nil:
				for i, w := range tc.want {
					if o.Lines[i].PromoDiscount != amt(t, w) {
						t.Errorf("%s: line %d got %d, want %s", tc.name, i+1, o.Lines[i].PromoDiscount, w)
					}
				}
			}
			off()
		}
	})
}

// Priority decides: the highest-priority promotion that applies goes
// first; an exclusive one stands alone, stackable ones combine, each on
// what the ones before left. A coupon always applies: exclusive automatic
// promotions drop out beside it, and an exclusive coupon stands alone.
func TestPromotionStacking(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.customers[0]
		hundred := line{0, "1", "100"}
		a, _ := e.promo(records.Input{"name": "A 九折", "kind": sales.PromoPercent, "value": "10", "priority": int64(10)})
		b, _ := e.promo(records.Input{"name": "B 满90减5", "kind": sales.PromoThreshold, "value": "5", "threshold": "90",
			"priority": int64(5)})
		// A first (10 off 100), then B on the 90 left.
		o := e.mustDraft(c, "", hundred)
		if g := got(o); len(o.Promotions) != 2 || o.Promotions[0].PromotionID != a || g[a] != amt(t, "10") || g[b] != amt(t, "5") ||
			o.Total != amt(t, "85") {
			t.Fatalf("stackable: %+v total %d", o.Promotions, o.Total)
		}
		// B counts what A left: at 99, A leaves 89.10 < 90.
		if o := e.mustDraft(c, "", line{0, "1", "99"}); len(o.Promotions) != 1 || o.Promotions[0].PromotionID != a {
			t.Fatalf("threshold after the percent: %+v", o.Promotions)
		}
		// An exclusive promotion of lower priority does not displace them.
		low, offLow := e.promo(records.Input{"name": "低优先独享", "kind": sales.PromoAmount, "value": "40", "exclusive": true,
			"priority": int64(1)})
		if o := e.mustDraft(c, "", hundred); len(o.Promotions) != 2 || got(o)[low] != 0 {
			t.Fatalf("a low exclusive one: %+v", o.Promotions)
		}
		offLow()
		// One of higher priority stands alone.
		top, offTop := e.promo(records.Input{"name": "独享立减30", "kind": sales.PromoAmount, "value": "30", "exclusive": true,
			"priority": int64(20)})
		o = e.mustDraft(c, "", hundred)
		if len(o.Promotions) != 1 || o.Promotions[0].PromotionID != top || o.Total != amt(t, "70") {
			t.Fatalf("exclusive: %+v total %d", o.Promotions, o.Total)
		}
		exact(t, o)
		// A stackable coupon: the exclusive one drops out, A and B stay.
		cp, _ := e.promo(records.Input{"name": "券减3", "kind": sales.PromoAmount, "value": "3", "coupon_code": "save3",
			"priority": int64(0)})
		o = e.mustDraft(c, "Save3", hundred)
		if g := got(o); len(o.Promotions) != 3 || g[top] != 0 || g[cp] != amt(t, "3") || o.Total != amt(t, "82") || o.CouponCode != "SAVE3" {
			t.Fatalf("stackable coupon: %+v total %d code %q", o.Promotions, o.Total, o.CouponCode)
		}
		exact(t, o)
		// An exclusive coupon stands alone.
		solo, _ := e.promo(records.Input{"name": "独享券", "kind": sales.PromoPercent, "value": "50", "coupon_code": "HALF",
			"exclusive": true})
		o = e.mustDraft(c, "half", hundred)
		if len(o.Promotions) != 1 || o.Promotions[0].PromotionID != solo || o.Total != amt(t, "50") {
			t.Fatalf("exclusive coupon: %+v total %d", o.Promotions, o.Total)
		}
		offTop()
		// Without a coupon, coupon promotions never apply by themselves.
		if o := e.mustDraft(c, "", hundred); got(o)[cp] != 0 || got(o)[solo] != 0 {
			t.Fatalf("coupon promotions without the code: %+v", o.Promotions)
		}
	})
}
