package sales

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// QuoteApprovalFields are what approval rules of quotations (报价审核)
// may compare: "margin_pct lt 15" sends thin quotations to a manager.
var QuoteApprovalFields = []approval.DocField{
	{Name: "amount", Label: "sales.total", Kind: "decimal"},
	{Name: "margin_pct", Label: "sales.quote.margin_pct", Kind: "decimal"},
	{Name: "margin", Label: "sales.quote.margin", Kind: "decimal"},
	{Name: "discount_pct", Label: "sales.quote.discount_pct_max", Kind: "decimal"},
	{Name: "customer_id", Label: "sales.customer", Kind: "text"},
	{Name: "customer_group", Label: "sales.customer_group", Kind: "text"},
	{Name: "customer_groups", Label: "sales.customer_groups", Kind: "list"},
	{Name: "has_route", Label: "sales.quote.has_route", Kind: "text"},
}

// QuoteApprovalDoc is what the approval inbox and rule editor know of
// quotations.
func QuoteApprovalDoc(s *Service) approval.DocHandler {
	return approval.ServiceDoc(approval.DocHandler{DocType: DocQuote, Label: "sales.quote.one", Perm: tenant.P(QuoteModule, tenant.View),
		Fields: QuoteApprovalFields, Describe: s.describeQuotes}, "/sales/quotes/%d", s.GetQuote, s.DecideQuote)
}

// describeQuotes is each quotation's inbox line: number; customer, total
// and margin in the reader's language. Only quotations sc may see.
func (s *Service) describeQuotes(ctx context.Context, sc tenant.Scope, ids []int64) (map[int64]approval.DocSummary, error) {
	out := map[int64]approval.DocSummary{}
	if len(ids) == 0 {
		return out, nil
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	vis, vargs := s.quoteVisible(sc)
	args := append([]any{q.Tenant}, toAny(ids)...)
	var qs []Quote
	if err := q.Select(ctx, &qs, `SELECT `+quoteCols+` FROM sales_quotes WHERE tenant_id = ? AND id IN (`+db.Placeholders(len(ids))+`)`+vis,
		append(args, vargs...)...); err != nil {
		return nil, err
	}
	cs := make([]int64, len(qs))
	for i, qt := range qs {
		cs[i] = qt.CustomerID
	}
	names, err := s.master.Titles(ctx, sc, "customers", cs)
	if err != nil {
		return nil, err
	}
	lang := web.LangFrom(ctx)
	for _, qt := range qs {
		meta := records.TitleOf(names, qt.CustomerID) + " · " + i18n.FormatMoney(lang, money.FromScaled(qt.Total), qt.Currency) + " · " +
			pctText(lang, qt.MarginPct)
		out[qt.ID] = approval.DocSummary{Title: qt.Number, Meta: meta}
	}
	return out, nil
}
