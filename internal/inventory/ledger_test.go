package inventory_test

import (
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
)

type pw struct{ p, w int64 }

// shipment is a transfer document's product on its way to a warehouse.
type shipment struct{ doc, p, to int64 }

type resKey struct {
	doc, line int64
	p, w      int64
}

// model is an independent bookkeeping of what the ledger must say.
type model struct {
	onHand, reserved map[pw]int64
	res              map[resKey]int64
	qty, value       map[int64]int64 // company-wide per product
	transit          map[shipment]int64
}

// transitOf is what the model has in transit of a product.
func (m *model) transitOf(p int64) int64 {
	var n int64
	for k, q := range m.transit {
		if k.p == p {
			n += q
		}
	}
	return n
}

// round is n/d rounded half away from zero, with exact rationals.
func round(n, d *big.Int) int64 {
	r := new(big.Rat).SetFrac(n, d)
	neg := r.Sign() < 0
	r.Abs(r)
	r.Add(r, big.NewRat(1, 2))
	q := new(big.Int).Quo(r.Num(), r.Denom())
	if neg {
		q.Neg(q)
	}
	return q.Int64()
}

func (m *model) avg(p int64) int64 {
	if m.qty[p] <= 0 {
		return 0
	}
	return round(new(big.Int).Mul(big.NewInt(m.value[p]), big.NewInt(10000)), big.NewInt(m.qty[p]))
}

// in books an inbound non-transfer movement.
func (m *model) in(p int64, q, cost int64) {
	if cost == 0 {
		cost = m.avg(p)
	}
	m.value[p] += round(new(big.Int).Mul(big.NewInt(q), big.NewInt(cost)), big.NewInt(10000))
	m.qty[p] += q
}

// out books an outbound non-transfer movement.
func (m *model) out(p int64, q int64) {
	switch {
	case m.qty[p] <= 0:
	case q >= m.qty[p]:
		m.value[p] = 0
	default:
		m.value[p] -= round(new(big.Int).Mul(big.NewInt(m.value[p]), big.NewInt(q)), big.NewInt(m.qty[p]))
	}
	m.qty[p] -= q
}

func insufficient(err error) bool {
	e, ok := errs.As(err)
	return ok && e.Kind == errs.KindConflict && e.Code == "inventory.insufficient"
}

// Random receipts, reservations, releases, deliveries (reserved or not),
// transfers (both legs at once, or shipped and received separately with
// goods in transit between), returns, adjustments and counts, thousands
// of them: after every step the balance table says what the ledger
// implies, available is never negative, a step the model says cannot be
// done is refused with "inventory.insufficient" (or, receiving more than
// a transfer has in transit, "inventory.transfer_not_in_transit") and
// leaves nothing, the moving-average cost is the one an independent
// computation gives — shipping and receiving never change it — and the
// stock value report's lines, in-transit line included, add up to it.
func TestLedgerProperty(t *testing.T) {
	each(t, 3, 3, func(t *testing.T, e *env) {
		steps := 2500
		if testing.Short() {
			steps = 300
		}
		r := rand.New(rand.NewPCG(7, uint64(len(e.products))))
		m := &model{onHand: map[pw]int64{}, reserved: map[pw]int64{}, res: map[resKey]int64{},
			qty: map[int64]int64{}, value: map[int64]int64{}, transit: map[shipment]int64{}}
		pick := func(xs []int64) int64 { return xs[r.IntN(len(xs))] }
		qty := func() int64 { return int64(1+r.IntN(200)) * 2500 } // 0.25 … 50 units
		var docs []resKey
		var shipped []shipment
		refused, received := 0, 0
		wantCode := "inventory.insufficient"
		for step := 0; step < steps; step++ {
			p, w := pick(e.products), pick(e.warehouses)
			k := pw{p, w}
			avail := m.onHand[k] - m.reserved[k]
			var err error
			want := true // the model says the step can be done
			wantCode = "inventory.insufficient"
			var apply func()
			switch op := r.IntN(13); op {
			case 0, 1: // receipt at a cost
				q, c := qty(), int64(1+r.IntN(2000000))
				_, err = e.inv.Post(e.ctx, e.admin, inventory.Move{Kind: inventory.Receipt, ProductID: p, WarehouseID: w, Qty: q, UnitCost: c})
				apply = func() { m.onHand[k] += q; m.in(p, q, c) }
			case 2: // reserve for a new document line
				q := qty()
				rk := resKey{doc: int64(step + 1), line: 1, p: p, w: w}
				want = q <= avail
				err = e.inTx(func(tx *db.Tx) error {
					return e.inv.ReserveTx(e.ctx, tx, e.admin, inventory.Reservation{ProductID: p, WarehouseID: w, Qty: q,
						DocType: "test_order", DocID: rk.doc, DocLine: 1})
				})
				apply = func() { m.reserved[k] += q; m.res[rk] += q; docs = append(docs, rk) }
			case 3, 4: // release part of a reservation, or ship it
				if len(docs) == 0 {
					continue
				}
				rk := docs[r.IntN(len(docs))]
				held := m.res[rk]
				if held == 0 {
					continue
				}
				q := min(held, qty())
				rkk := pw{rk.p, rk.w}
				if op == 3 {
					err = e.inTx(func(tx *db.Tx) error {
						return e.inv.ReleaseTx(e.ctx, tx, e.admin, inventory.Reservation{ProductID: rk.p, WarehouseID: rk.w, Qty: q,
							DocType: "test_order", DocID: rk.doc, DocLine: 1})
					})
					apply = func() { m.reserved[rkk] -= q; m.res[rk] -= q }
				} else {
					_, err = e.inv.Post(e.ctx, e.admin, inventory.Move{Kind: inventory.Delivery, ProductID: rk.p, WarehouseID: rk.w,
						Qty: q, Reserved: true, DocType: "test_order", DocID: rk.doc, DocLine: 1})
					apply = func() { m.reserved[rkk] -= q; m.res[rk] -= q; m.onHand[rkk] -= q; m.out(rk.p, q) }
				}
			case 5: // an unreserved delivery, or a return to the supplier
				q := qty()
				kind := []inventory.Kind{inventory.Delivery, inventory.SupplierReturn}[r.IntN(2)]
				want = q <= avail
				_, err = e.inv.Post(e.ctx, e.admin, inventory.Move{Kind: kind, ProductID: p, WarehouseID: w, Qty: q})
				apply = func() { m.onHand[k] -= q; m.out(p, q) }
			case 6: // a transfer to another warehouse, both legs in one posting
				to := pick(e.warehouses)
				if to == w {
					continue
				}
				q := qty()
				want = q <= avail
				_, err = e.inv.Post(e.ctx, e.admin,
					inventory.Move{Kind: inventory.TransferOut, ProductID: p, WarehouseID: w, Qty: q},
					inventory.Move{Kind: inventory.TransferIn, ProductID: p, WarehouseID: to, Qty: q})
				apply = func() { m.onHand[k] -= q; m.onHand[pw{p, to}] += q }
			case 7: // a customer return, valued at the average
				q := qty()
				_, err = e.inv.Post(e.ctx, e.admin, inventory.Move{Kind: inventory.CustomerReturn, ProductID: p, WarehouseID: w, Qty: q})
				apply = func() { m.onHand[k] += q; m.in(p, q, 0) }
			case 8: // an adjustment either way
				q := qty()
				if r.IntN(2) == 0 {
					c := int64(r.IntN(3)) * 50000 // sometimes a cost, sometimes the average
					_, err = e.inv.Post(e.ctx, e.admin, inventory.Move{Kind: inventory.AdjustIn, ProductID: p, WarehouseID: w, Qty: q, UnitCost: c})
					apply = func() { m.onHand[k] += q; m.in(p, q, c) }
				} else {
					want = q <= avail
					_, err = e.inv.Post(e.ctx, e.admin, inventory.Move{Kind: inventory.AdjustOut, ProductID: p, WarehouseID: w, Qty: q})
					apply = func() { m.onHand[k] -= q; m.out(p, q) }
				}
			case 9: // a count: the counted quantity replaces what is not reserved
				counted := m.reserved[k] + int64(r.IntN(60))*2500
				diff := counted - m.onHand[k]
				if diff == 0 {
					continue
				}
				mv := inventory.Move{Kind: inventory.CountGain, ProductID: p, WarehouseID: w, Qty: diff}
				apply = func() { m.onHand[k] += diff; m.in(p, diff, 0) }
				if diff < 0 {
					mv.Kind, mv.Qty = inventory.CountLoss, -diff
					apply = func() { m.onHand[k] += diff; m.out(p, -diff) }
				}
				_, err = e.inv.Post(e.ctx, e.admin, mv)
			case 10: // a count of the product everywhere down to what is reserved: often nothing is left
				var mvs []inventory.Move
				for _, wh := range e.warehouses {
					if d := m.onHand[pw{p, wh}] - m.reserved[pw{p, wh}]; d > 0 {
						mvs = append(mvs, inventory.Move{Kind: inventory.CountLoss, ProductID: p, WarehouseID: wh, Qty: d})
					}
				}
				if len(mvs) == 0 {
					continue
				}
				_, err = e.inv.Post(e.ctx, e.admin, mvs...)
				apply = func() {
					for _, mv := range mvs {
						m.onHand[pw{p, mv.WarehouseID}] -= mv.Qty
						m.out(p, mv.Qty)
					}
				}
			case 11: // ship a transfer: out of the source, in transit
				to := pick(e.warehouses)
				if to == w {
					continue
				}
				q := qty()
				sk := shipment{doc: int64(step + 1), p: p, to: to}
				want = q <= avail
				_, err = e.inv.Post(e.ctx, e.admin, inventory.Move{Kind: inventory.TransferOut, ProductID: p, WarehouseID: w, Qty: q,
					DocType: "test_transfer", DocID: sk.doc, DocLine: 1})
				apply = func() { m.onHand[k] -= q; m.transit[sk] += q; shipped = append(shipped, sk) }
			case 12: // receive part or all of a shipped transfer, now and then more than is on its way
				if len(shipped) == 0 {
					continue
				}
				sk := shipped[r.IntN(len(shipped))]
				q := min(m.transit[sk], qty())
				if q == 0 || r.IntN(8) == 0 {
					q = m.transit[sk] + 2500
					want, wantCode = false, "inventory.transfer_not_in_transit"
				}
				_, err = e.inv.Post(e.ctx, e.admin, inventory.Move{Kind: inventory.TransferIn, ProductID: sk.p, WarehouseID: sk.to, Qty: q,
					DocType: "test_transfer", DocID: sk.doc, DocLine: 1})
				apply = func() { m.onHand[pw{sk.p, sk.to}] += q; m.transit[sk] -= q; received++ }
			}
			switch {
			case want && err != nil:
				t.Fatalf("step %d: refused a possible step: %v", step, err)
			case !want && wantCode != "inventory.insufficient":
				if fe, ok := errs.As(err); !ok || fe.Kind != errs.KindConflict || fe.Code != wantCode {
					t.Fatalf("step %d: receiving more than is in transit gave %v", step, err)
				}
				refused++
			case !want && !insufficient(err):
				t.Fatalf("step %d: a step beyond the available stock gave %v", step, err)
			case want:
				apply()
			default:
				refused++
			}
			if step%50 == 0 || step == steps-1 {
				e.checkLedger(t, m, step)
			}
		}
		if refused == 0 || received == 0 {
			t.Errorf("%d steps refused, %d receipts of shipped transfers: the run missed a case", refused, received)
		}
	})
}

func (e *env) inTx(fn func(tx *db.Tx) error) error { return e.d.InTx(e.ctx, fn) }

// checkLedger compares the balance and cost tables with the ledger, the
// reservations and the model.
func (e *env) checkLedger(t *testing.T, m *model, step int) {
	t.Helper()
	q := db.Tenant(e.d.Read(), e.admin.Tenant())
	var rows []struct {
		P        int64 `db:"product_id"`
		W        int64 `db:"warehouse_id"`
		OnHand   int64 `db:"on_hand"`
		Reserved int64 `db:"reserved"`
		Moves    int64 `db:"moves"`
		Held     int64 `db:"held"`
	}
	if err := q.Select(e.ctx, &rows, `SELECT b.product_id, b.warehouse_id, b.on_hand, b.reserved,
		(SELECT coalesce(sum(qty), 0) FROM stock_moves s WHERE s.tenant_id = b.tenant_id AND s.product_id = b.product_id AND s.warehouse_id = b.warehouse_id) AS moves,
		(SELECT coalesce(sum(qty), 0) FROM stock_reservations r WHERE r.tenant_id = b.tenant_id AND r.product_id = b.product_id AND r.warehouse_id = b.warehouse_id) AS held
		FROM stock_balances b WHERE b.tenant_id = ?`, q.Tenant); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		k := pw{r.P, r.W}
		if r.OnHand != r.Moves || r.Reserved != r.Held || r.OnHand-r.Reserved < 0 || r.OnHand != m.onHand[k] || r.Reserved != m.reserved[k] {
			t.Fatalf("step %d, product %d warehouse %d: balance %d/%d, ledger %d, reservations %d, model %d/%d",
				step, r.P, r.W, r.OnHand, r.Reserved, r.Moves, r.Held, m.onHand[k], m.reserved[k])
		}
	}
	var costs []struct {
		P      int64 `db:"product_id"`
		Qty    int64 `db:"qty"`
		Value  int64 `db:"value"`
		LQty   int64 `db:"lqty"`
		LValue int64 `db:"lvalue"`
	}
	if err := q.Select(e.ctx, &costs, `SELECT c.product_id, c.qty, c.value,
		(SELECT coalesce(sum(qty), 0) FROM stock_moves s WHERE s.tenant_id = c.tenant_id AND s.product_id = c.product_id AND s.kind NOT IN ('transfer_out', 'transfer_in')) AS lqty,
		(SELECT coalesce(sum(value), 0) FROM stock_moves s WHERE s.tenant_id = c.tenant_id AND s.product_id = c.product_id AND s.kind NOT IN ('transfer_out', 'transfer_in')) AS lvalue
		FROM stock_costs c WHERE c.tenant_id = ?`, q.Tenant); err != nil {
		t.Fatal(err)
	}
	held := map[int64]int64{}
	for _, r := range rows {
		held[r.P] += r.OnHand
	}
	for _, c := range costs {
		// What the company holds beyond its warehouses is in transit.
		if c.Qty-held[c.P] != m.transitOf(c.P) {
			t.Fatalf("step %d, product %d: %d held company-wide, %d in warehouses, model in transit %d", step, c.P, c.Qty, held[c.P], m.transitOf(c.P))
		}
		if c.Qty != c.LQty || c.Value != c.LValue || c.Qty != m.qty[c.P] || c.Value != m.value[c.P] || c.Value < 0 || (c.Qty == 0 && c.Value != 0) {
			t.Fatalf("step %d, product %d: cost %d/%d, ledger %d/%d, model %d/%d", step, c.P, c.Qty, c.Value, c.LQty, c.LValue, m.qty[c.P], m.value[c.P])
		}
	}
	// The stock value report: per product the lines add up to the company
	// value, and its in-transit line is the model's.
	lines, err := e.inv.StockValue(e.ctx, e.admin, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	sum, transit := map[int64]int64{}, map[int64]int64{}
	for _, l := range lines {
		sum[l.ProductID] += l.Value
		if l.InTransit {
			transit[l.ProductID] += l.Qty
		}
	}
	for _, c := range costs {
		if sum[c.P] != c.Value || transit[c.P] != m.transitOf(c.P) {
			t.Fatalf("step %d, product %d: value lines add to %d (company %d), in transit %d (model %d)", step, c.P, sum[c.P], c.Value, transit[c.P], m.transitOf(c.P))
		}
	}
}
