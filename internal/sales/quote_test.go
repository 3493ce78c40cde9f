package sales_test

import (
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/sales"
)

// A route of two steps and two materials costs Σ steps + Σ materials per
// unit; a 20 % markup prices it; with a product line priced from the list
// price the quotation's cost, price and margin (amount and %) come out to
// the exact scaled values.
func TestQuoteRouteCostPriceMargin(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		// The admin sees the customer, which the price lists need.
		qt, err := e.svc.CreateQuote(e.ctx, e.admin, e.routeQuote(e.admin, day(30)))
		if err != nil {
			t.Fatal(err)
		}
		if qt.Status != sales.QuoteDraft || len(qt.Lines) != 2 || qt.Number[:2] != "QT" {
			t.Fatalf("created: %s %d lines %s", qt.Status, len(qt.Lines), qt.Number)
		}
		r := qt.Lines[0]
		if r.Kind != sales.KindRoute || len(r.Steps) != 2 || len(r.Materials) != 2 {
			t.Fatalf("route line: %+v", r)
		}
		steps := []int64{r.Steps[0].Cost, r.Steps[1].Cost, r.Steps[1].Rate}
		if steps[0] != 90_0000 || steps[1] != 30_0000 || steps[2] != 120_0000 || r.Steps[1].Name != "焊接" {
			t.Fatalf("steps: %+v", r.Steps)
		}
		if r.Materials[0].UnitCost != 10_0000 || r.Materials[0].Cost != 20_0000 || r.Materials[1].Cost != 6_1700 {
			t.Fatalf("materials: %+v", r.Materials)
		}
		want := []int64{146_1700, 175_4040, 877_0200, 114_0126, 730_8500, 146_1700, 16_6667}
		got := []int64{r.UnitCost, r.Price, r.Amount, r.Tax, r.Cost, r.Margin, r.MarginPct}
		if !equal(got, want) || r.MarkupPct == nil || *r.MarkupPct != 20_0000 {
			t.Fatalf("route line unit cost, price, amount, tax, cost, margin, margin %%:\n got %v\nwant %v", got, want)
		}
		p := qt.Lines[1]
		got = []int64{p.Price, p.Discount, p.Amount, p.Tax, p.UnitCost, p.Cost, p.Margin, p.MarginPct}
		want = []int64{25_0000, 25_0000, 225_0000, 29_2500, 10_0000, 100_0000, 125_0000, 55_5556}
		if !equal(got, want) {
			t.Fatalf("product line price, discount, amount, tax, unit cost, cost, margin, margin %%:\n got %v\nwant %v", got, want)
		}
		got = []int64{qt.Subtotal, qt.Discount, qt.Tax, qt.Total, qt.Cost, qt.Margin, qt.MarginPct}
		want = []int64{1127_0200, 25_0000, 143_2626, 1245_2826, 830_8500, 271_1700, 24_6066}
		if !equal(got, want) {
			t.Fatalf("quotation subtotal, discount, tax, total, cost, margin, margin %%:\n got %v\nwant %v", got, want)
		}
		// Read back, the route keeps its parts in order.
		back, err := e.svc.GetQuote(e.ctx, e.admin, qt.ID)
		if err != nil || back.Lines[0].Steps[0].Name != "切割" || back.Lines[0].Materials[1].Qty != 5000 || back.Total != qt.Total {
			t.Fatalf("read back: %+v %v", back.Lines, err)
		}
		// A fixed price instead of the markup: the margin follows it.
		in := e.routeQuote(e.admin, day(30))
		in.Lines[0].Markup, in.Lines[0].Price = "", "146.17"
		in.Version = back.Version
		qt, err = e.svc.UpdateQuote(e.ctx, e.admin, qt.ID, in)
		if err != nil || qt.Lines[0].Margin != 0 || qt.Lines[0].MarginPct != 0 || qt.Lines[0].MarkupPct != nil {
			t.Fatalf("priced at cost: %+v %v", qt.Lines[0], err)
		}
	})
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Bad lines are refused field by field, route parts included, and nothing
// is written.
func TestQuoteValidation(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		quotes(e)
		in := e.routeQuote(e.seller, day(-1))
		in.QuoteDate = day(0)
		in.Lines[0].Markup = ""                // a route needs a price or a markup
		in.Lines[0].Steps[0].Hours = "-1"      // hours must be positive
		in.Lines[0].Materials[0].ProductID = 0 // a material needs its product
		in.Lines[1].Markup = "5"               // a product line has no markup
		in.Lines = append(in.Lines, sales.QuoteLineInput{Kind: sales.KindRoute, ProductID: e.products[4], Qty: "1", Price: "9"})
		_, err := e.svc.CreateQuote(e.ctx, e.seller, in)
		fe, _ := errs.As(err)
		if fe == nil || fe.Kind != errs.KindInvalid {
			t.Fatalf("want invalid, got %v", err)
		}
		got := map[string]string{}
		for _, f := range fe.Fields {
			got[f.Field] = f.Code
		}
		want := map[string]string{"valid_until": "sales.quote.valid_before_date", "lines[0].price": "sales.quote.price_or_markup",
			"lines[0].steps[0].hours": "field.positive", "lines[0].materials[0].product_id": "field.required",
			"lines[1].markup": "sales.quote.markup_on_product", "lines[2].steps": "sales.quote.route_empty"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: got %q, want %q (all: %v)", k, got[k], v, got)
			}
		}
		// A customer outside the salesperson's scope is as unknown as none.
		other := e.create(masterdata.Customers, records.Input{"code": "CX", "name": "别人的客户"})
		in = sales.QuoteInput{CustomerID: other, Lines: []sales.QuoteLineInput{{ProductID: e.products[0], Qty: "1", Price: "9"}}}
		if _, err := e.svc.CreateQuote(e.ctx, e.seller, in); err == nil || !strings.Contains(err.Error(), "customer_id: field.unknown") {
			t.Fatalf("a customer outside the scope: %v", err)
		}
		p, err := e.svc.ListQuotes(e.ctx, e.admin, listAll())
		if err != nil || p.Total != 0 {
			t.Fatalf("something was written: %d %v", p.Total, err)
		}
	})
}
