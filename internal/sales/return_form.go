package sales

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type returnFormLine struct {
	LineID             int64
	Product, Unit      string
	Shipped, Left, Qty string
	Errs               map[string]string
}

type returnFormPage struct {
	Order                    Order
	Customer                 string
	Lines                    []returnFormLine
	Kinds, Reasons           []adminui.Option
	Kind, Reason, ReasonNote string
	Alert                    string
	Errs                     map[string]string
	NoneLeft                 bool
}

// returnForm is "request a return or exchange" of one order: its lines
// with what shipped and what may still come back; the user types the
// quantities.
func (u *ui) returnForm(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.URL.Query().Get("order_id"), 10, 64)
	u.renderReturnForm(w, r, http.StatusOK, id, nil, nil)
}

// renderReturnForm draws the form; typed is what the user sent per order
// line, failed its refusal.
func (u *ui) renderReturnForm(w http.ResponseWriter, r *http.Request, status int, orderID int64, typed map[int64]string, failed error) {
	ctx := r.Context()
	sc := web.ScopeFrom(ctx)
	o, left, err := u.svc.Returnable(ctx, sc, orderID)
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
	p := &returnFormPage{Order: o, Customer: records.TitleOf(cust, o.CustomerID), Kinds: u.options(r, "sales.return.kind.", ReturnKinds, false),
		Reasons: u.options(r, "sales.return.reason.", ReturnReasons, false), Kind: r.PostFormValue("kind"),
		Reason: r.PostFormValue("reason"), ReasonNote: r.PostFormValue("reason_note"), Errs: map[string]string{}, NoneLeft: true}
	for _, l := range o.Lines {
		if l.ShippedQty == 0 {
			continue // nothing of it reached the customer
		}
		p.Lines = append(p.Lines, returnFormLine{LineID: l.ID, Product: records.TitleOf(prods, l.ProductID), Unit: l.Unit,
			Shipped: qty(r, l.ShippedQty), Left: qty(r, left[l.ID]), Qty: typed[l.ID]})
		if left[l.ID] > 0 {
			p.NoneLeft = false
		}
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
	u.ui.Page(w, r, status, "sales/return_form.html", "sales.return.new", "sales-returns", p)
}

// returnCreate makes the request of the rows with a quantity.
func (u *ui) returnCreate(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	orderID, _ := strconv.ParseInt(r.PostFormValue("order_id"), 10, 64)
	in := ReturnInput{OrderID: orderID, Kind: r.PostFormValue("kind"), Reason: r.PostFormValue("reason"),
		ReasonNote: r.PostFormValue("reason_note")}
	typed := map[int64]string{}
	for _, row := range adminui.FormRows(r.PostForm, []string{"line_id", "line_qty"}, []string{"line_qty"}) {
		id, _ := strconv.ParseInt(row["line_id"], 10, 64)
		typed[id] = row["line_qty"]
		in.Lines = append(in.Lines, ReturnLineInput{OrderLineID: id, Qty: row["line_qty"]})
	}
	x, err := u.svc.CreateReturn(r.Context(), web.ScopeFrom(r.Context()), in)
	if err != nil {
		u.renderReturnForm(w, r, http.StatusUnprocessableEntity, orderID, typed, err)
		return
	}
	u.ui.SetFlash(w, "flash.sales.return_created")
	adminui.Redirect(w, r, fmt.Sprintf("/sales/returns/%d", x.ID))
}
