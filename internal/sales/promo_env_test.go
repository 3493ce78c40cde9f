package sales_test

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/sales"
)

// promo defines a promotion; off turns it off again (so one tenant serves
// several cases).
func (e *env) promo(in records.Input) (id int64, off func()) {
	e.t.Helper()
	id = e.create(sales.Promotions, in)
	return id, func() {
		e.t.Helper()
		r, err := e.w.Records.Get(e.ctx, e.admin, sales.Promotions, id)
		if err != nil {
			e.t.Fatal(err)
		}
		if _, err := e.w.Records.Update(e.ctx, e.admin, sales.Promotions, id, r.Version, records.Input{"active": false}); err != nil {
			e.t.Fatal(err)
		}
	}
}

// line is product i × qty at price, tax-free (so amounts are easy to read).
type line struct {
	product    int
	qty, price string
}

// draft makes an order for customer c with the lines and coupon; err is
// the refusal, if any.
func (e *env) draft(sc tenant.Scope, c int64, coupon string, ls ...line) (sales.Order, error) {
	in := sales.OrderInput{CustomerID: c, WarehouseID: e.whs[0], CouponCode: coupon}
	for _, l := range ls {
		in.Lines = append(in.Lines, sales.LineInput{ProductID: e.products[l.product], Qty: l.qty, Price: l.price, TaxRate: "0"})
	}
	return e.svc.Create(e.ctx, sc, in)
}

func (e *env) mustDraft(c int64, coupon string, ls ...line) sales.Order {
	e.t.Helper()
	o, err := e.draft(e.admin, c, coupon, ls...)
	if err != nil {
		e.t.Fatalf("create order: %v", err)
	}
	return o
}

// amt is a decimal as the order stores it (× 10^4).
func amt(t testing.TB, s string) int64 {
	t.Helper()
	v, err := money.MustParse(s).Scaled()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// fieldCode is the code of the field error on field, "" when none.
func fieldCode(err error, field string) string {
	fe, _ := errs.As(err)
	if fe == nil {
		return ""
	}
	for _, f := range fe.Fields {
		if f.Field == field {
			return f.Code
		}
	}
	return ""
}

// exact checks the invariants every order with promotions keeps: line
// discounts are what the promotions took, line amounts and taxes add up to
// the total, and the promotions' amounts add up to the lines' promotion
// discounts.
func exact(t testing.TB, o sales.Order) {
	t.Helper()
	var lines, promo, perPromo, sub, disc int64
	for _, l := range o.Lines {
		lines += l.Amount + l.Tax
		promo += l.PromoDiscount
		sub += l.Amount + l.Discount
		disc += l.Discount
		if l.Amount < 0 || l.PromoDiscount < 0 || l.PromoDiscount > l.Discount {
			t.Errorf("line %d: amount %d, discount %d, promotions %d", l.LineNo, l.Amount, l.Discount, l.PromoDiscount)
		}
	}
	for _, p := range o.Promotions {
		perPromo += p.Amount
	}
	if lines != o.Total || promo != perPromo || sub != o.Subtotal || disc != o.Discount || o.Subtotal-o.Discount+o.Tax != o.Total {
		t.Errorf("totals: lines %d total %d; line promotions %d promotions %d; subtotal %d/%d discount %d/%d", lines, o.Total, promo,
			perPromo, sub, o.Subtotal, disc, o.Discount)
	}
}

// got is what each promotion of the order took off, by promotion id.
func got(o sales.Order) map[int64]int64 {
	out := map[int64]int64{}
	for _, p := range o.Promotions {
		out[p.PromotionID] = p.Amount
	}
	return out
}
