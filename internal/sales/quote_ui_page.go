package sales

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// quoteLineRow is a line as the quotation page and print show it.
type quoteLineRow struct {
	QuoteLine
	Product                                            string
	Qty, Price, Markup, Discount, TaxRate, Amount, Tax string
	UnitCost, Cost, Margin, MarginPct                  string
	Steps                                              []quoteStepRow
	Materials                                          []quoteMaterialRow
}

type quoteStepRow struct{ Name, Hours, Rate, Cost string }

type quoteMaterialRow struct{ Product, Qty, UnitCost, Cost string }

type quotePageView struct {
	Flash                                                   string
	Quote                                                   Quote
	Customer                                                string
	Warehouse                                               string
	Status                                                  string
	Badge                                                   string
	Order                                                   string // the order's number, once accepted
	Lines                                                   []quoteLineRow
	Subtotal, Discount, Tax, Total, Cost, Margin, MarginPct string
	Alert                                                   string
	// What the caller may do now.
	CanEdit, CanSubmit, CanDecide, CanSend, CanAnswer, CanDelete bool
	Warehouses                                                   []adminui.Option
	WarehouseValue                                               string
	Approvals                                                    []approval.HistoryEntry
	Level                                                        string
}

// quoteView reads a quotation and everything its page and print show.
func (u *ui) quoteView(r *http.Request, id int64) (*quotePageView, error) {
	ctx := r.Context()
	sc := web.ScopeFrom(ctx)
	q, err := u.svc.GetQuote(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	pids := []int64{}
	for _, l := range q.Lines {
		pids = append(pids, l.ProductID)
		for _, m := range l.Materials {
			pids = append(pids, m.ProductID)
		}
	}
	prods, err := u.svc.master.Titles(ctx, sc, "products", pids)
	if err != nil {
		return nil, err
	}
	customer, err := u.customerName(r, q.CustomerID)
	if err != nil {
		return nil, err
	}
	p := &quotePageView{Quote: q, Customer: customer, Warehouse: "—",
		Status: u.ui.T(r, "sales.quote.status."+q.Status), Badge: quoteBadge[q.Status],
		Subtotal: u.money(r, q.Subtotal), Discount: u.money(r, q.Discount), Tax: u.money(r, q.Tax), Total: u.money(r, q.Total),
		Cost: u.money(r, q.Cost), Margin: u.money(r, q.Margin), MarginPct: pct(r, q.MarginPct)}
	if q.WarehouseID != nil {
		wh, err := u.svc.master.Titles(ctx, sc, "warehouses", []int64{*q.WarehouseID})
		if err != nil {
			return nil, err
		}
		p.Warehouse, p.WarehouseValue = records.TitleOf(wh, *q.WarehouseID), strconv.FormatInt(*q.WarehouseID, 10)
	}
	for _, l := range q.Lines {
		row := quoteLineRow{QuoteLine: l, Product: records.TitleOf(prods, l.ProductID), Qty: qty(r, l.Qty), Price: u.money(r, l.Price),
			Discount: qty(r, l.DiscountPct) + "%", TaxRate: qty(r, l.TaxRate) + "%", Amount: u.money(r, l.Amount), Tax: u.money(r, l.Tax),
			UnitCost: u.money(r, l.UnitCost), Cost: u.money(r, l.Cost), Margin: u.money(r, l.Margin), MarginPct: pct(r, l.MarginPct)}
		if l.MarkupPct != nil {
			row.Markup = qty(r, *l.MarkupPct) + "%"
		}
		for _, st := range l.Steps {
			row.Steps = append(row.Steps, quoteStepRow{Name: st.Name, Hours: qty(r, st.Hours), Rate: u.money(r, st.Rate), Cost: u.money(r, st.Cost)})
		}
		for _, m := range l.Materials {
			row.Materials = append(row.Materials, quoteMaterialRow{Product: records.TitleOf(prods, m.ProductID), Qty: qty(r, m.Qty),
				UnitCost: u.money(r, m.UnitCost), Cost: u.money(r, m.Cost)})
		}
		p.Lines = append(p.Lines, row)
	}
	return p, nil
}

// quotePage is the quotation's page: lines with cost and margin, the
// actions its status allows the caller, the approval history.
func (u *ui) quotePage(w http.ResponseWriter, r *http.Request) {
	u.renderQuote(w, r, http.StatusOK, nil)
}

func (u *ui) renderQuote(w http.ResponseWriter, r *http.Request, status int, failed error) {
	ctx := r.Context()
	sc := web.ScopeFrom(ctx)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	p, err := u.quoteView(r, id)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	p.Flash = u.ui.TakeFlash(w, r)
	q := p.Quote
	can := func(a tenant.Action) bool { return sc.Can(tenant.P(QuoteModule, a)) }
	p.CanEdit = q.Allows("edit") && can(tenant.Edit)
	p.CanSubmit = q.Allows("submit") && can(tenant.Edit)
	p.CanDelete = q.Allows("delete") && can(tenant.Delete)
	p.CanSend = q.Allows("send") && can(tenant.Edit)
	p.CanAnswer = q.Allows("answer") && can(tenant.Edit)
	if q.Allows("decide") {
		if p.CanDecide, p.Level, err = u.svc.awaitsDoc(ctx, sc, DocQuote, q.ID); err != nil {
			u.srv.Fail(w, r, err)
			return
		}
	}
	if p.CanAnswer {
		if p.Warehouses, err = u.warehouseOptions(r, false); err != nil {
			u.srv.Fail(w, r, err)
			return
		}
	}
	if q.OrderID != nil {
		p.Order = fmt.Sprintf("#%d", *q.OrderID)
		if o, err := u.svc.Get(ctx, sc, *q.OrderID); err == nil {
			p.Order = o.Number
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
	if p.Approvals, err = u.svc.approvals.History(ctx, sc, DocQuote, q.ID); err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	u.ui.Page(w, r, status, "sales/quote.html", "sales.quote.one", "sales-quotes", p)
}

// quotePrint is the customer's copy (报价单): prices, amounts and validity
// without costs or margins, laid out for the browser's print (quotePDF is
// the same as a PDF).
func (u *ui) quotePrint(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	p, err := u.quoteView(r, id)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	u.ui.Fragment(w, r, http.StatusOK, "sales/quote_print.html", "print", p)
}

// quoteAct runs an action of the quotation page and comes back to it with
// a flash, or draws the page again with the refusal.
func (u *ui) quoteAct(w http.ResponseWriter, r *http.Request, flash string, do func(ctx context.Context, sc tenant.Scope, id int64, version int) error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	_ = r.ParseForm()
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if err := do(r.Context(), web.ScopeFrom(r.Context()), id, version); err != nil {
		u.renderQuote(w, r, http.StatusConflict, err)
		return
	}
	u.ui.SetFlash(w, flash)
	adminui.Redirect(w, r, fmt.Sprintf("/sales/quotes/%d", id))
}

func (u *ui) quoteSubmit(w http.ResponseWriter, r *http.Request) {
	u.quoteAct(w, r, "flash.sales.submitted", func(ctx context.Context, sc tenant.Scope, id int64, v int) error {
		_, err := u.svc.SubmitQuote(ctx, sc, id, v)
		return err
	})
}

func (u *ui) quoteApprove(w http.ResponseWriter, r *http.Request) {
	u.quoteAct(w, r, "flash.sales.approved", func(ctx context.Context, sc tenant.Scope, id int64, _ int) error {
		_, err := u.svc.DecideQuote(ctx, sc, id, true, r.PostFormValue("comment"))
		return err
	})
}

func (u *ui) quoteReject(w http.ResponseWriter, r *http.Request) {
	u.quoteAct(w, r, "flash.sales.rejected", func(ctx context.Context, sc tenant.Scope, id int64, _ int) error {
		_, err := u.svc.DecideQuote(ctx, sc, id, false, r.PostFormValue("comment"))
		return err
	})
}

func (u *ui) quoteSend(w http.ResponseWriter, r *http.Request) {
	u.quoteAct(w, r, "flash.sales.quote_sent", func(ctx context.Context, sc tenant.Scope, id int64, v int) error {
		_, err := u.svc.SendQuote(ctx, sc, id, v)
		return err
	})
}

func (u *ui) quoteAccept(w http.ResponseWriter, r *http.Request) {
	u.quoteAct(w, r, "flash.sales.quote_accepted", func(ctx context.Context, sc tenant.Scope, id int64, v int) error {
		wh, _ := strconv.ParseInt(r.PostFormValue("warehouse_id"), 10, 64)
		_, err := u.svc.AcceptQuote(ctx, sc, id, v, wh)
		return err
	})
}

func (u *ui) quoteDecline(w http.ResponseWriter, r *http.Request) {
	u.quoteAct(w, r, "flash.sales.quote_declined", func(ctx context.Context, sc tenant.Scope, id int64, v int) error {
		_, err := u.svc.DeclineQuote(ctx, sc, id, v, r.PostFormValue("reason"))
		return err
	})
}

func (u *ui) quoteDelete(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	_ = r.ParseForm()
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if err := u.svc.DeleteQuote(r.Context(), web.ScopeFrom(r.Context()), id, version); err != nil {
		u.renderQuote(w, r, http.StatusConflict, err)
		return
	}
	u.ui.SetFlash(w, "flash.deleted")
	adminui.Redirect(w, r, "/sales/quotes")
}

// customerName is the quotation's customer as the page and the printed
// copy name it: whoever may read the quotation may read whom it is for,
// even outside their customer scope (an approver, a manager's colleague).
func (u *ui) customerName(r *http.Request, id int64) (string, error) {
	sc := web.ScopeFrom(r.Context())
	cust, err := u.svc.master.Titles(r.Context(), sc, "customers", []int64{id})
	if err != nil {
		return "", err
	}
	if _, ok := cust[id]; ok {
		return records.TitleOf(cust, id), nil
	}
	c, ok, err := u.svc.master.CustomerTerms(r.Context(), u.svc.db.Read(), sc.Tenant(), id)
	if err != nil || !ok {
		return records.TitleOf(cust, id), err
	}
	return c.Name, nil
}

// productTitles are the titles of products (lines and materials).
func (u *ui) productTitles(r *http.Request, ids []int64) (map[int64]records.Titled, error) {
	return u.svc.master.Titles(r.Context(), web.ScopeFrom(r.Context()), "products", ids)
}
