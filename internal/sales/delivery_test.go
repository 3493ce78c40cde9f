package sales_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/recordtest"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/sales"
)

// keeper is a user of the built-in warehouse role.
func (e *env) keeper() tenant.Scope {
	e.t.Helper()
	_, sc := e.w.AddUser(e.admin, recordtest.User{Username: "keeper1", DisplayName: "仓管员", Role: "warehouse"})
	return sc
}

// approved is an approved order of customer 0 (no rule: approved on
// submit, stock reserved) with one line per quantity.
func (e *env) approved(qtys ...string) sales.Order {
	e.t.Helper()
	o := e.order(e.seller, "20", qtys...)
	o, err := e.svc.Submit(e.ctx, e.seller, o.ID, o.Version)
	if err != nil || o.Status != sales.Approved {
		e.t.Fatalf("submit: %s %v", o.Status, err)
	}
	return o
}

// deliver makes a delivery of the order's lines: quantity per line, "" to
// leave a line out.
func (e *env) delivery(sc tenant.Scope, o sales.Order, qtys ...string) (sales.Delivery, error) {
	in := sales.DeliveryInput{Carrier: "sf"}
	for i, q := range qtys {
		if q != "" {
			in.Lines = append(in.Lines, sales.DeliveryLineInput{OrderLineID: o.Lines[i].ID, Qty: q})
		}
	}
	return e.svc.CreateDelivery(e.ctx, sc, in)
}

// ship picks, packs and ships a draft delivery.
func (e *env) ship(sc tenant.Scope, d sales.Delivery) sales.Delivery {
	e.t.Helper()
	d, err := e.svc.Pick(e.ctx, sc, d.ID, d.Version)
	if err != nil {
		e.t.Fatalf("pick: %v", err)
	}
	if d, err = e.svc.Pack(e.ctx, sc, d.ID, d.Version); err != nil {
		e.t.Fatalf("pack: %v", err)
	}
	if d, err = e.svc.Ship(e.ctx, sc, d.ID, sales.ShipInput{TrackingNo: "SF1234567890", Version: d.Version}); err != nil {
		e.t.Fatalf("ship: %v", err)
	}
	return d
}

func (e *env) getOrder(id int64) sales.Order {
	e.t.Helper()
	o, err := e.svc.Get(e.ctx, e.admin, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

// A partial delivery ships: stock leaves (on hand and the reservation go
// down by what shipped, the rest stays reserved), the order line's shipped
// quantity rises and the order is partially shipped. The second delivery
// ships the rest: shipped. Signed for with a line short: exception, and
// once every delivery is signed for the order is completed. Every step is
// in the audit trail.
func TestDeliveryShipsPartThenAll(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		wh := e.keeper()
		e.stock(0, 100)
		e.stock(1, 100)
		o := e.approved("10", "4")
		if b := e.balance(0); b.OnHand != 100*10000 || b.Reserved != 10*10000 {
			t.Fatalf("before: %+v", b)
		}
		d1, err := e.delivery(e.seller, o, "6", "")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(d1.Number, "DO") || d1.Status != sales.DeliveryDraft || d1.CustomerID != e.customers[0] ||
			d1.ShippingAddress != "杭州市西湖区0号" || len(d1.Lines) != 1 || d1.Lines[0].Qty != 6*10000 {
			t.Fatalf("created: %+v", d1)
		}
		// What the draft holds is no longer open: 4 left of line 1.
		if _, err := e.delivery(wh, o, "5", ""); !hasField(err, "lines[0].qty", "sales.delivery.over_open") {
			t.Fatalf("over the open quantity: %v", err)
		}
		if e.getOrder(o.ID).Status != sales.Approved {
			t.Fatal("a draft delivery moved the order")
		}
		d1 = e.ship(wh, d1)
		if d1.Status != sales.DeliveryShipped || d1.Carrier != "sf" || d1.ShippedAt == nil ||
			d1.TrackingLink() != "https://www.kuaidi100.com/chaxun?com=shunfeng&nu=SF1234567890" {
			t.Fatalf("shipped: %+v", d1)
		}
		if b := e.balance(0); b.OnHand != 94*10000 || b.Reserved != 4*10000 {
			t.Fatalf("after the first delivery: %+v", b)
		}
		got := e.getOrder(o.ID)
		if got.Status != sales.PartiallyShipped || got.Lines[0].ShippedQty != 6*10000 || got.Lines[1].ShippedQty != 0 {
			t.Fatalf("order after the first delivery: %s %+v", got.Status, got.Lines)
		}
		d2, err := e.delivery(wh, o, "4", "4")
		if err != nil {
			t.Fatal(err)
		}
		d2 = e.ship(wh, d2)
		if b := e.balance(1); b.OnHand != 96*10000 || b.Reserved != 0 {
			t.Fatalf("product 1 after the second delivery: %+v", b)
		}
		if b := e.balance(0); b.OnHand != 90*10000 || b.Reserved != 0 {
			t.Fatalf("product 0 after the second delivery: %+v", b)
		}
		if got := e.getOrder(o.ID); got.Status != sales.Shipped {
			t.Fatalf("order after the second delivery: %s", got.Status)
		}
		// Tracking events after shipping.
		if d2, err = e.svc.AddTrackingEvent(e.ctx, wh, d2.ID, sales.EventInput{At: "2026-11-22 08:30", Location: "杭州转运中心",
			Description: "已揽收"}); err != nil || len(d2.Events) != 1 || d2.Events[0].HappenedAt.Hour() != 0 {
			t.Fatalf("event: %+v %v", d2.Events, err)
		}
		// The first delivery signed for whole, the second with 1 short.
		if d1, err = e.svc.Deliver(e.ctx, wh, d1.ID, sales.ReceiptInput{ReceivedBy: "王五", Version: d1.Version}); err != nil ||
			d1.Status != sales.DeliveryDelivered {
			t.Fatalf("deliver 1: %s %v", d1.Status, err)
		}
		if got := e.getOrder(o.ID); got.Status != sales.Shipped {
			t.Fatalf("completed with a delivery unsigned: %s", got.Status)
		}
		bad := sales.ReceiptInput{ReceivedBy: "王五", Version: d2.Version,
			Exceptions: []sales.LineException{{LineID: d2.Lines[0].ID, Short: "3", Damaged: "2", Note: "少两箱"}}}
		if _, err := e.svc.Deliver(e.ctx, wh, d2.ID, bad); !hasField(err, "exceptions[0].short", "sales.delivery.exception_over") {
			t.Fatalf("more short and damaged than shipped: %v", err)
		}
		short := sales.ReceiptInput{ReceivedBy: "王五", Version: d2.Version,
			Exceptions: []sales.LineException{{LineID: d2.Lines[0].ID, Short: "1", Note: "少一件"}}}
		if d2, err = e.svc.Deliver(e.ctx, wh, d2.ID, short); err != nil || d2.Status != sales.DeliveryException ||
			d2.Lines[0].ShortQty != 10000 || d2.Lines[0].ExceptionNote != "少一件" || d2.ReceivedBy != "王五" {
			t.Fatalf("deliver 2: %+v %v", d2, err)
		}
		if got := e.getOrder(o.ID); got.Status != sales.Completed {
			t.Fatalf("order after every receipt: %s", got.Status)
		}
		e.auditActions(sales.DocDelivery, d2.ID, "sales_delivery.create", "sales_delivery.pick", "sales_delivery.pack",
			"sales_delivery.ship", "sales_delivery.track", "sales_delivery.deliver")
		e.auditActions(sales.DocOrder, o.ID, "sales_order.create", "sales_order.submit", "sales_order.ship", "sales_order.ship",
			"sales_order.complete")
	})
}

// auditActions checks the record's audit trail, oldest first.
func (e *env) auditActions(recordType string, id int64, want ...string) {
	e.t.Helper()
	entries, err := audit.Search(e.ctx, e.d.Read(), e.admin, audit.Filter{RecordType: recordType, RecordID: id, Limit: 100})
	if err != nil {
		e.t.Fatal(err)
	}
	var got []string
	for _, en := range entries {
		got = append(got, en.Action)
	}
	slices.Reverse(got)
	if !slices.Equal(got, want) {
		e.t.Fatalf("audit of %s %d: %v, want %v", recordType, id, got, want)
	}
}

// Every action outside its statuses is refused with 409 and the status,
// and changes nothing.
func TestDeliveryActionsRefusedOutOfStatus(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		wh := e.keeper()
		e.stock(0, 50)
		o := e.approved("10")
		d, err := e.delivery(wh, o, "2")
		if err != nil {
			t.Fatal(err)
		}
		ship := func(d sales.Delivery) error {
			_, err := e.svc.Ship(e.ctx, wh, d.ID, sales.ShipInput{TrackingNo: "1", Version: d.Version})
			return err
		}
		deliver := func(d sales.Delivery) error {
			_, err := e.svc.Deliver(e.ctx, wh, d.ID, sales.ReceiptInput{Version: d.Version})
			return err
		}
		pack := func(d sales.Delivery) error { _, err := e.svc.Pack(e.ctx, wh, d.ID, d.Version); return err }
		pick := func(d sales.Delivery) error { _, err := e.svc.Pick(e.ctx, wh, d.ID, d.Version); return err }
		cancel := func(d sales.Delivery) error {
			_, err := e.svc.CancelDelivery(e.ctx, wh, d.ID, d.Version, "客户取消")
			return err
		}
		track := func(d sales.Delivery) error {
			_, err := e.svc.AddTrackingEvent(e.ctx, wh, d.ID, sales.EventInput{Description: "到达"})
			return err
		}
		refused := func(step string, d sales.Delivery, actions map[string]func(sales.Delivery) error) {
			t.Helper()
			for name, act := range actions {
				err := act(d)
				de, ok := errs.As(err)
				if !ok || de.Kind != errs.KindConflict || de.Code != "sales.delivery.bad_status" || fmt.Sprint(de.Data["Status"]) != d.Status {
					t.Errorf("%s: %s from %s: %v", step, name, d.Status, err)
				}
			}
		}
		refused("draft", d, map[string]func(sales.Delivery) error{"pack": pack, "ship": ship, "deliver": deliver, "track": track})
		d, _ = e.svc.Pick(e.ctx, wh, d.ID, d.Version)
		refused("picking", d, map[string]func(sales.Delivery) error{"pick": pick, "ship": ship, "deliver": deliver})
		d, _ = e.svc.Pack(e.ctx, wh, d.ID, d.Version)
		refused("packed", d, map[string]func(sales.Delivery) error{"pick": pick, "pack": pack, "deliver": deliver})
		// Shipping without a waybill number is a field error.
		if _, err := e.svc.Ship(e.ctx, wh, d.ID, sales.ShipInput{Version: d.Version}); !hasField(err, "tracking_no", "field.required") {
			t.Fatalf("ship without a number: %v", err)
		}
		d = e.ship2(wh, d)
		refused("shipped", d, map[string]func(sales.Delivery) error{"pick": pick, "pack": pack, "ship": ship, "cancel": cancel})
		d, _ = e.svc.Deliver(e.ctx, wh, d.ID, sales.ReceiptInput{Version: d.Version})
		refused("delivered", d, map[string]func(sales.Delivery) error{"pick": pick, "pack": pack, "ship": ship, "cancel": cancel,
			"deliver": deliver})
		if b := e.balance(0); b.OnHand != 48*10000 || b.Reserved != 8*10000 {
			t.Fatalf("refusals moved stock: %+v", b)
		}
		// A cancelled delivery: nothing more, and its quantity is open again.
		c, err := e.delivery(wh, o, "8")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CancelDelivery(e.ctx, wh, c.ID, c.Version, " "); !hasField(err, "reason", "field.required") {
			t.Fatalf("cancel without a reason: %v", err)
		}
		if c, err = e.svc.CancelDelivery(e.ctx, wh, c.ID, c.Version, "客户取消"); err != nil || c.Status != sales.DeliveryCancelled {
			t.Fatalf("cancel: %v", err)
		}
		refused("cancelled", c, map[string]func(sales.Delivery) error{"pick": pick, "pack": pack, "ship": ship, "cancel": cancel,
			"deliver": deliver, "track": track})
		if _, err := e.delivery(wh, o, "8"); err != nil {
			t.Fatalf("the cancelled quantity is not open again: %v", err)
		}
		e.auditActions(sales.DocDelivery, c.ID, "sales_delivery.create", "sales_delivery.cancel")
		// A draft order cannot be delivered; a salesperson may not ship.
		draft := e.order(e.seller, "20", "1")
		if _, err := e.delivery(wh, draft, "1"); errs.KindOf(err) != errs.KindConflict {
			t.Fatalf("delivery of a draft order: %v", err)
		}
		if _, err := e.svc.Pick(e.ctx, e.seller, c.ID, 0); errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("the seller picking: %v", err)
		}
	})
}

// ship2 ships a packed delivery.
func (e *env) ship2(sc tenant.Scope, d sales.Delivery) sales.Delivery {
	e.t.Helper()
	d, err := e.svc.Ship(e.ctx, sc, d.ID, sales.ShipInput{Carrier: "own", Version: d.Version})
	if err != nil {
		e.t.Fatalf("ship: %v", err)
	}
	return d
}

// One delivery is of one customer's orders from one warehouse.
func TestDeliveryOfOneCustomer(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		wh := e.keeper()
		e.stock(0, 50)
		e.stock(1, 50)
		a := e.approved("3")
		b := e.approved("2", "2")
		in := sales.OrderInput{CustomerID: e.customers[1], WarehouseID: e.whs[0], Lines: []sales.LineInput{{ProductID: e.products[0], Qty: "1", Price: "9"}}}
		other, err := e.svc.Create(e.ctx, e.seller, in)
		if err != nil {
			t.Fatal(err)
		}
		if other, err = e.svc.Submit(e.ctx, e.seller, other.ID, other.Version); err != nil {
			t.Fatal(err)
		}
		d, err := e.svc.CreateDelivery(e.ctx, wh, sales.DeliveryInput{Carrier: "zto", Lines: []sales.DeliveryLineInput{
			{OrderLineID: a.Lines[0].ID, Qty: "3"}, {OrderLineID: b.Lines[1].ID, Qty: "1"}}})
		if err != nil || len(d.Orders) != 2 || len(d.Lines) != 2 {
			t.Fatalf("two orders of one customer: %+v %v", d, err)
		}
		_, err = e.svc.CreateDelivery(e.ctx, wh, sales.DeliveryInput{Lines: []sales.DeliveryLineInput{
			{OrderLineID: b.Lines[0].ID, Qty: "1"}, {OrderLineID: other.Lines[0].ID, Qty: "1"}}})
		if !hasField(err, "lines[1].order_line_id", "sales.delivery.mixed_orders") {
			t.Fatalf("orders of two customers: %v", err)
		}
		e.ship(wh, d)
		if got := e.getOrder(a.ID); got.Status != sales.Shipped {
			t.Fatalf("order a: %s", got.Status)
		}
		if got := e.getOrder(b.ID); got.Status != sales.PartiallyShipped {
			t.Fatalf("order b: %s", got.Status)
		}
	})
}
