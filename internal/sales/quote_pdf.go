package sales

import (
	"net/http"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/pdf"
)

// quotePDF is the customer's copy of a quotation (报价单) as a PDF: the
// same as the print view — prices, amounts, validity, never costs or
// margins.
func (u *ui) quotePDF(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	p, err := u.quoteView(r, id)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	t := func(key string, kv ...any) string { return u.ui.T(r, key, kv...) }
	q := p.Quote
	doc := pdf.Document{
		Title: t("sales.quote.print_title") + " " + q.Number,
		Fields: []pdf.Field{{Key: t("sales.customer"), Value: p.Customer}, {Key: t("sales.quote.number"), Value: q.Number},
			{Key: t("sales.quote.date"), Value: q.QuoteDate}, {Key: t("sales.quote.valid_until"), Value: q.ValidUntil}},
		Columns: []pdf.Column{{Title: "#", Width: 0.6}, {Title: t("sales.product"), Width: 5}, {Title: t("sales.qty"), Width: 1.4, Num: true},
			{Title: t("sales.unit"), Width: 1}, {Title: t("sales.price"), Width: 1.6, Num: true}, {Title: t("sales.discount_pct"), Width: 1.2, Num: true},
			{Title: t("sales.amount"), Width: 1.8, Num: true}, {Title: t("sales.tax_rate"), Width: 1.1, Num: true}, {Title: t("sales.tax"), Width: 1.5, Num: true}},
		Notes: []string{t("sales.subtotal") + ": " + p.Subtotal + "    " + t("sales.discount") + ": " + p.Discount + "    " +
			t("sales.tax") + ": " + p.Tax + "    " + t("sales.total") + ": " + p.Total, t("sales.quote.print_terms", "Date", q.ValidUntil)},
		Footer: func(n, total int) string {
			return q.Number + "  " + t("sales.delivery.page", "Page", n, "Total", total)
		},
	}
	for _, l := range p.Lines {
		name := l.Product
		if l.Description != "" {
			name += " — " + l.Description
		}
		doc.Rows = append(doc.Rows, []string{strconv.Itoa(l.LineNo), name, l.Qty, l.Unit, l.Price, l.Discount, l.Amount, l.TaxRate, l.Tax})
	}
	u.sendPDF(w, r, doc, "quote-"+q.Number+".pdf")
}
