package sales

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/docflow"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

const orderCols = `id, number, customer_id, warehouse_id, order_date, status, payment_status, payment_method, channel,
	shipping_address, handler_id, notes, currency, subtotal, discount, tax, total, over_credit_limit, owner_id, department_id,
	created_by, created_at, updated_at, version, external_ref, coupon_code, quote_id`

const lineCols = `id, line_no, product_id, unit, factor, qty, price, discount_pct, tax_rate, amount, discount, tax, shipped_qty, promo_discount`

// Create saves a draft order (sales.create); the salesperson is its owner.
func (s *Service) Create(ctx context.Context, sc tenant.Scope, in OrderInput) (Order, error) {
	if !sc.Can(tenant.P(Module, tenant.Create)) {
		return Order{}, errs.Forbidden("forbidden")
	}
	var o Order
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		o, err = s.createTx(ctx, tx, sc, in)
		return err
	})
	if err != nil {
		return Order{}, err
	}
	return o, nil
}

// CreateTx saves a draft inside the caller's transaction (quotations and
// imports will make orders this way).
func (s *Service) CreateTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, in OrderInput) (int64, error) {
	o, err := s.createTx(ctx, tx, sc, in)
	return o.ID, err
}

// createTx is CreateTx answering the order as written, so Create need not
// read it again.
func (s *Service) createTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, in OrderInput) (Order, error) {
	if !sc.Can(tenant.P(Module, tenant.Create)) {
		return Order{}, errs.Forbidden("forbidden")
	}
	c, err := s.check(ctx, tx, sc, in)
	if err != nil {
		return Order{}, err
	}
	applied, err := s.promote(ctx, tx, sc, 0, &c, in.CouponCode, today(time.Now()))
	if err != nil {
		return Order{}, err
	}
	now := db.Now()
	q := db.Tenant(tx, sc.Tenant())
	o := c.order
	// The number comes last: its counter row stays locked until commit and
	// so serialises the tenant's new orders (numbering: "call Next late").
	// Until then the row holds a provisional number no one else can see.
	// On PostgreSQL taking it first made the lock wait most of a create.
	id, err := db.Insert(ctx, q, `INSERT INTO sales_orders (tenant_id, number, customer_id, warehouse_id, order_date, status,
		payment_status, payment_method, channel, shipping_address, handler_id, notes, currency, subtotal, discount, tax, total,
		owner_id, department_id, created_by, created_at, updated_at, coupon_code)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, q.Tenant, provisionalNumber(), o.CustomerID, o.WarehouseID,
		o.OrderDate, Draft, Unpaid, o.PaymentMethod, o.Channel, o.ShippingAddress, o.HandlerID, o.Notes, o.Currency, o.Subtotal,
		o.Discount, o.Tax, o.Total, db.NullID(sc.Actor()), db.NullID(sc.Dept()), db.NullID(sc.Actor()), now, now, o.CouponCode)
	if err != nil {
		return Order{}, err
	}
	if err := insertLines(ctx, q, id, c.lines); err != nil {
		return Order{}, err
	}
	if err := savePromotions(ctx, q, id, applied); err != nil {
		return Order{}, err
	}
	number, err := s.numbers.Next(ctx, tx, sc.Tenant(), DocOrder, now)
	if err != nil {
		return Order{}, err
	}
	if _, err := q.Exec(ctx, `UPDATE sales_orders SET number = ? WHERE tenant_id = ? AND id = ?`, number, q.Tenant, id); err != nil {
		return Order{}, err
	}
	// The order as the statements wrote it (the columns' defaults included).
	o.ID, o.Number, o.Status, o.PaymentStatus, o.Lines, o.CreatedAt, o.UpdatedAt, o.Version = id, number, Draft, Unpaid, c.lines,
		now, now, 1
	if sc.Actor() != 0 {
		actor := sc.Actor()
		o.OwnerID, o.CreatedBy = &actor, &actor
	}
	if sc.Dept() != 0 {
		dept := sc.Dept()
		o.DepartmentID = &dept
	}
	if err := audit.Record(ctx, tx, sc, DocOrder+".create", DocOrder, id,
		audit.Change{Field: "number", After: number}, audit.Change{Field: "customer_id", After: o.CustomerID},
		audit.Change{Field: "total", After: money.FromScaled(o.Total).String()}, audit.Change{Field: "lines", After: len(c.lines)},
		audit.Change{Field: "promotions", After: promotionsText(applied)}); err != nil {
		return Order{}, err
	}
	if len(applied) > 0 {
		// What each promotion gave is read back with its names, as load
		// shows it; orders without promotions are answered as written.
		return s.load(ctx, q, sc, id, false)
	}
	return o, nil
}

// insertLines writes the lines in one statement and sets their ids.
func insertLines(ctx context.Context, q db.Scoped, orderID int64, lines []Line) error {
	const cols = 15
	args := make([]any, 0, len(lines)*cols)
	row := "(" + db.Placeholders(cols) + ")"
	values := make([]string, len(lines))
	for i, l := range lines {
		args = append(args, q.Tenant, orderID, l.LineNo, l.ProductID, l.Unit, l.Factor, l.Qty, l.Price, l.DiscountPct, l.TaxRate,
			l.Amount, l.Discount, l.Tax, 0, l.PromoDiscount)
		values[i] = row
	}
	var ids []struct {
		ID     int64 `db:"id"`
		LineNo int   `db:"line_no"`
	}
	if err := q.Select(ctx, &ids, `INSERT INTO sales_order_lines (tenant_id, order_id, line_no, product_id, unit, factor, qty, price,
		discount_pct, tax_rate, amount, discount, tax, shipped_qty, promo_discount) VALUES `+strings.Join(values, ", ")+` RETURNING id, line_no`,
		args...); err != nil {
		return err
	}
	// RETURNING's row order is not promised: match by line number.
	byNo := make(map[int]int64, len(ids))
	for _, r := range ids {
		byNo[r.LineNo] = r.ID
	}
	for i := range lines {
		lines[i].ID = byNo[lines[i].LineNo]
	}
	return nil
}

// Update changes an order (sales.edit) when the version the user saw is
// still current. A draft: the whole order, lines replaced. An approved
// order: only notes, handler and shipping address; any other field given
// that differs from the order is refused field by field
// ("sales.locked_field"). Other statuses: nothing ("sales.not_editable").
func (s *Service) Update(ctx context.Context, sc tenant.Scope, id int64, in OrderInput) (Order, error) {
	if !sc.Can(tenant.P(Module, tenant.Edit)) {
		return Order{}, errs.Forbidden("forbidden")
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.lock(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		switch {
		case before.Allows("edit"):
		case before.Allows("edit_details"):
			if in.Version != before.Version {
				return errs.Stale("stale")
			}
			return s.updateApproved(ctx, tx, sc, before, in)
		default:
			return errs.Conflict("sales.not_editable", "Status", before.Status)
		}
		if in.Version != before.Version {
			return errs.Stale("stale")
		}
		// Fields the input leaves empty keep what the draft has.
		if strings.TrimSpace(in.Channel) == "" {
			in.Channel = before.Channel
		}
		if strings.TrimSpace(in.PaymentMethod) == "" {
			in.PaymentMethod = before.PaymentMethod
		}
		c, err := s.check(ctx, tx, sc, in)
		if err != nil {
			return err
		}
		applied, err := s.promote(ctx, tx, sc, id, &c, in.CouponCode, today(time.Now()))
		if err != nil {
			return err
		}
		// A rejected draft may hold a use of a coupon: a changed coupon (or
		// customer) gives it back.
		keep := int64(0)
		if c.order.CustomerID == before.CustomerID {
			keep = couponOf(applied)
		}
		if err := s.release(ctx, tx, sc, id, keep); err != nil {
			return err
		}
		q := db.Tenant(tx, sc.Tenant())
		o := c.order
		res, err := q.Exec(ctx, `UPDATE sales_orders SET customer_id = ?, warehouse_id = ?, order_date = ?, payment_method = ?,
			channel = ?, shipping_address = ?, handler_id = ?, notes = ?, subtotal = ?, discount = ?, tax = ?, total = ?, updated_at = ?,
			coupon_code = ?, version = version + 1 WHERE tenant_id = ? AND id = ? AND version = ?`,
			o.CustomerID, o.WarehouseID, o.OrderDate, o.PaymentMethod, o.Channel, o.ShippingAddress, o.HandlerID, o.Notes, o.Subtotal,
			o.Discount, o.Tax, o.Total, db.Now(), o.CouponCode, q.Tenant, id, before.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.Stale("stale")
		}
		if _, err := q.Exec(ctx, `DELETE FROM sales_order_lines WHERE tenant_id = ? AND order_id = ?`, q.Tenant, id); err != nil {
			return err
		}
		if err := insertLines(ctx, q, id, c.lines); err != nil {
			return err
		}
		if err := savePromotions(ctx, q, id, applied); err != nil {
			return err
		}
		changes := audit.Diff(headerOf(before), headerOf(o))
		if lb, la := linesText(before.Lines), linesText(c.lines); lb != la {
			changes = append(changes, audit.Change{Field: "lines", Before: lb, After: la})
		}
		if pb, pa := orderPromotionsText(before.Promotions), promotionsText(applied); pb != pa {
			changes = append(changes, audit.Change{Field: "promotions", Before: pb, After: pa})
		}
		return audit.Record(ctx, tx, sc, DocOrder+".update", DocOrder, id, changes...)
	})
	if err != nil {
		return Order{}, err
	}
	return s.Get(ctx, sc, id)
}

// updateApproved applies the three fields an approved order may still
// change, after refusing every other field the input changes.
func (s *Service) updateApproved(ctx context.Context, tx *db.Tx, sc tenant.Scope, before Order, in OrderInput) error {
	var c errs.Collector
	locked := func(field string, changed bool) {
		if changed {
			c.Add(field, "sales.locked_field", "Status", before.Status)
		}
	}
	locked("customer_id", in.CustomerID != 0 && in.CustomerID != before.CustomerID)
	locked("warehouse_id", in.WarehouseID != 0 && in.WarehouseID != before.WarehouseID)
	locked("order_date", strings.TrimSpace(in.OrderDate) != "" && strings.TrimSpace(in.OrderDate) != before.OrderDate)
	locked("payment_method", strings.TrimSpace(in.PaymentMethod) != "" && strings.TrimSpace(in.PaymentMethod) != before.PaymentMethod)
	locked("channel", strings.TrimSpace(in.Channel) != "" && strings.TrimSpace(in.Channel) != before.Channel)
	if in.Lines != nil {
		locked("lines", len(in.Lines) != len(before.Lines))
		for i, l := range in.Lines {
			if i >= len(before.Lines) {
				break
			}
			b := before.Lines[i]
			f := func(name string) string { return fmt.Sprintf("lines[%d].%s", i, name) }
			same := func(typed string, v int64) bool {
				if strings.TrimSpace(typed) == "" {
					return true
				}
				a, err := money.Parse(strings.ReplaceAll(strings.TrimSpace(typed), ",", ""))
				if err != nil {
					return false
				}
				x, err := a.Scaled()
				return err == nil && x == v
			}
			locked(f("product_id"), l.ProductID != 0 && l.ProductID != b.ProductID)
			locked(f("unit"), strings.TrimSpace(l.Unit) != "" && strings.TrimSpace(l.Unit) != b.Unit)
			locked(f("qty"), !same(l.Qty, b.Qty))
			locked(f("price"), !same(l.Price, b.Price))
			locked(f("discount"), !same(l.Discount, b.DiscountPct))
			locked(f("tax_rate"), !same(l.TaxRate, b.TaxRate))
		}
	}
	after := before
	after.Notes, after.ShippingAddress, after.HandlerID = strings.TrimSpace(in.Notes), strings.TrimSpace(in.ShippingAddress), nil
	if in.HandlerID != 0 {
		after.HandlerID = &in.HandlerID
	}
	checkText(&c, after)
	if err := s.checkHandler(ctx, tx, sc, &c, in.HandlerID); err != nil {
		return err
	}
	if err := c.Err(); err != nil {
		return err
	}
	q := db.Tenant(tx, sc.Tenant())
	res, err := q.Exec(ctx, `UPDATE sales_orders SET notes = ?, shipping_address = ?, handler_id = ?, updated_at = ?, version = version + 1
		WHERE tenant_id = ? AND id = ? AND version = ?`, after.Notes, after.ShippingAddress, after.HandlerID, db.Now(), q.Tenant,
		before.ID, before.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errs.Stale("stale")
	}
	return audit.Record(ctx, tx, sc, DocOrder+".update", DocOrder, before.ID, audit.Diff(headerOf(before), headerOf(after))...)
}

// header is what the audit compares of an order.
type header struct {
	CustomerID      int64  `json:"customer_id"`
	WarehouseID     int64  `json:"warehouse_id"`
	OrderDate       string `json:"order_date"`
	PaymentMethod   string `json:"payment_method"`
	Channel         string `json:"channel"`
	ShippingAddress string `json:"shipping_address"`
	HandlerID       int64  `json:"handler_id"`
	Total           string `json:"total"`
	Notes           string `json:"notes"`
	CouponCode      string `json:"coupon_code"`
}

func headerOf(o Order) header {
	h := header{o.CustomerID, o.WarehouseID, o.OrderDate, o.PaymentMethod, o.Channel, o.ShippingAddress, 0,
		money.FromScaled(o.Total).String(), o.Notes, o.CouponCode}
	if o.HandlerID != nil {
		h.HandlerID = *o.HandlerID
	}
	return h
}

// linesText is the lines in one line of audit: "#product×qty unit@price -d%; …".
func linesText(ls []Line) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = fmt.Sprintf("#%d×%s%s@%s", l.ProductID, money.FromScaled(l.Qty), l.Unit, money.FromScaled(l.Price))
		if l.DiscountPct != 0 {
			parts[i] += fmt.Sprintf(" -%s%%", money.FromScaled(l.DiscountPct))
		}
	}
	return strings.Join(parts, "; ")
}

// Delete removes a draft (sales.delete); any other status is cancelled
// instead, with a reason.
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
			return errs.Conflict("sales.delete_not_draft", "Status", o.Status)
		}
		if version != o.Version {
			return errs.Stale("stale")
		}
		// A draft may have been submitted and rejected: its finished
		// approval request stays in the approval history.
		if err := s.release(ctx, tx, sc, id, 0); err != nil {
			return err
		}
		q := db.Tenant(tx, sc.Tenant())
		if _, err := q.Exec(ctx, `DELETE FROM sales_order_promotions WHERE tenant_id = ? AND order_id = ?`, q.Tenant, id); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `DELETE FROM sales_order_lines WHERE tenant_id = ? AND order_id = ?`, q.Tenant, id); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `DELETE FROM sales_orders WHERE tenant_id = ? AND id = ?`, q.Tenant, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, DocOrder+".delete", DocOrder, id, audit.Change{Field: "number", Before: o.Number})
	})
}

// Get reads an order with its lines (sales.view within the data scope; its
// handler and an approver of its pending request may read it too).
func (s *Service) Get(ctx context.Context, sc tenant.Scope, id int64) (Order, error) {
	return s.load(ctx, db.Tenant(s.db.Read(), sc.Tenant()), sc, id, false)
}

// lock reads an order for a state change inside tx (the row is locked on
// PostgreSQL; SQLite's writer is one connection).
func (s *Service) lock(ctx context.Context, tx *db.Tx, sc tenant.Scope, id int64) (Order, error) {
	return s.load(ctx, db.Tenant(tx, sc.Tenant()), sc, id, true)
}

func (s *Service) load(ctx context.Context, q db.Scoped, sc tenant.Scope, id int64, forUpdate bool) (Order, error) {
	vis, vargs := s.visible(sc)
	lockSQL := ""
	if forUpdate {
		lockSQL = db.ForUpdate(q)
	}
	var os []Order
	if err := q.Select(ctx, &os, `SELECT `+orderCols+` FROM sales_orders WHERE tenant_id = ? AND id = ?`+vis+lockSQL,
		append([]any{q.Tenant, id}, vargs...)...); err != nil {
		return Order{}, err
	}
	if len(os) == 0 {
		return Order{}, errs.NotFound("not_found")
	}
	o := os[0]
	if err := q.Select(ctx, &o.Lines, `SELECT `+lineCols+` FROM sales_order_lines WHERE tenant_id = ? AND order_id = ? ORDER BY line_no`,
		q.Tenant, id); err != nil {
		return Order{}, err
	}
	var err error
	o.Promotions, err = orderPromotions(ctx, q, id)
	return o, err
}

// visible is the data-scope condition on orders: the caller's scope, the
// orders the caller handles (专人处理), or the orders waiting for the
// caller's approval (being asked to decide is leave to read). Without
// sales.view: only the latter two.
func (s *Service) visible(sc tenant.Scope) (string, []any) {
	approver, aargs := approval.ApproverClause(DocOrder, "sales_orders.tenant_id", "sales_orders.id", sc.Actor())
	handler := `handler_id = ?`
	if !sc.Can(tenant.P(Module, tenant.View)) {
		return " AND (" + handler + " OR " + approver + ")", append([]any{sc.Actor()}, aargs...)
	}
	terms, args, all := sc.VisibilityTerms(Module, "owner_id", "department_id")
	if all {
		return "", nil
	}
	terms, args = append(terms, handler, approver), append(args, []any{sc.Actor()}, aargs)
	return tenant.AnyOf(terms, args, false)
}

// ListSpec is what the order list may sort and filter by.
var ListSpec = list.Spec{
	Sorts:       map[string]string{"id": "id", "number": "number", "order_date": "order_date", "total": "total"},
	DefaultSort: "-id",
	Filters: map[string]string{"status": "status", "customer_id": "customer_id", "warehouse_id": "warehouse_id",
		"owner_id": "owner_id", "handler_id": "handler_id", "channel": "channel", "payment_status": "payment_status"},
	Search: []string{"number"},
}

// orders is the order list: sales.view within the data scope, without lines.
var orders = docflow.Listing[Order]{Module: Module, Table: "sales_orders", Cols: orderCols, Spec: ListSpec,
	Key: func(sort string, o Order) (any, int64) { return orderSortValue(sort, o), o.ID }}

// List is a page of orders (sales.view within the data scope) without
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
	case "total":
		return o.Total
	}
	return o.ID
}

// Handler is a user who may handle orders (专人处理).
type Handler struct {
	ID   int64  `db:"id"`
	Name string `db:"display_name"`
}

// Handlers are the tenant's active users, for the handler choice. Users are
// the platform's table; their names are all sales reads of it.
func (s *Service) Handlers(ctx context.Context, sc tenant.Scope) ([]Handler, error) {
	var out []Handler
	q := db.Tenant(s.db.Read(), sc.Tenant())
	err := q.Select(ctx, &out, `SELECT id, display_name FROM users WHERE tenant_id = ? AND status = 'active' ORDER BY display_name, id LIMIT 500`,
		q.Tenant)
	return out, err
}

// provisionalNumber is unique among the orders being created until the
// creating transaction sets the real number ("~" never starts one).
func provisionalNumber() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	return "~" + hex.EncodeToString(b)
}
