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

// customerTabOrders is how many orders the customer's tab shows; the link
// under them opens the full list filtered by the customer.
const customerTabOrders = 20

// RegisterCustomerTabs adds sales' tabs to the customer's record page
// (recordui.AddTab): "订单", the customer's latest orders the reader may
// see. Quotations add their "报价" tab here the same way when they come
// (a customerQuotesTab beside customerOrdersTab).
func RegisterCustomerTabs(rui *recordui.UI, srv *web.Server, svc *Service) {
	rui.AddTab("customers", customerOrdersTab(srv, svc))
}

func customerOrdersTab(srv *web.Server, svc *Service) recordui.Tab {
	return recordui.Tab{Key: "sales_orders", Label: "sales.customer_orders_tab", Perm: tenant.P(Module, tenant.View),
		Render: func(ctx context.Context, sc tenant.Scope, id int64) (template.HTML, error) {
			p, err := svc.List(ctx, sc, list.Query{Sort: "-order_date", Limit: customerTabOrders,
				Filters: map[string]string{"customer_id": fmt.Sprint(id)}})
			if err != nil {
				return "", err
			}
			lang := web.LangFrom(ctx)
			t := func(key string) string { return srv.Cat.T(lang, key, nil) }
			v := customerTabView{All: fmt.Sprintf("/sales/orders?customer_id=%d", id), More: p.NextCursor != "",
				Number: t("sales.number"), Date: t("sales.order_date"), Status: t("sales.status"), Total: t("sales.total"),
				Empty: t("sales.customer_orders_empty"), AllText: t("sales.customer_orders_all")}
			if sc.Can(tenant.P(Module, tenant.Create)) {
				v.New, v.NewText = "/sales/orders/new", t("sales.new")
			}
			for _, o := range p.Items {
				v.Rows = append(v.Rows, customerTabRow{Href: fmt.Sprintf("/sales/orders/%d", o.ID), Number: o.Number, Date: o.OrderDate,
					Status: t("sales.status." + o.Status), Badge: statusBadge[o.Status],
					Total: i18n.FormatMoney(lang, money.FromScaled(o.Total), o.Currency)})
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
