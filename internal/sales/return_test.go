package sales_test

import (
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/sales"
)

// shippedOrder is an order of customer 0, sold by the seller, approved and
// shipped whole by wh: product i at price per line (discount % and the
// product's 13 % tax).
func (e *env) shippedOrder(wh tenant.Scope, price, discount string, qtys ...string) sales.Order {
	e.t.Helper()
	in := sales.OrderInput{CustomerID: e.customers[0], WarehouseID: e.whs[0]}
	for i, q := range qtys {
		in.Lines = append(in.Lines, sales.LineInput{ProductID: e.products[i], Qty: q, Price: price, Discount: discount})
	}
	o, err := e.svc.Create(e.ctx, e.seller, in)
	if err != nil {
		e.t.Fatalf("create order: %v", err)
	}
	if o, err = e.svc.Submit(e.ctx, e.seller, o.ID, o.Version); err != nil || o.Status != sales.Approved {
		e.t.Fatalf("submit: %s %v", o.Status, err)
	}
	d, err := e.delivery(wh, o, qtys...)
	if err != nil {
		e.t.Fatalf("delivery: %v", err)
	}
	e.ship(wh, d)
	return e.getOrder(o.ID)
}

// oneDept puts the seller and the manager in the root department, so the
// manager (department scope) sees the seller's orders and returns.
func (e *env) oneDept() {
	e.t.Helper()
	err := e.d.InTx(e.ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, e.admin.Tenant())
		_, err := q.Exec(e.ctx, `UPDATE users SET department_id = (SELECT id FROM departments WHERE tenant_id = ? AND parent_id IS NULL)
			WHERE tenant_id = ? AND id IN (?, ?)`, q.Tenant, q.Tenant, e.seller.Actor(), e.mgr.Actor())
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	e.seller, e.mgr = e.w.Scope(e.admin.Tenant(), e.seller.Actor()), e.w.Scope(e.admin.Tenant(), e.mgr.Actor())
	if e.seller.Dept() == 0 || e.seller.Dept() != e.mgr.Dept() {
		e.t.Fatalf("departments: %d %d", e.seller.Dept(), e.mgr.Dept())
	}
}

// requestReturn asks for a return of the order's lines: a quantity per
// line, "" to leave a line out.
func (e *env) requestReturn(sc tenant.Scope, o sales.Order, kind string, qtys ...string) (sales.Return, error) {
	in := sales.ReturnInput{OrderID: o.ID, Kind: kind, Reason: "quality", ReasonNote: "外壳开裂"}
	for i, q := range qtys {
		if q != "" {
			in.Lines = append(in.Lines, sales.ReturnLineInput{OrderLineID: o.Lines[i].ID, Qty: q})
		}
	}
	return e.svc.CreateReturn(e.ctx, sc, in)
}

// receive approves (manager) and receives (wh) a requested return.
func (e *env) receive(wh tenant.Scope, r sales.Return) sales.Return {
	e.t.Helper()
	r, err := e.svc.ApproveReturn(e.ctx, e.mgr, r.ID, r.Version, "符合退货条件")
	if err != nil || r.Status != sales.ReturnApproved {
		e.t.Fatalf("approve: %s %v", r.Status, err)
	}
	if r, err = e.svc.ReceiveReturn(e.ctx, wh, r.ID, r.Version, "包裹完好"); err != nil || r.Status != sales.ReturnReceived {
		e.t.Fatalf("receive: %s %v", r.Status, err)
	}
	return r
}

// A return of two lines of a shipped order: requested by the seller,
// approved by the manager (not the seller: 403), received and inspected
// by the warehouse — line 1 back into stock, line 2 scrapped. Only the
// restocked goods raise stock on hand, at the moving average; the refund
// request asks exactly Σ qty × the line's net price incl. tax; closing
// ends it. Every step is audited.
func TestReturnRefundPath(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		wh := e.keeper()
		e.oneDept()
		e.stock(0, 100)
		e.stock(1, 100)
		// 3 × 19.99 less 5 % = 56.9715, tax 13 % = 7.4063 (rounded): the
		// line costs 64.3778, one unit of it 21.4593 (rounded once).
		o := e.shippedOrder(wh, "19.99", "5", "3", "2")
		if o.Status != sales.Shipped {
			t.Fatalf("order: %s", o.Status)
		}
		r, err := e.requestReturn(e.seller, o, sales.KindReturn, "1", "2")
		if err != nil {
			t.Fatal(err)
		}
		want := int64(214593) + 2*(o.Lines[1].Amount+o.Lines[1].Tax)/2
		if one, _ := money.MulDiv(10000, o.Lines[0].Amount+o.Lines[0].Tax, 30000); one != 214593 {
			t.Fatalf("test arithmetic: %d", one)
		}
		if !strings.HasPrefix(r.Number, "RT") || r.Status != sales.ReturnRequested || r.Kind != sales.KindReturn ||
			r.OrderNumber != o.Number || len(r.Lines) != 2 || r.Lines[0].Amount != 214593 || r.Amount != want {
			t.Fatalf("requested: %+v (want amount %d)", r, want)
		}
		if _, err := e.svc.ApproveReturn(e.ctx, e.seller, r.ID, r.Version, ""); errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("the seller approved: %v", err)
		}
		if _, err := e.svc.RejectReturn(e.ctx, e.mgr, r.ID, r.Version, " "); !hasField(err, "comment", "field.required") {
			t.Fatalf("reject without a comment: %v", err)
		}
		r = e.receive(wh, r)
		before0, before1 := e.balance(0), e.balance(1)
		in := sales.InspectInput{Version: r.Version, Lines: []sales.InspectLine{{LineID: r.Lines[0].ID, Restock: "1"},
			{LineID: r.Lines[1].ID, Scrap: "2"}}}
		if _, err := e.svc.InspectReturn(e.ctx, wh, r.ID, in); !hasField(err, "lines[1].note", "sales.return.scrap_note") {
			t.Fatalf("scrap without a note: %v", err)
		}
		in.Lines[1].Restock = "1"
		in.Lines[1].Note = "屏幕碎裂"
		if _, err := e.svc.InspectReturn(e.ctx, wh, r.ID, in); !hasField(err, "lines[1].restock_qty", "sales.return.inspect_sum") {
			t.Fatalf("restock + scrap over the quantity: %v", err)
		}
		in.Lines[1].Restock = ""
		if r, err = e.svc.InspectReturn(e.ctx, wh, r.ID, in); err != nil {
			t.Fatal(err)
		}
		if after := e.balance(0); after.OnHand != before0.OnHand+10000 {
			t.Fatalf("restocked product: %+v → %+v", before0, after)
		}
		if after := e.balance(1); after.OnHand != before1.OnHand {
			t.Fatalf("scrapped product entered stock: %+v → %+v", before1, after)
		}
		// In as a customer return of this return, at the moving average (10).
		if ms, err := e.inv.Movements(e.ctx, e.admin, e.products[0], e.whs[0], 0, 1); err != nil || len(ms) != 1 ||
			ms[0].Kind != inventory.CustomerReturn || ms[0].Qty != 10000 || ms[0].UnitCost != 10*10000 ||
			ms[0].DocType != sales.DocReturn || ms[0].DocID == nil || *ms[0].DocID != r.ID {
			t.Fatalf("the return's movement: %+v %v", ms, err)
		}
		if r.Status != sales.ReturnRefunded || r.Lines[0].RestockQty != 10000 || r.Lines[1].ScrapQty != 20000 ||
			r.Lines[1].InspectNote != "屏幕碎裂" || r.Refund == nil || r.Refund.Amount != want ||
			r.Refund.Status != sales.RefundRequested || r.Refund.CustomerID != e.customers[0] || r.Refund.OrderID != o.ID {
			t.Fatalf("inspected: %+v refund %+v", r, r.Refund)
		}
		// Finance finds it in the refund requests.
		p, err := e.svc.ListRefunds(e.ctx, e.fin, list.Query{Filters: map[string]string{"status": sales.RefundRequested}})
		if err != nil || len(p.Items) != 1 || p.Items[0].ReturnID != r.ID || p.Items[0].Amount != want {
			t.Fatalf("refund list: %+v %v", p.Items, err)
		}
		if r, err = e.svc.CloseReturn(e.ctx, wh, r.ID, r.Version); err != nil || r.Status != sales.ReturnClosed || r.ClosedAt == nil {
			t.Fatalf("close: %+v %v", r, err)
		}
		// The order is untouched by its return.
		if got := e.getOrder(o.ID); got.Status != sales.Shipped || got.Lines[0].ShippedQty != 30000 {
			t.Fatalf("order after the return: %s %+v", got.Status, got.Lines)
		}
		e.auditActions(sales.DocReturn, r.ID, "sales_return.create", "sales_return.approve", "sales_return.receive",
			"sales_return.inspect", "sales_return.close")
	})
}

// An exchange, once inspected, makes a draft replacement delivery of the
// returned quantities. It is not a new sale: it holds none of the order's
// open quantity, and shipping it posts the goods out without a
// reservation while the order's shipped quantities stay as they were.
func TestReturnExchangeMakesReplacement(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		wh := e.keeper()
		e.oneDept()
		e.stock(0, 50)
		e.stock(1, 50)
		// 6 ordered, 4 shipped: 2 still reserved and open.
		o := e.approved("6")
		first, err := e.delivery(wh, o, "4")
		if err != nil {
			t.Fatal(err)
		}
		e.ship(wh, first)
		o = e.getOrder(o.ID)
		r, err := e.requestReturn(e.seller, o, sales.KindExchange, "2")
		if err != nil {
			t.Fatal(err)
		}
		r = e.receive(wh, r)
		r, err = e.svc.InspectReturn(e.ctx, wh, r.ID, sales.InspectInput{Version: r.Version,
			Lines: []sales.InspectLine{{LineID: r.Lines[0].ID, Restock: "1", Scrap: "1", Note: "一件损坏"}}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != sales.ReturnExchanged || r.Replacement == nil || r.Refund != nil {
			t.Fatalf("exchanged: %+v", r)
		}
		d, err := e.svc.GetDelivery(e.ctx, wh, r.Replacement.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != sales.DeliveryDraft || d.ReturnID == nil || *d.ReturnID != r.ID || len(d.Lines) != 1 ||
			d.Lines[0].Qty != 20000 || d.Lines[0].OrderLineID != o.Lines[0].ID || d.CustomerID != e.customers[0] ||
			d.ShippingAddress != "杭州市西湖区0号" {
			t.Fatalf("replacement: %+v", d)
		}
		// 50 − 4 shipped + 1 restocked; the order's 2 still reserved, and
		// still open to deliver: the replacement holds none of it.
		if b := e.balance(0); b.OnHand != 47*10000 || b.Reserved != 2*10000 {
			t.Fatalf("before the replacement ships: %+v", b)
		}
		if _, open, err := e.svc.OpenToDeliver(e.ctx, wh, o.ID); err != nil || open[o.Lines[0].ID] != 2*10000 {
			t.Fatalf("open to deliver with a replacement pending: %v %v", open, err)
		}
		// The replacement has no carrier yet: it is chosen on shipping.
		if d, err = e.svc.Pick(e.ctx, wh, d.ID, d.Version); err == nil {
			if d, err = e.svc.Pack(e.ctx, wh, d.ID, d.Version); err == nil {
				d, err = e.svc.Ship(e.ctx, wh, d.ID, sales.ShipInput{Carrier: "zto", TrackingNo: "ZT778899", Version: d.Version})
			}
		}
		if err != nil || d.Status != sales.DeliveryShipped {
			t.Fatalf("ship the replacement: %s %v", d.Status, err)
		}
		if b := e.balance(0); b.OnHand != 45*10000 || b.Reserved != 2*10000 {
			t.Fatalf("after the replacement shipped: %+v", b)
		}
		if got := e.getOrder(o.ID); got.Status != sales.PartiallyShipped || got.Lines[0].ShippedQty != 40000 {
			t.Fatalf("the replacement moved the order: %s %+v", got.Status, got.Lines)
		}
		if r, err = e.svc.CloseReturn(e.ctx, e.mgr, r.ID, r.Version); err != nil || r.Status != sales.ReturnClosed {
			t.Fatalf("close: %s %v", r.Status, err)
		}
	})
}

// What may come back is what shipped less what other returns (but
// rejected ones) took: more is a field error on the line's qty and
// nothing is made; a rejected return gives its quantity back; an order
// with nothing shipped has nothing to return (409 naming its status).
func TestReturnQtyBoundedByShipped(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		wh := e.keeper()
		e.oneDept()
		e.stock(0, 50)
		e.stock(1, 50)
		o := e.shippedOrder(wh, "20", "", "4", "3")
		if _, err := e.requestReturn(e.seller, o, sales.KindReturn, "1", "4"); !hasField(err, "lines[1].qty", "sales.return.over_shipped") {
			t.Fatalf("over shipped: %v", err)
		}
		if p, _ := e.svc.ListReturns(e.ctx, e.admin, list.Query{}); p.Total != 0 {
			t.Fatalf("a refused request made %d returns", p.Total)
		}
		first, err := e.requestReturn(e.seller, o, sales.KindReturn, "3", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.requestReturn(e.seller, o, sales.KindExchange, "2", ""); !hasField(err, "lines[0].qty", "sales.return.over_shipped") {
			t.Fatalf("over what is left after another return: %v", err)
		}
		if _, err := e.svc.RejectReturn(e.ctx, e.mgr, first.ID, first.Version, "超过退货期限"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.requestReturn(e.seller, o, sales.KindExchange, "4", ""); err != nil {
			t.Fatalf("after the rejection the quantity is back: %v", err)
		}
		approved := e.approved("1")
		if _, err := e.requestReturn(e.seller, approved, sales.KindReturn, "1"); !isConflict(err, sales.Approved) {
			t.Fatalf("return of an unshipped order: %v", err)
		}
		bad := sales.ReturnInput{OrderID: o.ID, Kind: "swap", Reason: "other", Lines: []sales.ReturnLineInput{{OrderLineID: o.Lines[0].ID, Qty: "0"}}}
		_, err = e.svc.CreateReturn(e.ctx, e.seller, bad)
		for _, f := range []struct{ field, code string }{{"kind", "field.invalid"}, {"reason_note", "field.required"},
			{"lines[0].qty", "field.positive"}} {
			if !hasField(err, f.field, f.code) {
				t.Errorf("want %s %s: %v", f.field, f.code, err)
			}
		}
		// Another salesperson does not see the order: as if it did not exist.
		if _, err := e.requestReturn(e.seller2, o, sales.KindReturn, "1"); !hasField(err, "order_id", "field.unknown_ref") {
			t.Fatalf("another seller's order: %v", err)
		}
	})
}

func isConflict(err error, status string) bool {
	fe, ok := errs.As(err)
	return ok && fe.Kind == errs.KindConflict && fe.Data["Status"] == status
}
