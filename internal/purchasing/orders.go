package purchasing

import (
	"context"
	"fmt"
	"github.com/taihe-erp/taihe/internal/platform/docflow"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

const orderCols = `id, number, supplier_id, warehouse_id, order_date, expected_date, status, currency, subtotal, tax, total,
	notes, owner_id, department_id, created_by, created_at, updated_at, version`

const lineCols = `id, line_no, product_id, unit, factor, qty, price, tax_rate, amount, tax, received_qty, rejected_qty, returned_qty`

// Create saves a draft order (purchasing.create); the buyer is its owner.
func (s *Service) Create(ctx context.Context, sc tenant.Scope, in OrderInput) (Order, error) {
	if !sc.Can(tenant.P(Module, tenant.Create)) {
		return Order{}, errs.Forbidden("forbidden")
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = s.CreateTx(ctx, tx, sc, in)
		return err
	})
	if err != nil {
		return Order{}, err
	}
	return s.Get(ctx, sc, id)
}

// CreateTx saves a draft inside the caller's transaction (the low-stock
// shortcut and the demo make orders this way).
func (s *Service) CreateTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, in OrderInput) (int64, error) {
	if !sc.Can(tenant.P(Module, tenant.Create)) {
		return 0, errs.Forbidden("forbidden")
	}
	c, err := s.check(ctx, tx, sc, in)
	if err != nil {
		return 0, err
	}
	now := db.Now()
	number, err := s.numbers.Next(ctx, tx, sc.Tenant(), DocOrder, now)
	if err != nil {
		return 0, err
	}
	q := db.Tenant(tx, sc.Tenant())
	o := c.order
	id, err := db.Insert(ctx, q, `INSERT INTO purchase_orders (tenant_id, number, supplier_id, warehouse_id, order_date, expected_date,
		status, currency, subtotal, tax, total, notes, owner_id, department_id, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, q.Tenant, number, o.SupplierID, o.WarehouseID, o.OrderDate,
		o.ExpectedDate, Draft, o.Currency, o.Subtotal, o.Tax, o.Total, o.Notes, db.NullID(sc.Actor()), db.NullID(sc.Dept()),
		db.NullID(sc.Actor()), now, now)
	if err != nil {
		return 0, err
	}
	if err := insertLines(ctx, q, id, c.lines); err != nil {
		return 0, err
	}
	return id, audit.Record(ctx, tx, sc, DocOrder+".create", DocOrder, id,
		audit.Change{Field: "number", After: number}, audit.Change{Field: "supplier_id", After: o.SupplierID},
		audit.Change{Field: "total", After: money.FromScaled(o.Total).String()}, audit.Change{Field: "lines", After: len(c.lines)})
}

func insertLines(ctx context.Context, q db.Scoped, orderID int64, lines []Line) error {
	const cols = 11
	args := make([]any, 0, len(lines)*cols)
	for _, l := range lines {
		args = append(args, q.Tenant, orderID, l.LineNo, l.ProductID, l.Unit, l.Factor, l.Qty, l.Price, l.TaxRate, l.Amount, l.Tax)
	}
	return db.InsertRows(ctx, q, `INSERT INTO purchase_order_lines (tenant_id, order_id, line_no, product_id, unit, factor, qty, price,
		tax_rate, amount, tax)`, "("+db.Placeholders(cols)+")", len(lines), args)
}

// Update replaces a draft's header and lines (purchasing.edit) when the
// version the user saw is still current.
func (s *Service) Update(ctx context.Context, sc tenant.Scope, id int64, in OrderInput) (Order, error) {
	if !sc.Can(tenant.P(Module, tenant.Edit)) {
		return Order{}, errs.Forbidden("forbidden")
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.lock(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if !before.Allows("edit") {
			return errs.Conflict("purchasing.not_draft")
		}
		if in.Version != before.Version {
			return errs.Stale("stale")
		}
		c, err := s.check(ctx, tx, sc, in)
		if err != nil {
			return err
		}
		q := db.Tenant(tx, sc.Tenant())
		o := c.order
		if _, err := q.Exec(ctx, `UPDATE purchase_orders SET supplier_id = ?, warehouse_id = ?, order_date = ?, expected_date = ?,
			subtotal = ?, tax = ?, total = ?, notes = ?, updated_at = ?, version = version + 1 WHERE tenant_id = ? AND id = ?`,
			o.SupplierID, o.WarehouseID, o.OrderDate, o.ExpectedDate, o.Subtotal, o.Tax, o.Total, o.Notes, db.Now(), q.Tenant, id); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `DELETE FROM purchase_order_lines WHERE tenant_id = ? AND order_id = ?`, q.Tenant, id); err != nil {
			return err
		}
		if err := insertLines(ctx, q, id, c.lines); err != nil {
			return err
		}
		o.Number, o.Status, o.Currency = before.Number, before.Status, before.Currency
		changes := audit.Diff(headerOf(before), headerOf(o))
		changes = append(changes, audit.Change{Field: "lines", Before: linesText(before.Lines), After: linesText(c.lines)})
		return audit.Record(ctx, tx, sc, DocOrder+".update", DocOrder, id, changes...)
	})
	if err != nil {
		return Order{}, err
	}
	return s.Get(ctx, sc, id)
}

// header is what the audit compares of an order.
type header struct {
	SupplierID   int64  `json:"supplier_id"`
	WarehouseID  int64  `json:"warehouse_id"`
	OrderDate    string `json:"order_date"`
	ExpectedDate string `json:"expected_date"`
	Total        string `json:"total"`
	Notes        string `json:"notes"`
}

func headerOf(o Order) header {
	return header{o.SupplierID, o.WarehouseID, o.OrderDate, o.ExpectedDate, money.FromScaled(o.Total).String(), o.Notes}
}

// linesText is the lines in one line of audit: "product×qty@price; …".
func linesText(ls []Line) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = fmt.Sprintf("#%d×%s%s@%s", l.ProductID, money.FromScaled(l.Qty), l.Unit, money.FromScaled(l.Price))
	}
	return strings.Join(parts, "; ")
}

// Delete removes a draft that never went further (purchasing.delete).
func (s *Service) Delete(ctx context.Context, sc tenant.Scope, id int64, version int) error {
	if !sc.Can(tenant.P(Module, tenant.Delete)) {
		return errs.Forbidden("forbidden")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := s.lock(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if !o.Allows("delete") {
			return errs.Conflict("purchasing.delete_not_draft")
		}
		if version != o.Version {
			return errs.Stale("stale")
		}
		q := db.Tenant(tx, sc.Tenant())
		var receipts int
		if err := q.Get(ctx, &receipts, `SELECT count(*) FROM purchase_receipts WHERE tenant_id = ? AND order_id = ?`, q.Tenant, id); err != nil {
			return err
		}
		if receipts > 0 {
			return errs.Conflict("purchasing.delete_not_draft")
		}
		if _, err := q.Exec(ctx, `DELETE FROM purchase_order_lines WHERE tenant_id = ? AND order_id = ?`, q.Tenant, id); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `DELETE FROM purchase_orders WHERE tenant_id = ? AND id = ?`, q.Tenant, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, DocOrder+".delete", DocOrder, id, audit.Change{Field: "number", Before: o.Number})
	})
}

// Get reads an order with its lines (purchasing.view, within the data
// scope; an approver of its pending request may read it too).
func (s *Service) Get(ctx context.Context, sc tenant.Scope, id int64) (Order, error) {
	return s.load(ctx, db.Tenant(s.db.Read(), sc.Tenant()), sc, id, false, true)
}

// lock reads an order for a state change inside tx (the row is locked on
// PostgreSQL; SQLite's writer is one connection).
func (s *Service) lock(ctx context.Context, tx *db.Tx, sc tenant.Scope, id int64) (Order, error) {
	return s.load(ctx, db.Tenant(tx, sc.Tenant()), sc, id, true, true)
}

// load reads an order; scoped applies the caller's data scope (receiving
// goods is the warehouse's job, whoever bought them).
func (s *Service) load(ctx context.Context, q db.Scoped, sc tenant.Scope, id int64, forUpdate, scoped bool) (Order, error) {
	var vis string
	var vargs []any
	if scoped {
		vis, vargs = s.visible(sc)
	}
	lockSQL := ""
	if forUpdate {
		lockSQL = db.ForUpdate(q)
	}
	var os []Order
	if err := q.Select(ctx, &os, `SELECT `+orderCols+` FROM purchase_orders WHERE tenant_id = ? AND id = ?`+vis+lockSQL,
		append([]any{q.Tenant, id}, vargs...)...); err != nil {
		return Order{}, err
	}
	if len(os) == 0 {
		return Order{}, errs.NotFound("not_found")
	}
	o := os[0]
	err := q.Select(ctx, &o.Lines, `SELECT `+lineCols+` FROM purchase_order_lines WHERE tenant_id = ? AND order_id = ? ORDER BY line_no`,
		q.Tenant, id)
	return o, err
}

// visible is the data-scope condition on orders: the caller's scope, or
// the orders waiting for the caller's approval (being asked to decide is
// leave to read). No purchasing.view at all: only the latter.
func (s *Service) visible(sc tenant.Scope) (string, []any) {
	approver, aargs := approval.ApproverClause(DocOrder, "purchase_orders.tenant_id", "purchase_orders.id", sc.Actor())
	if !sc.Can(tenant.P(Module, tenant.View)) {
		return " AND " + approver, aargs
	}
	terms, args, all := sc.VisibilityTerms(Module, "owner_id", "department_id")
	if all {
		return "", nil
	}
	terms, args = append(terms, approver), append(args, aargs)
	return tenant.AnyOf(terms, args, false)
}

// ListSpec is what the order list may sort and filter by.
var ListSpec = list.Spec{
	Sorts: map[string]string{"id": "id", "number": "number", "order_date": "order_date", "expected_date": "expected_date",
		"total": "total"},
	DefaultSort: "-id",
	Filters: map[string]string{"status": "status", "supplier_id": "supplier_id", "warehouse_id": "warehouse_id",
		"owner_id": "owner_id"},
	Search: []string{"number"},
}

// orders is the order list: purchasing.view within the data scope, without lines.
var orders = docflow.Listing[Order]{Module: Module, Table: "purchase_orders", Cols: orderCols, Spec: ListSpec,
	Key: func(sort string, o Order) (any, int64) { return orderSortValue(sort, o), o.ID }}

// List is a page of orders (purchasing.view within the data scope) without
// their lines.
func (s *Service) List(ctx context.Context, sc tenant.Scope, lq list.Query) (list.Page[Order], error) {
	return orders.Page(ctx, s.db.Read(), sc, lq)
}

func orderSortValue(sort string, o Order) any {
	switch strings.TrimPrefix(sort, "-") {
	case "number":
		return o.Number
	case "order_date":
		return o.OrderDate
	case "expected_date":
		return o.ExpectedDate
	case "total":
		return o.Total
	}
	return o.ID
}
