package sales

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// RegisterQuoteUI adds the quotation pages and the menu entry.
func RegisterQuoteUI(srv *web.Server, au *adminui.UI, svc *Service) {
	u := &ui{srv: srv, ui: au, svc: svc}
	p := func(a tenant.Action) tenant.Perm { return tenant.P(QuoteModule, a) }
	srv.Handle("GET /sales/quotes", web.Perm, p(tenant.View), u.quoteList)
	srv.Handle("GET /sales/quotes/new", web.Perm, p(tenant.Create), u.quoteNew)
	srv.Handle("POST /sales/quotes", web.Perm, p(tenant.Create), u.quoteCreate)
	srv.Handle("GET /sales/quotes/{id}", web.SignedIn, "", u.quotePage)
	srv.Handle("GET /sales/quotes/{id}/print", web.SignedIn, "", u.quotePrint)
	srv.Handle("GET /sales/quotes/{id}/quote.pdf", web.SignedIn, "", u.quotePDF)
	srv.Handle("GET /sales/quotes/{id}/edit", web.Perm, p(tenant.Edit), u.quoteEdit)
	srv.Handle("POST /sales/quotes/{id}", web.Perm, p(tenant.Edit), u.quoteUpdate)
	srv.Handle("POST /sales/quotes/{id}/submit", web.Perm, p(tenant.Edit), u.quoteSubmit)
	srv.Handle("POST /sales/quotes/{id}/approve", web.SignedIn, "", u.quoteApprove)
	srv.Handle("POST /sales/quotes/{id}/reject", web.SignedIn, "", u.quoteReject)
	srv.Handle("POST /sales/quotes/{id}/send", web.Perm, p(tenant.Edit), u.quoteSend)
	srv.Handle("POST /sales/quotes/{id}/accept", web.Perm, p(tenant.Edit), u.quoteAccept)
	srv.Handle("POST /sales/quotes/{id}/decline", web.Perm, p(tenant.Edit), u.quoteDecline)
	srv.Handle("POST /sales/quotes/{id}/delete", web.Perm, p(tenant.Delete), u.quoteDelete)
	srv.Menu.Add(web.MenuItem{Group: "menu.sales", Key: "sales-quotes", Label: "sales.quote.title", Path: "/sales/quotes", Perm: p(tenant.View)})
}

// quoteBadge is the badge variant of each quotation status.
var quoteBadge = map[string]string{QuoteDraft: "muted", QuotePendingReview: "warn", QuoteApproved: "info", QuoteSent: "info",
	QuoteAccepted: "ok", QuoteDeclined: "danger", QuoteExpired: "muted"}

// pct is a percentage (× 10^4) in the request's language.
func pct(r *http.Request, v int64) string { return pctText(lang(r), v) }

// pctText is a percentage (× 10^4) per locale, rounded half up to 2
// places: "16.67%".
func pctText(lang string, v int64) string {
	x, err := money.MulDiv(v, 1, 100)
	if err != nil {
		return "—"
	}
	return i18n.FormatDecimal(lang, money.FromScaled(x*100).Decimal().Trim(0).String()) + "%"
}

var quoteListColumns = []adminui.Column{{Key: "number", Label: "sales.quote.number", Sort: "number"},
	{Key: "customer", Label: "sales.customer"}, {Key: "quote_date", Label: "sales.quote.date", Sort: "quote_date"},
	{Key: "valid_until", Label: "sales.quote.valid_until", Sort: "valid_until"}, {Key: "status", Label: "sales.status"},
	{Key: "total", Label: "sales.total", Sort: "total", Num: true},
	{Key: "margin_pct", Label: "sales.quote.margin_pct", Sort: "margin_pct", Num: true}}

// quoteList is the quotation list: number search, status filter, sortable.
func (u *ui) quoteList(w http.ResponseWriter, r *http.Request) {
	sc := web.ScopeFrom(r.Context())
	lq, vals := adminui.ParseList(r, "status", "customer_id", "owner_id")
	p, err := u.svc.ListQuotes(r.Context(), sc, lq)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	l := &adminui.ListView{ID: "sales-quotes", Path: "/sales/quotes", Values: vals, Empty: "sales.quote.empty",
		Search: "sales.quote.search", Columns: quoteListColumns,
		Filters: []adminui.Filter{{Name: "status", Label: "sales.status", Type: "select",
			Options: u.options(r, "sales.quote.status.", QuoteStatuses, true)},
			{Name: "customer_id", Type: "hidden"}, {Name: "owner_id", Type: "hidden"}}}
	adminui.Fill(l, p)
	cs := make([]int64, len(p.Items))
	for i, q := range p.Items {
		cs[i] = q.CustomerID
	}
	cust, err := u.svc.master.Titles(r.Context(), sc, "customers", cs)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	for _, q := range p.Items {
		l.AddRow(strconv.FormatInt(q.ID, 10), q.Status == QuoteDeclined || q.Status == QuoteExpired,
			adminui.Cell{Text: q.Number, Href: fmt.Sprintf("/sales/quotes/%d", q.ID), Mono: true},
			adminui.Cell{Text: records.TitleOf(cust, q.CustomerID)}, adminui.Cell{Text: q.QuoteDate}, adminui.Cell{Text: q.ValidUntil},
			adminui.Cell{Text: u.ui.T(r, "sales.quote.status."+q.Status), Badge: quoteBadge[q.Status]},
			adminui.Cell{Text: u.money(r, q.Total)}, adminui.Cell{Text: pct(r, q.MarginPct)})
	}
	u.ui.PageOr(w, r, http.StatusOK, "sales/quote_list.html", "list-area", "sales.quote.title", "sales-quotes",
		&listPage{Flash: u.ui.TakeFlash(w, r), List: l, New: sc.Can(tenant.P(QuoteModule, tenant.Create))})
}
