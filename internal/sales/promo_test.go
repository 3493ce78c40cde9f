package sales_test

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/sales"
)

// Each kind takes exactly what it promises, and the lines still add up to
// the order's total.
func TestPromotionKinds(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.customers[0]
		type want struct {
			promo int64 // off per promotion
			lines []string
			total string
		}
		check := func(name string, o sales.Order, id int64, w want) {
			t.Helper()
			exact(t, o)
			if got(o)[id] != w.promo || o.Total != amt(t, w.total) {
				t.Errorf("%s: promotion took %d (want %d), total %d (want %s)", name, got(o)[id], w.promo, o.Total, w.total)
			}
			for i, l := range w.lines {
				if i < len(o.Lines) && o.Lines[i].PromoDiscount != amt(t, l) {
					t.Errorf("%s: line %d promotion discount %d, want %s", name, i+1, o.Lines[i].PromoDiscount, l)
				}
			}
		}

		// 10% off, line by line: 30 → 3, 20.01 → 2.001.
		id, off := e.promo(records.Input{"name": "九折", "kind": sales.PromoPercent, "value": "10"})
		check("percent", e.mustDraft(c, "", line{0, "3", "10"}, line{1, "1", "20.01"}), id,
			want{amt(t, "5.001"), []string{"3", "2.001"}, "45.009"})
		off()

		// 10 off when the lines reach 40, shared 30 : 20.01 with the rounding
		// remainder on the last line.
		id, off = e.promo(records.Input{"name": "立减10", "kind": sales.PromoAmount, "value": "10", "threshold": "40"})
		check("amount", e.mustDraft(c, "", line{0, "3", "10"}, line{1, "1", "20.01"}), id,
			want{amt(t, "10"), []string{"5.9988", "4.0012"}, "40.01"})
		check("amount under the threshold", e.mustDraft(c, "", line{0, "3", "10"}), id, want{0, []string{"0"}, "30"})
		off()

		// 满减 with tiers: 满300减30 (the promotion itself), 满500减60, 满1000减150.
		id, off = e.promo(records.Input{"name": "满300减30", "kind": sales.PromoThreshold, "value": "30", "threshold": "300"})
		e.create(sales.PromotionTiers, records.Input{"promotion_id": id, "threshold": "500", "amount": "60"})
		e.create(sales.PromotionTiers, records.Input{"promotion_id": id, "threshold": "1000", "amount": "150"})
		check("threshold below", e.mustDraft(c, "", line{0, "1", "299.99"}), id, want{0, nil, "299.99"})
		check("threshold first tier", e.mustDraft(c, "", line{0, "1", "300"}), id, want{amt(t, "30"), nil, "270"})
		check("threshold second tier", e.mustDraft(c, "", line{0, "2", "100"}, line{1, "4", "100"}), id,
			want{amt(t, "60"), []string{"20", "40"}, "540"})
		check("threshold third tier", e.mustDraft(c, "", line{0, "1", "1200"}), id, want{amt(t, "150"), nil, "1050"})
		off()

		// Buy 2 get 1 of the same product: of 7 units 2 are free.
		id, off = e.promo(records.Input{"name": "买二送一", "kind": sales.PromoBuyGet, "value": "1", "buy_qty": "2",
			"product_id": e.products[2]})
		check("buy 2 get 1", e.mustDraft(c, "", line{0, "1", "5"}, line{2, "7", "10"}), id, want{amt(t, "20"), []string{"0", "20"}, "55"})
		off()
		// Buy 2 of P2, get 1 of P3 free: 5 bought make 2 free, as far as the
		// order has them.
		id, off = e.promo(records.Input{"name": "买二赠P3", "kind": sales.PromoBuyGet, "value": "1", "buy_qty": "2",
			"product_id": e.products[2], "get_product_id": e.products[3]})
		check("buy P2 get P3", e.mustDraft(c, "", line{2, "5", "10"}, line{3, "3", "8"}), id, want{amt(t, "16"), []string{"0", "16"}, "58"})
		check("buy P2 get P3, one on the order", e.mustDraft(c, "", line{2, "5", "10"}, line{3, "1", "8"}), id,
			want{amt(t, "8"), []string{"0", "8"}, "50"})
		off()

		// Tax is on what is left after the promotion: 10% off 100 at 13%.
		_, off = e.promo(records.Input{"name": "九折含税", "kind": sales.PromoPercent, "value": "10"})
		o, err := e.svc.Create(e.ctx, e.admin, sales.OrderInput{CustomerID: c, WarehouseID: e.whs[0], Lines: []sales.LineInput{
			{ProductID: e.products[0], Qty: "3", Price: "33.33"}, {ProductID: e.products[1], Qty: "1", Price: "0.07", Discount: "50"}}})
		if err != nil {
			t.Fatal(err)
		}
		exact(t, o)
		// 99.99 − 9.999 = 89.991, tax 11.69883 → 11.6988; 0.035 − 0.0035 = 0.0315, tax 0.0041.
		if o.Lines[0].Amount != amt(t, "89.991") || o.Lines[0].Tax != amt(t, "11.6988") || o.Lines[1].Amount != amt(t, "0.0315") ||
			o.Lines[1].Discount != amt(t, "0.0385") || o.Total != amt(t, "101.7254") {
			t.Errorf("with tax: %+v total %d", o.Lines, o.Total)
		}
		off()

		// A promotion without a benefit, or a buy-X-get-Y without a product,
		// is refused field by field.
		_, err = e.w.Records.Create(e.ctx, e.admin, sales.Promotions, records.Input{"name": "x", "kind": sales.PromoBuyGet, "value": "0"})
		for _, f := range []string{"value", "product_id", "buy_qty"} {
			if fieldCode(err, f) == "" {
				t.Errorf("an empty buy-X-get-Y: no error on %s (%v)", f, err)
			}
		}
	})
}
