package sales

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/recordui"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type lineRow struct {
	Line
	Product                                        string
	Qty, Price, Discount, TaxRate, Amount, Shipped string
	Open                                           string
}

type orderPage struct {
	Flash         string
	Order         Order
	Customer      string
	Warehouse     string
	Handler       string
	HandlerValue  string // the handler's id as the select's value
	Status        string
	Badge         string
	PaymentStatus string
	PaymentMethod string
	Channel       string
	Subtotal      string
	Discount      string
	Tax           string
	Total         string
	Lines         []lineRow
	Alert         string // a refused action's message
	// What the caller may do now.
	CanEdit, CanEditDetails, CanSubmit, CanDecide, CanCancel, CanClose, CanDelete bool
	Handlers                                                                      []adminui.Option
	Approvals                                                                     []approval.HistoryEntry
	Files                                                                         *recordui.FilesView
	Level                                                                         string // "1/2" while pending

	// The copy button and the customer-communication log.
	CanCopy bool
	Comms   *commsView
	// Deliveries of the order the caller may see; CanDeliver: it may make one.
	CanDeliver bool
	Deliveries []orderDelivery
	Promotions []promoRow
	// Returns of the order the caller may see; CanReturn: it may request one.
	CanReturn bool
	Returns   []orderDelivery
}

type orderDelivery struct {
	ID                    int64
	Number, Status, Badge string
}

// promoRow is one promotion the order got, as the page shows it.
type promoRow struct {
	Name, Kind, Coupon, Lines, Amount string
	ID                                int64
}

// order is the sales order's page: header, lines, the actions its status
// allows the caller, the approval history.
func (u *ui) order(w http.ResponseWriter, r *http.Request) {
	u.renderOrder(w, r, http.StatusOK, nil)
}

// renderOrder draws the page; failed is a refused action.
func (u *ui) renderOrder(w http.ResponseWriter, r *http.Request, status int, failed error) {
	ctx := r.Context()
	sc := web.ScopeFrom(ctx)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	o, err := u.svc.Get(ctx, sc, id)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	cust, wh, err := u.names(ctx, sc, []Order{o})
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	prods, err := u.productNames(r, o.Lines)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	p := &orderPage{Flash: u.ui.TakeFlash(w, r), Order: o, Customer: records.TitleOf(cust, o.CustomerID), Warehouse: records.TitleOf(wh, o.WarehouseID),
		Status: u.ui.T(r, "sales.status."+o.Status), Badge: statusBadge[o.Status],
		PaymentStatus: u.ui.T(r, "sales.payment_status."+o.PaymentStatus), PaymentMethod: u.ui.T(r, "sales.payment_method."+o.PaymentMethod),
		Channel: u.ui.T(r, "sales.channel."+o.Channel), Subtotal: u.money(r, o.Subtotal), Discount: u.money(r, o.Discount),
		Tax: u.money(r, o.Tax), Total: u.money(r, o.Total), Handler: "—"}
	can := func(a tenant.Action) bool { return sc.Can(tenant.P(Module, a)) }
	p.CanEdit = o.Allows("edit") && can(tenant.Edit)
	p.CanSubmit = o.Allows("submit") && can(tenant.Edit)
	p.CanEditDetails = o.Allows("edit_details") && can(tenant.Edit)
	p.CanDelete = o.Allows("delete") && can(tenant.Delete)
	p.CanCancel = o.Allows("cancel") && can(tenant.Edit)
	p.CanClose = o.Allows("close") && can(tenant.Edit)
	if o.Allows("decide") {
		if p.CanDecide, p.Level, err = u.svc.awaits(ctx, sc, o.ID); err != nil {
			u.srv.Fail(w, r, err)
			return
		}
	}
	if p.Handlers, err = u.handlerOptions(r); err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	if o.HandlerID != nil {
		p.HandlerValue = strconv.FormatInt(*o.HandlerID, 10)
	}
	for i := range p.Handlers {
		if o.HandlerID != nil && p.Handlers[i].Value == strconv.FormatInt(*o.HandlerID, 10) {
			p.Handler = p.Handlers[i].Label
		}
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
		status = prob.Status
	}
	for _, l := range o.Lines {
		p.Lines = append(p.Lines, lineRow{Line: l, Product: records.TitleOf(prods, l.ProductID), Qty: qty(r, l.Qty), Price: u.money(r, l.Price),
			Discount: qty(r, l.DiscountPct) + "%", TaxRate: qty(r, l.TaxRate) + "%", Amount: u.money(r, l.Amount),
			Shipped: qty(r, l.ShippedQty), Open: qty(r, l.Open())})
	}
	if p.Files, err = u.filePages().View(r, o.ID, can(tenant.Edit)); err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	if failed != nil && p.Files != nil {
		if fe, ok := errs.As(failed); ok && len(fe.Fields) > 0 && fe.Fields[0].Field == "file" {
			p.Files.Alert, p.Alert = p.Alert, "" // a refused upload is told at the upload form
		}
	}
	for _, pr := range o.Promotions {
		ls := make([]string, len(pr.Lines))
		for i, n := range pr.Lines {
			ls[i] = strconv.Itoa(n)
		}
		p.Promotions = append(p.Promotions, promoRow{ID: pr.PromotionID, Name: pr.Name, Kind: u.ui.T(r, "promotions.kind."+pr.Kind),
			Coupon: pr.CouponCode, Lines: strings.Join(ls, ", "), Amount: u.money(r, pr.Amount)})
	}
	if p.Approvals, err = u.svc.approvals.History(ctx, sc, DocOrder, o.ID); err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	p.CanDeliver = (o.Status == Approved || o.Status == PartiallyShipped) && sc.Can(tenant.P(DeliveriesModule, tenant.Create))
	ds, err := u.svc.OrderDeliveries(ctx, sc, o.ID)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	for _, d := range ds {
		p.Deliveries = append(p.Deliveries, orderDelivery{ID: d.ID, Number: d.Number,
			Status: u.ui.T(r, "sales.delivery.status."+d.Status), Badge: deliveryBadge[d.Status]})
	}
	if err := u.orderExtras(r, p); err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	if err := u.orderReturns(r, o, p); err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	u.ui.Page(w, r, status, "sales/order.html", "sales.order", "sales-orders", p)
}

// productNames are the titles of an order's products.
func (u *ui) productNames(r *http.Request, lines []Line) (map[int64]records.Titled, error) {
	ids := make([]int64, len(lines))
	for i, l := range lines {
		ids[i] = l.ProductID
	}
	return u.svc.master.Titles(r.Context(), web.ScopeFrom(r.Context()), "products", ids)
}

// act runs an action of the order page and comes back to the page with a
// flash, or draws the page again with the refusal.
func (u *ui) act(w http.ResponseWriter, r *http.Request, flash string, do func(ctx context.Context, sc tenant.Scope, id int64, version int) error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	_ = r.ParseForm()
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if err := do(r.Context(), web.ScopeFrom(r.Context()), id, version); err != nil {
		u.renderOrder(w, r, http.StatusConflict, err)
		return
	}
	u.ui.SetFlash(w, flash)
	adminui.Redirect(w, r, fmt.Sprintf("/sales/orders/%d", id))
}

// details saves what an approved order may still change: notes, handler,
// shipping address.
func (u *ui) details(w http.ResponseWriter, r *http.Request) {
	u.act(w, r, "flash.saved", func(ctx context.Context, sc tenant.Scope, id int64, v int) error {
		h, _ := strconv.ParseInt(r.PostFormValue("handler_id"), 10, 64)
		_, err := u.svc.Update(ctx, sc, id, OrderInput{Notes: r.PostFormValue("notes"), HandlerID: h,
			ShippingAddress: r.PostFormValue("shipping_address"), Version: v})
		return err
	})
}

func (u *ui) submit(w http.ResponseWriter, r *http.Request) {
	u.act(w, r, "flash.sales.submitted", func(ctx context.Context, sc tenant.Scope, id int64, v int) error {
		_, err := u.svc.Submit(ctx, sc, id, v)
		return err
	})
}

func (u *ui) approve(w http.ResponseWriter, r *http.Request) {
	u.act(w, r, "flash.sales.approved", func(ctx context.Context, sc tenant.Scope, id int64, _ int) error {
		_, err := u.svc.Decide(ctx, sc, id, true, r.PostFormValue("comment"))
		return err
	})
}

func (u *ui) reject(w http.ResponseWriter, r *http.Request) {
	u.act(w, r, "flash.sales.rejected", func(ctx context.Context, sc tenant.Scope, id int64, _ int) error {
		_, err := u.svc.Decide(ctx, sc, id, false, r.PostFormValue("comment"))
		return err
	})
}

func (u *ui) cancel(w http.ResponseWriter, r *http.Request) {
	u.act(w, r, "flash.sales.cancelled", func(ctx context.Context, sc tenant.Scope, id int64, v int) error {
		_, err := u.svc.Cancel(ctx, sc, id, v, r.PostFormValue("reason"))
		return err
	})
}

func (u *ui) close(w http.ResponseWriter, r *http.Request) {
	u.act(w, r, "flash.sales.closed", func(ctx context.Context, sc tenant.Scope, id int64, v int) error {
		_, err := u.svc.Close(ctx, sc, id, v)
		return err
	})
}

func (u *ui) delete(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	_ = r.ParseForm()
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if err := u.svc.Delete(r.Context(), web.ScopeFrom(r.Context()), id, version); err != nil {
		u.renderOrder(w, r, http.StatusConflict, err)
		return
	}
	u.ui.SetFlash(w, "flash.deleted")
	adminui.Redirect(w, r, "/sales/orders")
}
