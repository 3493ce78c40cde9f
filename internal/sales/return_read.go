package sales

import (
	"context"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/docflow"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

const returnCols = `id, number, order_id, customer_id, warehouse_id, kind, status, reason, reason_note, amount, decision_comment,
	decided_by, decided_at, received_at, received_note, inspected_at, closed_at, owner_id, department_id, created_by, created_at,
	updated_at, version`

const returnLineCols = `id, line_no, order_line_id, product_id, unit, factor, qty, amount, restock_qty, scrap_qty, inspect_note`

const refundCols = `id, return_id, order_id, customer_id, amount, currency, status, created_at, updated_at, version`

// GetReturn reads a return with its lines, its order's number, its refund
// request and its replacement delivery (sales_returns.view within the
// data scope).
func (s *Service) GetReturn(ctx context.Context, sc tenant.Scope, id int64) (Return, error) {
	if !sc.Can(tenant.P(ReturnsModule, tenant.View)) {
		return Return{}, errs.Forbidden("forbidden")
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	r, err := loadReturn(ctx, q, sc, id, false)
	if err != nil {
		return r, err
	}
	if err := q.Get(ctx, &r.OrderNumber, `SELECT number FROM sales_orders WHERE tenant_id = ? AND id = ?`, q.Tenant, r.OrderID); err != nil {
		return r, err
	}
	var refunds []RefundRequest
	if err := q.Select(ctx, &refunds, `SELECT `+refundCols+` FROM sales_refund_requests WHERE tenant_id = ? AND return_id = ?`,
		q.Tenant, id); err != nil {
		return r, err
	}
	if len(refunds) > 0 {
		r.Refund = &refunds[0]
	}
	var repl []DeliveryOrder
	if err := q.Select(ctx, &repl, `SELECT id, number FROM sales_deliveries WHERE tenant_id = ? AND return_id = ? ORDER BY id`,
		q.Tenant, id); err != nil {
		return r, err
	}
	if len(repl) > 0 {
		r.Replacement = &repl[0]
	}
	return r, nil
}

// lockReturn reads a return for an action inside tx (the caller checked
// the permission; the row is locked on PostgreSQL).
func (s *Service) lockReturn(ctx context.Context, tx *db.Tx, sc tenant.Scope, id int64) (Return, error) {
	return loadReturn(ctx, db.Tenant(tx, sc.Tenant()), sc, id, true)
}

func loadReturn(ctx context.Context, q db.Scoped, sc tenant.Scope, id int64, forUpdate bool) (Return, error) {
	vis, vargs := sc.Visibility(ReturnsModule, "owner_id", "department_id")
	lockSQL := ""
	if forUpdate {
		lockSQL = db.ForUpdate(q)
	}
	var rs []Return
	if err := q.Select(ctx, &rs, `SELECT `+returnCols+` FROM sales_returns WHERE tenant_id = ? AND id = ?`+vis+lockSQL,
		append([]any{q.Tenant, id}, vargs...)...); err != nil {
		return Return{}, err
	}
	if len(rs) == 0 {
		return Return{}, errs.NotFound("not_found")
	}
	r := rs[0]
	err := q.Select(ctx, &r.Lines, `SELECT `+returnLineCols+` FROM sales_return_lines WHERE tenant_id = ? AND return_id = ?
		ORDER BY line_no`, q.Tenant, id)
	return r, err
}

// ReturnListSpec is what the return list may sort and filter by.
var ReturnListSpec = list.Spec{
	Sorts:       map[string]string{"id": "id", "number": "number", "amount": "amount"},
	DefaultSort: "-id",
	Filters: map[string]string{"status": "status", "kind": "kind", "customer_id": "customer_id", "order_id": "order_id",
		"reason": "reason", "owner_id": "owner_id"},
	Search: []string{"number"},
}

var returnsList = docflow.Listing[Return]{Module: ReturnsModule, Table: "sales_returns", Cols: returnCols,
	Spec: ReturnListSpec, Key: func(sort string, r Return) (any, int64) {
		switch strings.TrimPrefix(sort, "-") {
		case "number":
			return r.Number, r.ID
		case "amount":
			return r.Amount, r.ID
		}
		return r.ID, r.ID
	}}

// ListReturns is a page of returns (sales_returns.view within the data
// scope) without their lines.
func (s *Service) ListReturns(ctx context.Context, sc tenant.Scope, lq list.Query) (list.Page[Return], error) {
	return returnsList.Page(ctx, s.db.Read(), sc, lq)
}

// RefundListSpec is what the refund request list may filter by.
var RefundListSpec = list.Spec{
	Sorts:       map[string]string{"id": "id"},
	DefaultSort: "-id",
	Filters:     map[string]string{"status": "status", "customer_id": "customer_id", "return_id": "return_id", "order_id": "order_id"},
}

var refundsList = docflow.Listing[RefundRequest]{Module: ReturnsModule, Table: "sales_refund_requests", Cols: refundCols,
	Spec: RefundListSpec, Key: func(_ string, r RefundRequest) (any, int64) { return r.ID, r.ID }}

// ListRefunds is a page of the refund requests returns made, for finance
// (sales_returns.view within the data scope).
func (s *Service) ListRefunds(ctx context.Context, sc tenant.Scope, lq list.Query) (list.Page[RefundRequest], error) {
	return refundsList.Page(ctx, s.db.Read(), sc, lq)
}

// OrderReturns are the returns of an order the caller may see, newest
// first (the order page lists them).
func (s *Service) OrderReturns(ctx context.Context, sc tenant.Scope, orderID int64) ([]Return, error) {
	if !sc.Can(tenant.P(ReturnsModule, tenant.View)) {
		return nil, nil
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	vis, vargs := sc.Visibility(ReturnsModule, "owner_id", "department_id")
	var out []Return
	err := q.Select(ctx, &out, `SELECT `+returnCols+` FROM sales_returns WHERE tenant_id = ? AND order_id = ?`+vis+` ORDER BY id DESC`,
		append([]any{q.Tenant, orderID}, vargs...)...)
	return out, err
}
