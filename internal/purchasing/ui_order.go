package purchasing

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type lineRow struct {
	Line
	Product                                         string
	Qty, Price, TaxRate, Amount, Received, Rejected string
	Returned, Open, Kept                            string
	OpenValue, KeptValue                            string // decimals for the receive/return inputs
	Errs                                            map[string]string
	Input                                           ReceiveLine // what the user typed when a receipt failed
}

type receiptRow struct {
	Receipt
	Kind  string
	Lines []string
	At    string
}

type orderPage struct {
	Flash     string
	Order     Order
	Supplier  string
	Warehouse string
	Status    string
	Badge     string
	Subtotal  string
	Tax       string
	Total     string
	Lines     []lineRow
	Receipts  []receiptRow
	Alert     string // a refused action's message
	// What the caller may do now.
	CanEdit, CanSubmit, CanDecide, CanCancel, CanClose, CanDelete, CanReceive, CanReturn bool
	// Returning: the page shows the return form instead of the receipt form.
	Returning bool
	Approvals []approval.HistoryEntry
	Level     string // "1/2" while pending
}

// order is the purchase order's page: header, lines with what arrived,
// the actions its status allows the caller, the receipt (or return) form
// and the receipts so far.
func (u *ui) order(w http.ResponseWriter, r *http.Request) {
	u.renderOrder(w, r, http.StatusOK, false, nil, nil)
}

func (u *ui) returnForm(w http.ResponseWriter, r *http.Request) {
	u.renderOrder(w, r, http.StatusOK, true, nil, nil)
}

// renderOrder draws the page; failed is a refused receipt/return or action
// with the user's input.
func (u *ui) renderOrder(w http.ResponseWriter, r *http.Request, status int, returning bool, failed error, input *ReceiveInput) {
	ctx := r.Context()
	sc := web.ScopeFrom(ctx)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	o, err := u.svc.Get(ctx, sc, id)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	sup, wh, err := u.names(ctx, sc, []Order{o})
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	prods, err := u.productNames(r, o.Lines)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	p := &orderPage{Flash: u.ui.TakeFlash(w, r), Order: o, Supplier: records.TitleOf(sup, o.SupplierID), Warehouse: records.TitleOf(wh, o.WarehouseID),
		Status: u.ui.T(r, "purchasing.status."+o.Status), Badge: statusBadge[o.Status], Subtotal: u.money(r, o.Subtotal),
		Tax: u.money(r, o.Tax), Total: u.money(r, o.Total), Returning: returning}
	can := func(m string, a tenant.Action) bool { return sc.Can(tenant.P(m, a)) }
	receiving := can(Receiving, tenant.Create)
	p.CanEdit = o.Allows("edit") && can(Module, tenant.Edit)
	p.CanSubmit = o.Allows("submit") && can(Module, tenant.Edit)
	p.CanDelete = o.Allows("delete") && can(Module, tenant.Delete)
	p.CanCancel = o.Allows("cancel") && can(Module, tenant.Edit)
	p.CanClose = o.Allows("close") && can(Module, tenant.Edit)
	p.CanReceive = o.Allows("receive") && receiving
	if o.Allows("decide") {
		if p.CanDecide, p.Level, err = u.svc.awaits(ctx, sc, o.ID); err != nil {
			u.srv.Fail(w, r, err)
			return
		}
	}
	for _, l := range o.Lines {
		if l.ReceivedQty > 0 {
			p.CanCancel = false
		}
		if l.Kept() > 0 && receiving && o.Allows("return") {
			p.CanReturn = true
		}
	}
	p.Returning = returning && p.CanReturn
	var errsByLine map[int]map[string]string
	if failed != nil {
		prob := u.ui.Problem(r, failed)
		var rest *web.Problem
		errsByLine, rest = adminui.LineErrors(prob, len(o.Lines))
		p.Alert = prob.Detail
		var notes []string
		for _, fe := range rest.Errors {
			notes = append(notes, fe.Message)
		}
		if len(notes) > 0 {
			p.Alert = strings.Join(notes, " ")
		}
		status = prob.Status
	}
	for i, l := range o.Lines {
		row := lineRow{Line: l, Product: records.TitleOf(prods, l.ProductID), Qty: qty(r, l.Qty), Price: u.money(r, l.Price),
			TaxRate: qty(r, l.TaxRate) + "%", Amount: u.money(r, l.Amount), Received: qty(r, l.ReceivedQty),
			Rejected: qty(r, l.RejectedQty), Returned: qty(r, l.ReturnedQty), Open: qty(r, l.Open()), Kept: qty(r, l.Kept()),
			OpenValue: money.FromScaled(l.Open()).Decimal().Trim(0).String(), KeptValue: "0", Errs: errsByLine[i]}
		row.Input.Qty = row.OpenValue
		if returning {
			row.Input.Qty = ""
		}
		if input != nil && i < len(input.Lines) {
			row.Input = input.Lines[i]
		}
		p.Lines = append(p.Lines, row)
	}
	if p.Approvals, err = u.svc.approvals.History(ctx, sc, DocOrder, o.ID); err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	rs, err := u.svc.Receipts(ctx, sc, o.ID)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	byLine := map[int64]lineRow{}
	for _, l := range p.Lines {
		byLine[l.ID] = l
	}
	for _, rc := range rs {
		row := receiptRow{Receipt: rc, Kind: u.ui.T(r, "purchasing.kind."+rc.Kind), At: rc.DocDate}
		for _, l := range rc.Lines {
			text := byLine[l.OrderLineID].Product + " × " + qty(r, l.Qty)
			if l.RejectedQty > 0 {
				text += " " + u.ui.T(r, "purchasing.rejected_note", "Qty", qty(r, l.RejectedQty))
			}
			if l.Reason != "" {
				text += " (" + l.Reason + ")"
			}
			row.Lines = append(row.Lines, text)
		}
		p.Receipts = append(p.Receipts, row)
	}
	u.ui.Page(w, r, status, "purchasing/order.html", "purchasing.order", "purchasing-orders", p)
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
		u.renderOrder(w, r, http.StatusConflict, false, err, nil)
		return
	}
	u.ui.SetFlash(w, flash)
	adminui.Redirect(w, r, fmt.Sprintf("/purchasing/orders/%d", id))
}

func (u *ui) submit(w http.ResponseWriter, r *http.Request) {
	u.act(w, r, "flash.purchasing.submitted", func(ctx context.Context, sc tenant.Scope, id int64, v int) error {
		_, err := u.svc.Submit(ctx, sc, id, v)
		return err
	})
}

func (u *ui) approve(w http.ResponseWriter, r *http.Request) {
	u.act(w, r, "flash.purchasing.approved", func(ctx context.Context, sc tenant.Scope, id int64, _ int) error {
		_, err := u.svc.Decide(ctx, sc, id, true, r.PostFormValue("comment"))
		return err
	})
}

func (u *ui) reject(w http.ResponseWriter, r *http.Request) {
	u.act(w, r, "flash.purchasing.rejected", func(ctx context.Context, sc tenant.Scope, id int64, _ int) error {
		_, err := u.svc.Decide(ctx, sc, id, false, r.PostFormValue("comment"))
		return err
	})
}

func (u *ui) cancel(w http.ResponseWriter, r *http.Request) {
	u.act(w, r, "flash.purchasing.cancelled", func(ctx context.Context, sc tenant.Scope, id int64, v int) error {
		_, err := u.svc.Cancel(ctx, sc, id, v, r.PostFormValue("reason"))
		return err
	})
}

func (u *ui) close(w http.ResponseWriter, r *http.Request) {
	u.act(w, r, "flash.purchasing.closed", func(ctx context.Context, sc tenant.Scope, id int64, v int) error {
		_, err := u.svc.Close(ctx, sc, id, v)
		return err
	})
}

func (u *ui) delete(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	_ = r.ParseForm()
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if err := u.svc.Delete(r.Context(), web.ScopeFrom(r.Context()), id, version); err != nil {
		u.renderOrder(w, r, http.StatusConflict, false, err, nil)
		return
	}
	u.ui.SetFlash(w, "flash.deleted")
	adminui.Redirect(w, r, "/purchasing/orders")
}

// settleInput reads the receipt/return form: one row per order line.
func settleInput(r *http.Request) ReceiveInput {
	_ = r.ParseForm()
	pf := r.PostForm
	in := ReceiveInput{DocDate: pf.Get("doc_date"), Notes: pf.Get("notes")}
	at := func(name string, i int) string {
		if vs := pf[name]; i < len(vs) {
			return vs[i]
		}
		return ""
	}
	for i, s := range pf["line_id"] {
		id, _ := strconv.ParseInt(s, 10, 64)
		in.Lines = append(in.Lines, ReceiveLine{OrderLineID: id, Qty: at("line_qty", i), Rejected: at("line_rejected", i),
			Reason: at("line_reason", i)})
	}
	return in
}

func (u *ui) receive(w http.ResponseWriter, r *http.Request) { u.settle(w, r, false) }

func (u *ui) sendBack(w http.ResponseWriter, r *http.Request) { u.settle(w, r, true) }

func (u *ui) settle(w http.ResponseWriter, r *http.Request, returning bool) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	in := settleInput(r)
	sc := web.ScopeFrom(r.Context())
	var err error
	if returning {
		_, err = u.svc.Return(r.Context(), sc, id, in)
	} else {
		_, err = u.svc.Receive(r.Context(), sc, id, in)
	}
	if err != nil {
		// The form posts every line in the order's order, so the service's
		// line indexes are the page's rows.
		u.renderOrder(w, r, http.StatusUnprocessableEntity, returning, err, &in)
		return
	}
	flash := "flash.purchasing.received"
	if returning {
		flash = "flash.purchasing.returned"
	}
	u.ui.SetFlash(w, flash)
	adminui.Redirect(w, r, fmt.Sprintf("/purchasing/orders/%d", id))
}

// reorder is the low-stock panel's one click: a draft order, opened for
// editing.
func (u *ui) reorder(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	p, _ := strconv.ParseInt(r.PostFormValue("product_id"), 10, 64)
	wh, _ := strconv.ParseInt(r.PostFormValue("warehouse_id"), 10, 64)
	sc := web.ScopeFrom(r.Context())
	o, err := u.svc.Reorder(r.Context(), sc, p, wh)
	if e, ok := errs.As(err); ok && e.Code == "purchasing.reorder_open" {
		// Already on order: open that order instead of a second one.
		if id, ferr := u.svc.OpenOrder(r.Context(), sc, p, wh); ferr == nil && id > 0 {
			u.ui.SetFlash(w, "flash.purchasing.reorder_exists")
			adminui.Redirect(w, r, fmt.Sprintf("/purchasing/orders/%d", id))
			return
		}
	}
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	u.ui.SetFlash(w, "flash.purchasing.reordered")
	adminui.Redirect(w, r, fmt.Sprintf("/purchasing/orders/%d", o.ID))
}
