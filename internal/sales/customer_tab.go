package sales

import (
	"bytes"
	"context"
	"fmt"
	"html/template"

	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/recordui"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// customerTabOrders is how many documents a customer's tab shows; the
// link under them opens the full list filtered by the customer.
const customerTabOrders = 20

// RegisterCustomerTabs adds sales' tabs to the customer's record page
// (recordui.AddTab): "订单" and "报价", the customer's latest orders and
// quotations the reader may see.
func RegisterCustomerTabs(rui *recordui.UI, srv *web.Server, svc *Service) {
	rui.AddTab("customers", customerTab(srv, customerDocs{Key: "sales_orders", Label: "sales.customer_orders_tab",
		Perm: tenant.P(Module, tenant.View), Create: tenant.P(Module, tenant.Create), Path: "/sales/orders", NewText: "sales.new",
		Empty: "sales.customer_orders_empty", AllText: "sales.customer_orders_all", Date: "sales.order_date",
		Rows: func(ctx context.Context, sc tenant.Scope, lq list.Query) ([]customerTabDoc, bool, error) {
			lq.Sort = "-order_date"
			p, err := svc.List(ctx, sc, lq)
			rows := make([]customerTabDoc, len(p.Items))
			for i, o := range p.Items {
				rows[i] = customerTabDoc{o.ID, o.Number, o.OrderDate, "sales.status." + o.Status, statusBadge[o.Status], o.Total, o.Currency}
			}
			return rows, p.NextCursor != "", err
		}}))
	rui.AddTab("customers", customerTab(srv, customerDocs{Key: "sales_quotes", Label: "sales.customer_quotes_tab",
		Perm: tenant.P(QuoteModule, tenant.View), Create: tenant.P(QuoteModule, tenant.Create), Path: "/sales/quotes",
		NewText: "sales.quote.new", Empty: "sales.customer_quotes_empty", AllText: "sales.customer_quotes_all", Date: "sales.quote.date",
		Rows: func(ctx context.Context, sc tenant.Scope, lq list.Query) ([]customerTabDoc, bool, error) {
			lq.Sort = "-quote_date"
			p, err := svc.ListQuotes(ctx, sc, lq)
			rows := make([]customerTabDoc, len(p.Items))
			for i, q := range p.Items {
				rows[i] = customerTabDoc{q.ID, q.Number, q.QuoteDate, "sales.quote.status." + q.Status, quoteBadge[q.Status], q.Total, q.Currency}
			}
			return rows, p.NextCursor != "", err
		}}))
}

// customerDocs is one kind of document on the customer's page: its tab,
// the permission to see it (and to make a new one), its pages' path and
// catalog keys, and how to read the customer's latest.
type customerDocs struct {
	Key, Label                    string
	Perm, Create                  tenant.Perm
	Path                          string
	NewText, Empty, AllText, Date string
	Rows                          func(ctx context.Context, sc tenant.Scope, lq list.Query) ([]customerTabDoc, bool, error)
}

// customerTabDoc is a document as the tab lists it; Status is its catalog key.
type customerTabDoc struct {
	ID                          int64
	Number, Date, Status, Badge string
	Total                       int64
	Currency                    string
}

func customerTab(srv *web.Server, d customerDocs) recordui.Tab {
	return recordui.Tab{Key: d.Key, Label: d.Label, Perm: d.Perm,
		Render: func(ctx context.Context, sc tenant.Scope, id int64) (template.HTML, error) {
			docs, more, err := d.Rows(ctx, sc, list.Query{Limit: customerTabOrders, Filters: map[string]string{"customer_id": fmt.Sprint(id)}})
			if err != nil {
				return "", err
			}
			lang := web.LangFrom(ctx)
			t := func(key string) string { return srv.Cat.T(lang, key, nil) }
			v := customerTabView{All: fmt.Sprintf("%s?customer_id=%d", d.Path, id), More: more,
				Number: t("sales.number"), Date: t(d.Date), Status: t("sales.status"), Total: t("sales.total"),
				Empty: t(d.Empty), AllText: t(d.AllText)}
			if sc.Can(d.Create) {
				v.New, v.NewText = d.Path+"/new", t(d.NewText)
			}
			for _, o := range docs {
				v.Rows = append(v.Rows, customerTabRow{Href: fmt.Sprintf("%s/%d", d.Path, o.ID), Number: o.Number, Date: o.Date,
					Status: t(o.Status), Badge: o.Badge, Total: i18n.FormatMoney(lang, money.FromScaled(o.Total), o.Currency)})
			}
			var b bytes.Buffer
			err = customerTabHTML.Execute(&b, v)
			return template.HTML(b.String()), err // html/template escaped it
		}}
}

type customerTabView struct {
	Rows                               []customerTabRow
	All, New, NewText, AllText         string
	More                               bool
	Number, Date, Status, Total, Empty string
}

type customerTabRow struct{ Href, Number, Date, Status, Badge, Total string }

// customerTabHTML is the tab's table; a tab renders outside the page
// templates (recordui asks for HTML), so it has its own.
var customerTabHTML = template.Must(template.New("customer-orders").Parse(`<div data-testid="customer-orders">
{{if .Rows}}<div class="table-wrap"><table class="table">
<thead><tr><th scope="col">{{.Number}}</th><th scope="col">{{.Date}}</th><th scope="col">{{.Status}}</th><th scope="col" class="num">{{.Total}}</th></tr></thead>
<tbody>{{range .Rows}}<tr data-testid="customer-order"><td class="mono"><a href="{{.Href}}">{{.Number}}</a></td><td>{{.Date}}</td><td><span class="badge badge-{{.Badge}}">{{.Status}}</span></td><td class="num">{{.Total}}</td></tr>{{end}}</tbody>
</table></div>{{else}}<p class="muted">{{.Empty}}</p>{{end}}
<p>{{if or .More .Rows}}<a href="{{.All}}" data-testid="customer-orders-all">{{.AllText}}</a>{{end}}{{if .New}} <a class="btn btn-sm btn-secondary" href="{{.New}}">{{.NewText}}</a>{{end}}</p>
</div>`))
