package sales

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// OpenToDeliver is what of each line of an order a new delivery may still
// take: ordered less shipped less what open deliveries hold
// (deliveries.create; the order as sales.view shows it).
func (s *Service) OpenToDeliver(ctx context.Context, sc tenant.Scope, orderID int64) (Order, map[int64]int64, error) {
	if !sc.Can(tenant.P(DeliveriesModule, tenant.Create)) {
		return Order{}, nil, errs.Forbidden("forbidden")
	}
	o, err := s.Get(ctx, sc, orderID)
	if err != nil {
		return o, nil, err
	}
	ids := make([]any, len(o.Lines))
	for i, l := range o.Lines {
		ids[i] = l.ID
	}
	open := map[int64]int64{}
	if len(ids) == 0 {
		return o, open, nil
	}
	pending, err := pendingQty(ctx, db.Tenant(s.db.Read(), sc.Tenant()), ids)
	if err != nil {
		return o, nil, err
	}
	for _, l := range o.Lines {
		open[l.ID] = max(l.Open()-pending[l.ID], 0)
	}
	return o, open, nil
}

type deliveryFormLine struct {
	LineID        int64
	Product, Unit string
	Ordered, Open string
	Qty           string
	Errs          map[string]string
}

type deliveryFormPage struct {
	Order    Order
	Customer string
	Lines    []deliveryFormLine
	Carriers []adminui.Option
	Carrier  string
	Address  string
	Notes    string
	Alert    string
	Errs     map[string]string
	NoneOpen bool
}

// deliveryForm is "create a delivery" of one order: its lines with what
// is still open, prefilled to ship it all.
func (u *ui) deliveryForm(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.URL.Query().Get("order_id"), 10, 64)
	u.renderDeliveryForm(w, r, http.StatusOK, id, nil, nil)
}

// renderDeliveryForm draws the form; typed is what the user sent (nil:
// the open quantities), failed its refusal.
func (u *ui) renderDeliveryForm(w http.ResponseWriter, r *http.Request, status int, orderID int64, typed map[int64]string, failed error) {
	ctx := r.Context()
	sc := web.ScopeFrom(ctx)
	o, open, err := u.svc.OpenToDeliver(ctx, sc, orderID)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	cust, _, err := u.names(ctx, sc, []Order{o})
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	prods, err := u.productNames(r, o.Lines)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	p := &deliveryFormPage{Order: o, Customer: records.TitleOf(cust, o.CustomerID), Carriers: u.carrierOptions(r, "sales.carrier.none"),
		Carrier: r.PostFormValue("carrier"), Address: r.PostFormValue("shipping_address"), Notes: r.PostFormValue("notes"),
		Errs: map[string]string{}, NoneOpen: true}
	if typed == nil {
		p.Address = o.ShippingAddress
	}
	for _, l := range o.Lines {
		fl := deliveryFormLine{LineID: l.ID, Product: records.TitleOf(prods, l.ProductID), Unit: l.Unit, Ordered: qty(r, l.Qty), Open: qty(r, open[l.ID])}
		if typed == nil {
			if open[l.ID] > 0 {
				fl.Qty = strings.ReplaceAll(qty(r, open[l.ID]), ",", "")
			}
		} else {
			fl.Qty = typed[l.ID]
		}
		if open[l.ID] > 0 {
			p.NoneOpen = false
		}
		p.Lines = append(p.Lines, fl)
	}
	if failed != nil {
		prob := u.ui.Problem(r, failed)
		status = prob.Status
		// lines[i] of the input are the rows with a quantity, in order.
		var sent []int
		for i, l := range p.Lines {
			if strings.TrimSpace(l.Qty) != "" {
				sent = append(sent, i)
			}
		}
		byRow, rest := adminui.LineErrors(prob, len(sent))
		for i, e := range byRow {
			p.Lines[sent[i]].Errs = e
		}
		p.Alert = rest.Detail
		for _, fe := range rest.Errors {
			p.Errs[fe.Field] = fe.Message
		}
	}
	u.ui.Page(w, r, status, "sales/delivery_form.html", "sales.delivery.new", "sales-deliveries", p)
}

// deliveryCreate makes the delivery of the rows with a quantity.
func (u *ui) deliveryCreate(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	orderID, _ := strconv.ParseInt(r.PostFormValue("order_id"), 10, 64)
	in := DeliveryInput{Carrier: r.PostFormValue("carrier"), ShippingAddress: r.PostFormValue("shipping_address"),
		Notes: r.PostFormValue("notes")}
	typed := map[int64]string{}
	ids, qtys := r.PostForm["line_id"], r.PostForm["line_qty"]
	for i := range ids {
		id, _ := strconv.ParseInt(ids[i], 10, 64)
		q := ""
		if i < len(qtys) {
			q = strings.TrimSpace(qtys[i])
		}
		typed[id] = q
		if q != "" {
			in.Lines = append(in.Lines, DeliveryLineInput{OrderLineID: id, Qty: q})
		}
	}
	d, err := u.svc.CreateDelivery(r.Context(), web.ScopeFrom(r.Context()), in)
	if err != nil {
		u.renderDeliveryForm(w, r, http.StatusUnprocessableEntity, orderID, typed, err)
		return
	}
	u.ui.SetFlash(w, "flash.sales.delivery_created")
	adminui.Redirect(w, r, fmt.Sprintf("/sales/deliveries/%d", d.ID))
}
