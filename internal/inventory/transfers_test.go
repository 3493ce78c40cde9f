package inventory_test

import (
	"slices"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/errs"
)

// A transfer goes draft → ship → in transit → receive → received: shipping
// takes the stock out of the source (refused, changing nothing, when it
// is not there), the goods are in transit on the value report meanwhile,
// receiving puts them into the destination; the company value never
// moves. Only a draft may change or be cancelled; a stale version or
// another status is refused.
func TestTransferLifecycle(t *testing.T) {
	each(t, 2, 2, func(t *testing.T, e *env) {
		p0, p1, w0, w1 := e.products[0], e.products[1], e.warehouses[0], e.warehouses[1]
		keeper := e.user("keeper", "warehouse")
		e.receive(p0, w0, 10, 100000)
		e.receive(p1, w0, 1, 50000)
		_, err := e.inv.CreateTransfer(e.ctx, keeper, inventory.TransferInput{FromWarehouseID: w0, ToWarehouseID: w0,
			Lines: []inventory.LineInput{{ProductID: p0, Qty: 0}, {ProductID: p0, Qty: 1}}})
		fe, ok := errs.As(err)
		if !ok || fe.Kind != errs.KindInvalid || len(fe.Fields) != 3 {
			t.Fatalf("a bad transfer: %v", err)
		}
		tr, err := e.inv.CreateTransfer(e.ctx, keeper, inventory.TransferInput{FromWarehouseID: w0, ToWarehouseID: w1, Note: "补货",
			Lines: []inventory.LineInput{{ProductID: p0, Qty: inventory.Units(4)}, {ProductID: p1, Qty: inventory.Units(2)}}})
		if err != nil || tr.Status != inventory.StatusDraft || tr.Number == "" || len(tr.Lines) != 2 {
			t.Fatalf("create: %+v %v", tr, err)
		}
		// p1 has only 1 in w0: shipping 2 fails and changes nothing.
		_, err = e.inv.ShipTransfer(e.ctx, keeper, tr.ID, tr.Version)
		wantCode(t, "ship beyond stock", err, errs.KindConflict, "inventory.insufficient")
		if e.onHand(p0, w0) != inventory.Units(10) {
			t.Fatalf("a refused shipment moved stock: %d", e.onHand(p0, w0))
		}
		tr, err = e.inv.UpdateTransfer(e.ctx, keeper, tr.ID, tr.Version, inventory.TransferInput{FromWarehouseID: w0, ToWarehouseID: w1,
			Lines: []inventory.LineInput{{ProductID: p0, Qty: inventory.Units(4)}, {ProductID: p1, Qty: inventory.Units(1)}}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.inv.ShipTransfer(e.ctx, keeper, tr.ID, tr.Version-1)
		wantCode(t, "ship a stale version", err, errs.KindStale, "stale")
		valueBefore := e.total()
		tr, err = e.inv.ShipTransfer(e.ctx, keeper, tr.ID, tr.Version)
		if err != nil || tr.Status != inventory.StatusInTransit || tr.ShippedAt == nil {
			t.Fatalf("ship: %+v %v", tr, err)
		}
		if e.onHand(p0, w0) != inventory.Units(6) || e.onHand(p0, w1) != 0 || e.total() != valueBefore {
			t.Fatalf("shipped: w0 %d, w1 %d, value %d (was %d)", e.onHand(p0, w0), e.onHand(p0, w1), e.total(), valueBefore)
		}
		lines, _ := e.inv.StockValue(e.ctx, e.admin, time.Time{})
		if !slices.ContainsFunc(lines, func(l inventory.ValueLine) bool {
			return l.InTransit && l.ProductID == p0 && l.Qty == inventory.Units(4)
		}) {
			t.Errorf("no in-transit line for the shipment: %+v", lines)
		}
		_, err = e.inv.UpdateTransfer(e.ctx, keeper, tr.ID, tr.Version, inventory.TransferInput{FromWarehouseID: w0, ToWarehouseID: w1,
			Lines: []inventory.LineInput{{ProductID: p0, Qty: 1}}})
		wantCode(t, "edit a shipped transfer", err, errs.KindConflict, "inventory.doc.wrong_status")
		_, err = e.inv.CancelTransfer(e.ctx, keeper, tr.ID, tr.Version)
		wantCode(t, "cancel a shipped transfer", err, errs.KindConflict, "inventory.doc.wrong_status")
		tr, err = e.inv.ReceiveTransfer(e.ctx, keeper, tr.ID, tr.Version)
		if err != nil || tr.Status != inventory.StatusReceived {
			t.Fatalf("receive: %+v %v", tr, err)
		}
		if e.onHand(p0, w1) != inventory.Units(4) || e.onHand(p1, w1) != inventory.Units(1) || e.total() != valueBefore {
			t.Fatalf("received: w1 %d/%d, value %d", e.onHand(p0, w1), e.onHand(p1, w1), e.total())
		}
		_, err = e.inv.ReceiveTransfer(e.ctx, keeper, tr.ID, tr.Version)
		wantCode(t, "receive twice", err, errs.KindConflict, "inventory.doc.wrong_status")
		want := []string{"stock_transfer.create", "stock_transfer.update", "stock_transfer.ship", "stock_transfer.receive"}
		if got := e.auditActions(inventory.DocTransfer, tr.ID); !slices.Equal(got, want) {
			t.Errorf("audit %v, want %v", got, want)
		}

		draft, err := e.inv.CreateTransfer(e.ctx, keeper, inventory.TransferInput{FromWarehouseID: w1, ToWarehouseID: w0,
			Lines: []inventory.LineInput{{ProductID: p0, Qty: inventory.Units(1)}}})
		if err != nil {
			t.Fatal(err)
		}
		if draft, err = e.inv.CancelTransfer(e.ctx, keeper, draft.ID, draft.Version); err != nil || draft.Status != inventory.StatusCancelled {
			t.Fatalf("cancel a draft: %+v %v", draft, err)
		}
		list, err := e.inv.Transfers(e.ctx, keeper, inventory.DocQuery{Status: inventory.StatusReceived})
		if err != nil || len(list) != 1 || list[0].ID != tr.ID {
			t.Errorf("received transfers %+v %v", list, err)
		}
		sales := e.user("seller", "sales")
		_, err = e.inv.CreateTransfer(e.ctx, sales, inventory.TransferInput{FromWarehouseID: w1, ToWarehouseID: w0})
		wantCode(t, "sales creates a transfer", err, errs.KindForbidden, "forbidden")
		_, err = e.inv.Transfer(e.ctx, keeper, tr.ID+1000)
		wantCode(t, "a transfer that is not there", err, errs.KindNotFound, "not_found")
	})
}

// total is the company's stock value.
func (e *env) total() int64 {
	e.t.Helper()
	lines, err := e.inv.StockValue(e.ctx, e.admin, time.Time{})
	if err != nil {
		e.t.Fatal(err)
	}
	var v int64
	for _, l := range lines {
		v += l.Value
	}
	return v
}
