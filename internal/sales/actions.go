package sales

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/docflow"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// openStatuses are the orders that still commit the customer's credit.
var openStatuses = []string{PendingReview, Approved, PartiallyShipped}

// Submit sends a draft for approval (sales.edit). A blacklisted customer is
// refused; the rules see the amount, the customer, its groups and whether
// its credit limit is exceeded. No rule asks → approved at once, with the
// stock reserved; otherwise pending_review.
func (s *Service) Submit(ctx context.Context, sc tenant.Scope, id int64, version int) (Order, error) {
	if !sc.Can(tenant.P(Module, tenant.Edit)) {
		return Order{}, errs.Forbidden("forbidden")
	}
	var out Order
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := s.lock(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if err := expect(o, version, "submit"); err != nil {
			return err
		}
		// One submit per customer at a time: otherwise two orders could each
		// pass the credit limit without counting the other.
		if err := s.master.LockCustomer(ctx, tx, sc.Tenant(), o.CustomerID); err != nil {
			return err
		}
		if o, err = s.reprice(ctx, tx, sc, o); err != nil {
			return err
		}
		cust, ok, err := s.master.CustomerTerms(ctx, tx, sc.Tenant(), o.CustomerID)
		if err != nil {
			return err
		}
		if !ok {
			return errs.Invalid(errs.Field("customer_id", "field.unknown"))
		}
		if cust.Blacklisted {
			return errs.Conflict("sales.customer_blacklisted", "Customer", cust.Name)
		}
		over, err := s.overCredit(ctx, tx, sc, o, cust.CreditLimit)
		if err != nil {
			return err
		}
		// Written only when it changes: most orders stay within the limit,
		// and the row is updated again by the status move anyway.
		if over != o.OverCreditLimit {
			q := db.Tenant(tx, sc.Tenant())
			if _, err := q.Exec(ctx, `UPDATE sales_orders SET over_credit_limit = ? WHERE tenant_id = ? AND id = ?`, over, q.Tenant,
				id); err != nil {
				return err
			}
			o.OverCreditLimit = over
		}
		groups := cust.Groups
		if groups == nil {
			groups = []int64{}
		}
		group := ""
		if cust.GroupID != nil {
			group = strconv.FormatInt(*cust.GroupID, 10)
		}
		fields := map[string]any{"amount": money.FromScaled(o.Total), "customer_id": o.CustomerID, "customer_group": group,
			"customer_groups": groups, "over_credit_limit": strconv.FormatBool(over), "warehouse_id": o.WarehouseID, "channel": o.Channel}
		req, err := s.approvals.SubmitTx(ctx, tx, sc, approval.Doc{Type: DocOrder, ID: id, Fields: fields, Title: o.Number})
		if err != nil {
			return err
		}
		to := PendingReview
		if req.Status == approval.Approved {
			if err := s.reserve(ctx, tx, sc, o); err != nil {
				return err
			}
			to = Approved
		}
		out, err = s.moveTo(ctx, tx, sc, o, to, "submit", audit.Change{Field: "over_credit_limit", After: over})
		return err
	})
	if err != nil {
		return Order{}, err
	}
	return out, nil
}

// overCredit reports whether the customer's open orders and o together
// exceed limit (nil: the customer has none).
func (s *Service) overCredit(ctx context.Context, tx *db.Tx, sc tenant.Scope, o Order, limit *int64) (bool, error) {
	if limit == nil {
		return false, nil
	}
	q := db.Tenant(tx, sc.Tenant())
	var totals []int64
	args := []any{q.Tenant, o.CustomerID, o.ID}
	for _, st := range openStatuses {
		args = append(args, st)
	}
	// Summed in Go: a SUM of scaled BIGINTs could overflow unnoticed.
	if err := q.Select(ctx, &totals, `SELECT total FROM sales_orders WHERE tenant_id = ? AND customer_id = ? AND id <> ?
		AND status IN (`+db.Placeholders(len(openStatuses))+`)`, args...); err != nil {
		return false, err
	}
	sum := o.Total
	for _, t := range totals {
		sum += t
	}
	return sum > *limit, nil
}

// ApprovalFields are what approval rules of sales orders may compare.
var ApprovalFields = []approval.DocField{
	{Name: "amount", Label: "sales.total", Kind: "decimal"},
	{Name: "customer_id", Label: "sales.customer", Kind: "text"},
	{Name: "customer_group", Label: "sales.customer_group", Kind: "text"},
	{Name: "customer_groups", Label: "sales.customer_groups", Kind: "list"},
	{Name: "over_credit_limit", Label: "sales.over_credit_limit", Kind: "text"},
	{Name: "warehouse_id", Label: "sales.warehouse", Kind: "text"},
	{Name: "channel", Label: "sales.channel", Kind: "text"},
}

// Decide is an approver's approve or reject of a pending order. The
// approval rules say who may; the last approval reserves the stock of every
// line and approves the order — not enough stock fails it (409
// inventory.insufficient) and nothing changes. A rejection (comment
// required) sends it back to draft.
func (s *Service) Decide(ctx context.Context, sc tenant.Scope, id int64, approve bool, comment string) (Order, error) {
	var out Order
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := s.lock(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		out = o
		if !o.Allows("decide") {
			return errs.Conflict("sales.not_pending", "Status", o.Status)
		}
		req, err := s.approvals.DecideTx(ctx, tx, sc, DocOrder, id, approve, comment)
		if err != nil {
			return err
		}
		switch req.Status {
		case approval.Approved:
			if err := s.reserve(ctx, tx, sc, o); err != nil {
				return err
			}
			out, err = s.moveTo(ctx, tx, sc, o, Approved, "approve")
		case approval.Rejected:
			out, err = s.moveTo(ctx, tx, sc, o, Draft, "reject", audit.Change{Field: "comment", After: strings.TrimSpace(comment)})
		}
		return err // nil: a level approved; the next one decides
	})
	if err != nil {
		return Order{}, err
	}
	return out, nil
}

// reserve holds every line's open quantity in base units, in (product,
// line) order so that approvals competing for the same stock lock the
// balances in one order.
func (s *Service) reserve(ctx context.Context, tx *db.Tx, sc tenant.Scope, o Order) error {
	lines := slices.Clone(o.Lines)
	slices.SortFunc(lines, func(a, b Line) int {
		if a.ProductID != b.ProductID {
			return int(a.ProductID - b.ProductID)
		}
		return int(a.ID - b.ID)
	})
	rs := make([]inventory.Reservation, 0, len(lines))
	for _, l := range lines {
		qty, err := money.MulDiv(l.Open(), l.Factor, 10000)
		if err != nil {
			return errs.Invalid(errs.Field(fmt.Sprintf("lines[%d].qty", l.LineNo-1), "sales.too_large"))
		}
		if qty <= 0 {
			continue
		}
		rs = append(rs, inventory.Reservation{ProductID: l.ProductID, WarehouseID: o.WarehouseID, Qty: qty, DocType: DocOrder,
			DocID: o.ID, DocLine: l.ID})
	}
	// All lines at once: the balances in this order, the reservation rows
	// and the reorder-point check in one statement each.
	return s.stock.ReserveAllTx(ctx, tx, sc, rs)
}

// Cancel ends an order before anything shipped (sales.edit), with a
// reason: a pending approval is withdrawn and reserved stock given back.
func (s *Service) Cancel(ctx context.Context, sc tenant.Scope, id int64, version int, reason string) (Order, error) {
	if !sc.Can(tenant.P(Module, tenant.Edit)) {
		return Order{}, errs.Forbidden("forbidden")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Order{}, errs.Invalid(errs.Field("reason", "field.required"))
	}
	if len([]rune(reason)) > 500 {
		return Order{}, errs.Invalid(errs.Field("reason", "field.too_long", "Max", 500))
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := s.lock(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if err := expect(o, version, "cancel"); err != nil {
			return err
		}
		for _, l := range o.Lines {
			if l.ShippedQty > 0 {
				return errs.Conflict("sales.cancel_shipped")
			}
		}
		if err := s.approvals.WithdrawTx(ctx, tx, sc, DocOrder, id); err != nil {
			return err
		}
		if err := s.stock.ReleaseDocTx(ctx, tx, sc, DocOrder, id); err != nil {
			return err
		}
		if err := s.release(ctx, tx, sc, id, 0); err != nil {
			return err
		}
		return s.move(ctx, tx, sc, o, Cancelled, "cancel", audit.Change{Field: "reason", After: reason})
	})
	if err != nil {
		return Order{}, err
	}
	return s.Get(ctx, sc, id)
}

// Close ends a partially shipped order that will ship no more (sales.edit):
// what is still reserved for it is given back.
func (s *Service) Close(ctx context.Context, sc tenant.Scope, id int64, version int) (Order, error) {
	if !sc.Can(tenant.P(Module, tenant.Edit)) {
		return Order{}, errs.Forbidden("forbidden")
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := s.lock(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if err := expect(o, version, "close"); err != nil {
			return err
		}
		var open int64
		for _, l := range o.Lines {
			open += l.Open()
		}
		if err := s.stock.ReleaseDocTx(ctx, tx, sc, DocOrder, id); err != nil {
			return err
		}
		return s.move(ctx, tx, sc, o, Closed, "close", audit.Change{Field: "open_qty", Before: money.FromScaled(open).String()})
	})
	if err != nil {
		return Order{}, err
	}
	return s.Get(ctx, sc, id)
}

// expect checks that the order's status allows action (orderRules) and
// that it is the version the user saw.
func expect(o Order, version int, action string) error {
	return orderRules.Expect(o.doc(), "sales.bad_status", version, action)
}

// move writes a status change and its audit row ("sales_order.approve").
func (s *Service) move(ctx context.Context, tx *db.Tx, sc tenant.Scope, o Order, to, action string, more ...audit.Change) error {
	_, err := s.moveTo(ctx, tx, sc, o, to, action, more...)
	return err
}

// moveTo is move answering the order as it now is, so an action need not
// read it again after the commit (two queries of every request).
func (s *Service) moveTo(ctx context.Context, tx *db.Tx, sc tenant.Scope, o Order, to, action string, more ...audit.Change) (Order, error) {
	d := o.doc()
	d.At = db.Now()
	if err := docflow.Move(ctx, tx, sc, d, to, action, more...); err != nil {
		return o, err
	}
	o.Status, o.Version, o.UpdatedAt = to, o.Version+1, d.At
	return o, nil
}

// doc is the order as the shared status steps see it.
func (o Order) doc() docflow.Doc {
	return docflow.Doc{Table: "sales_orders", Type: DocOrder, ID: o.ID, Status: o.Status, Version: o.Version}
}

// awaits reports whether the order waits for sc's decision, and at which
// level of how many ("1/2").
func (s *Service) awaits(ctx context.Context, sc tenant.Scope, id int64) (bool, string, error) {
	return s.awaitsDoc(ctx, sc, DocOrder, id)
}

// awaitsDoc is awaits for any of sales's document types.
func (s *Service) awaitsDoc(ctx context.Context, sc tenant.Scope, docType string, id int64) (bool, string, error) {
	rs, err := s.approvals.Inbox(ctx, sc)
	if err != nil {
		return false, "", err
	}
	for _, r := range rs {
		if r.DocType == docType && r.DocID == id {
			return true, fmt.Sprintf("%d/%d", r.Level, r.Levels), nil
		}
	}
	return false, "", nil
}
