package sales

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/recordui"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// RegisterReturnUI adds the return pages and the menu entry.
func RegisterReturnUI(srv *web.Server, au *adminui.UI, svc *Service) {
	u := &ui{srv: srv, ui: au, svc: svc}
	p := func(a tenant.Action) tenant.Perm { return tenant.P(ReturnsModule, a) }
	srv.Handle("GET /sales/returns", web.Perm, p(tenant.View), u.returnList)
	srv.Handle("GET /sales/returns/new", web.Perm, p(tenant.Create), u.returnForm)
	srv.Handle("POST /sales/returns", web.Perm, p(tenant.Create), u.returnCreate)
	srv.Handle("GET /sales/returns/{id}", web.Perm, p(tenant.View), u.returnPage)
	for _, a := range []string{"approve", "reject"} {
		srv.Handle("POST /sales/returns/{id}/"+a, web.Perm, p(tenant.Approve), u.returnAct)
	}
	for _, a := range []string{"receive", "inspect", "close"} {
		srv.Handle("POST /sales/returns/{id}/"+a, web.Perm, p(tenant.Edit), u.returnAct)
	}
	u.returnFilePages().Routes(p(tenant.View), p(tenant.View)) // ReturnFiles asks create or edit to change
	srv.Menu.Add(web.MenuItem{Group: "menu.sales", Key: "sales-returns", Label: "menu.sales.returns", Path: "/sales/returns", Perm: p(tenant.View)})
}

var returnBadge = map[string]string{ReturnRequested: "warn", ReturnApproved: "info", ReturnReceived: "info",
	ReturnRefunded: "ok", ReturnExchanged: "ok", ReturnClosed: "muted", ReturnRejected: "danger"}

var returnColumns = []adminui.Column{{Key: "number", Label: "sales.return.number", Sort: "number"},
	{Key: "kind", Label: "sales.return.kind"}, {Key: "customer", Label: "sales.customer"}, {Key: "order", Label: "sales.return.order"},
	{Key: "reason", Label: "sales.return.reason"}, {Key: "status", Label: "sales.status"},
	{Key: "amount", Label: "sales.return.amount", Sort: "amount", Num: true}, {Key: "created_at", Label: "sales.created_at"}}

// returnList is the return list: number search, status, kind and reason
// filters.
func (u *ui) returnList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sc := web.ScopeFrom(ctx)
	lq, vals := adminui.ParseList(r, "status", "kind", "reason", "customer_id", "order_id")
	p, err := u.svc.ListReturns(ctx, sc, lq)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	l := &adminui.ListView{ID: "sales-returns", Path: "/sales/returns", Values: vals, Empty: "sales.return.empty",
		Search: "sales.return.search", Columns: returnColumns,
		Filters: []adminui.Filter{
			{Name: "status", Label: "sales.status", Type: "select", Options: u.options(r, "sales.return.status.", ReturnStatuses, true)},
			{Name: "kind", Label: "sales.return.kind", Type: "select", Options: u.options(r, "sales.return.kind.", ReturnKinds, true)},
			{Name: "reason", Label: "sales.return.reason", Type: "select", Options: u.options(r, "sales.return.reason.", ReturnReasons, true)},
			{Name: "customer_id", Type: "hidden"}, {Name: "order_id", Type: "hidden"}}}
	adminui.Fill(l, p)
	var cs, os []int64
	for _, x := range p.Items {
		cs, os = append(cs, x.CustomerID), append(os, x.OrderID)
	}
	cust, err := u.svc.master.Titles(ctx, sc, "customers", cs)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	numbers, err := u.svc.orderNumbers(ctx, sc, os)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	for _, x := range p.Items {
		l.AddRow(strconv.FormatInt(x.ID, 10), x.Status == ReturnRejected,
			adminui.Cell{Text: x.Number, Href: fmt.Sprintf("/sales/returns/%d", x.ID), Mono: true},
			adminui.Cell{Text: u.ui.T(r, "sales.return.kind."+x.Kind)}, adminui.Cell{Text: records.TitleOf(cust, x.CustomerID)},
			adminui.Cell{Text: numbers[x.OrderID], Mono: true}, adminui.Cell{Text: u.ui.T(r, "sales.return.reason."+x.Reason)},
			adminui.Cell{Text: u.ui.T(r, "sales.return.status."+x.Status), Badge: returnBadge[x.Status]},
			adminui.Cell{Text: u.money(r, x.Amount)}, adminui.Cell{Text: x.CreatedAt.In(chinaTime).Format("2006-01-02 15:04")})
	}
	u.ui.PageOr(w, r, http.StatusOK, "sales/returns.html", "list-area", "sales.returns", "sales-returns",
		&struct {
			Flash string
			List  *adminui.ListView
		}{u.ui.TakeFlash(w, r), l})
}

type returnLineRow struct {
	ReturnLine
	Product, Qty, Amount, Restock, Scrap string
	RestockValue                         string // the inspect form's default: all of it
}

type returnPage struct {
	Flash, Alert                 string
	R                            Return
	Customer, Warehouse          string
	Status, Badge, Kind, Reason  string
	Amount                       string
	Lines                        []returnLineRow
	Refund                       string // the refund request's amount, once made
	RefundStatus                 string
	Decided, Received, Inspected string
	Files                        *recordui.FilesView
	// What the caller may do now (returnRules and its permissions).
	CanDecide, CanReceive, CanInspect, CanClose bool
}

func (u *ui) returnPage(w http.ResponseWriter, r *http.Request) {
	u.renderReturn(w, r, http.StatusOK, nil)
}

// renderReturn draws a return's page: lines, the actions its status allows
// the caller, refund or replacement, photos; failed is a refused action.
func (u *ui) renderReturn(w http.ResponseWriter, r *http.Request, status int, failed error) {
	ctx := r.Context()
	sc := web.ScopeFrom(ctx)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	x, err := u.svc.GetReturn(ctx, sc, id)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	cust, wh, prods, err := u.returnNames(ctx, sc, x)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	p := &returnPage{Flash: u.ui.TakeFlash(w, r), R: x, Customer: records.TitleOf(cust, x.CustomerID), Warehouse: records.TitleOf(wh, x.WarehouseID),
		Status: u.ui.T(r, "sales.return.status."+x.Status), Badge: returnBadge[x.Status], Kind: u.ui.T(r, "sales.return.kind."+x.Kind),
		Reason: u.ui.T(r, "sales.return.reason."+x.Reason), Amount: u.money(r, x.Amount)}
	if x.DecidedAt != nil {
		p.Decided = x.DecidedAt.In(chinaTime).Format("2006-01-02 15:04")
	}
	if x.ReceivedAt != nil {
		p.Received = x.ReceivedAt.In(chinaTime).Format("2006-01-02 15:04")
	}
	if x.InspectedAt != nil {
		p.Inspected = x.InspectedAt.In(chinaTime).Format("2006-01-02 15:04")
	}
	if x.Refund != nil {
		p.Refund, p.RefundStatus = u.money(r, x.Refund.Amount), u.ui.T(r, "sales.refund.status."+x.Refund.Status)
	}
	for _, l := range x.Lines {
		p.Lines = append(p.Lines, returnLineRow{ReturnLine: l, Product: records.TitleOf(prods, l.ProductID), Qty: qty(r, l.Qty),
			Amount: u.money(r, l.Amount), Restock: qty(r, l.RestockQty), Scrap: qty(r, l.ScrapQty),
			RestockValue: strings.ReplaceAll(qty(r, l.Qty), ",", "")})
	}
	can := func(a tenant.Action) bool { return sc.Can(tenant.P(ReturnsModule, a)) }
	p.CanDecide = x.Allows("approve") && can(tenant.Approve)
	p.CanReceive = x.Allows("receive") && can(tenant.Edit)
	p.CanInspect = x.Allows("inspect") && can(tenant.Edit)
	p.CanClose = x.Allows("close") && can(tenant.Edit)
	if p.Files, err = u.returnFilePages().View(r, x.ID, can(tenant.Create) || can(tenant.Edit)); err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	if failed != nil {
		prob := u.ui.Problem(r, failed)
		p.Alert = prob.Detail
		var notes []string
		for _, fe := range prob.Errors {
			notes = append(notes, fe.Message)
		}
		if len(notes) > 0 {
			p.Alert = strings.Join(notes, " ")
		}
		if fe, ok := errs.As(failed); ok && len(fe.Fields) > 0 && fe.Fields[0].Field == "file" && p.Files != nil {
			p.Files.Alert, p.Alert = p.Alert, "" // a refused upload is told at the upload form
		}
		status = prob.Status
	}
	u.ui.Page(w, r, status, "sales/return.html", "sales.return", "sales-returns", p)
}

// returnNames are the titles of a return's customer, warehouse and
// products.
func (u *ui) returnNames(ctx context.Context, sc tenant.Scope, x Return) (cust, wh, prods map[int64]records.Titled, err error) {
	if cust, err = u.svc.master.Titles(ctx, sc, "customers", []int64{x.CustomerID}); err != nil {
		return
	}
	if wh, err = u.svc.master.Titles(ctx, sc, "warehouses", []int64{x.WarehouseID}); err != nil {
		return
	}
	ids := make([]int64, len(x.Lines))
	for i, l := range x.Lines {
		ids[i] = l.ProductID
	}
	prods, err = u.svc.master.Titles(ctx, sc, "products", ids)
	return
}

// returnAct runs the action the path names and comes back to the page
// with a flash, or draws the page again with the refusal.
func (u *ui) returnAct(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sc := web.ScopeFrom(ctx)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	_ = r.ParseForm()
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	action := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	var err error
	switch action {
	case "approve":
		_, err = u.svc.ApproveReturn(ctx, sc, id, v, r.PostFormValue("comment"))
	case "reject":
		_, err = u.svc.RejectReturn(ctx, sc, id, v, r.PostFormValue("comment"))
	case "receive":
		_, err = u.svc.ReceiveReturn(ctx, sc, id, v, r.PostFormValue("note"))
	case "inspect":
		in := InspectInput{Version: v}
		for _, row := range adminui.FormRows(r.PostForm, []string{"line_id", "line_restock", "line_scrap", "line_note"}, []string{"line_id"}) {
			lid, _ := strconv.ParseInt(row["line_id"], 10, 64)
			in.Lines = append(in.Lines, InspectLine{LineID: lid, Restock: row["line_restock"], Scrap: row["line_scrap"], Note: row["line_note"]})
		}
		_, err = u.svc.InspectReturn(ctx, sc, id, in)
	case "close":
		_, err = u.svc.CloseReturn(ctx, sc, id, v)
	}
	if err != nil {
		u.renderReturn(w, r, http.StatusConflict, err)
		return
	}
	u.ui.SetFlash(w, "flash.sales.return_"+action)
	adminui.Redirect(w, r, fmt.Sprintf("/sales/returns/%d", id))
}

// orderNumbers are the numbers of orders by id (a return may be seen by
// someone who may not open its order: the number is the return's data).
func (s *Service) orderNumbers(ctx context.Context, sc tenant.Scope, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{sc.Tenant()}
	for _, id := range ids {
		args = append(args, id)
	}
	var rows []DeliveryOrder
	q := db.Tenant(s.db.Read(), sc.Tenant())
	if err := q.Select(ctx, &rows, `SELECT id, number FROM sales_orders WHERE tenant_id = ? AND id IN (`+db.Placeholders(len(ids))+`)`,
		args...); err != nil {
		return nil, err
	}
	for _, o := range rows {
		out[o.ID] = o.Number
	}
	return out, nil
}

// orderReturns fills the order page's returns and whether it offers
// "退换货": the order has goods at the customer and the caller may
// request returns.
func (u *ui) orderReturns(r *http.Request, o Order, p *orderPage) error {
	sc := web.ScopeFrom(r.Context())
	var shipped int64
	for _, l := range o.Lines {
		shipped += l.ShippedQty
	}
	p.CanReturn = shipped > 0 && slices.Contains(returnableOrders, o.Status) && sc.Can(tenant.P(ReturnsModule, tenant.Create))
	rs, err := u.svc.OrderReturns(r.Context(), sc, o.ID)
	for _, x := range rs {
		p.Returns = append(p.Returns, orderDelivery{ID: x.ID, Number: x.Number, Status: u.ui.T(r, "sales.return.status."+x.Status),
			Badge: returnBadge[x.Status]})
	}
	return err
}
