package sales

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/docflow"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// received are the statuses of a delivery the customer signed for.
var received = []string{DeliveryDelivered, DeliveryException}

// Deliver records the customer's receipt (签收) of a shipped delivery: who
// signed, and per line what arrived short or damaged (quantity and note).
// Nothing wrong → delivered; anything → exception (the goods are still
// the customer's; a return or a replacement settles it). An order whose
// goods have all shipped and whose deliveries are all signed for is
// completed in the same transaction.
func (s *Service) Deliver(ctx context.Context, sc tenant.Scope, id int64, in ReceiptInput) (Delivery, error) {
	in.ReceivedBy = strings.TrimSpace(in.ReceivedBy)
	return s.deliveryAction(ctx, sc, int(id), in.Version, "deliver", func(tx *db.Tx, d Delivery) error {
		var c errs.Collector
		maxLen(&c, "received_by", in.ReceivedBy, 100)
		type exc struct{ short, damaged int64 }
		got := map[int64]exc{}
		notes := map[int64]string{}
		for i, e := range in.Exceptions {
			f := func(name string) string { return fmt.Sprintf("exceptions[%d].%s", i, name) }
			var line *DeliveryLine
			for j := range d.Lines {
				if d.Lines[j].ID == e.LineID {
					line = &d.Lines[j]
				}
			}
			if line == nil {
				c.Add(f("line_id"), "field.unknown_ref")
				continue
			}
			x := exc{money.ParseField(&c, f("short"), e.Short, false, true), money.ParseField(&c, f("damaged"), e.Damaged, false, true)}
			if x.short+x.damaged > line.Qty {
				c.Add(f("short"), "sales.delivery.exception_over", "Qty", money.FromScaled(line.Qty).Decimal().Trim(0).String())
			}
			note := strings.TrimSpace(e.Note)
			maxLen(&c, f("note"), note, 300)
			if (x.short > 0 || x.damaged > 0) && note == "" {
				c.Add(f("note"), "field.required")
			}
			got[line.ID], notes[line.ID] = x, note
		}
		if err := c.Err(); err != nil {
			return err
		}
		q := db.Tenant(tx, sc.Tenant())
		var changes []audit.Change
		for _, l := range d.Lines {
			x, ok := got[l.ID]
			if !ok || x.short+x.damaged == 0 {
				continue
			}
			if _, err := q.Exec(ctx, `UPDATE sales_delivery_lines SET short_qty = ?, damaged_qty = ?, exception_note = ?
				WHERE tenant_id = ? AND id = ?`, x.short, x.damaged, notes[l.ID], q.Tenant, l.ID); err != nil {
				return err
			}
			changes = append(changes, audit.Change{Field: fmt.Sprintf("lines[%d]", l.LineNo-1),
				After: fmt.Sprintf("short %s, damaged %s: %s", money.FromScaled(x.short), money.FromScaled(x.damaged), notes[l.ID])})
		}
		if _, err := q.Exec(ctx, `UPDATE sales_deliveries SET received_by = ?, delivered_at = ? WHERE tenant_id = ? AND id = ?`,
			in.ReceivedBy, db.Now(), q.Tenant, d.ID); err != nil {
			return err
		}
		to := DeliveryDelivered
		if len(changes) > 0 {
			to = DeliveryException
		}
		changes = append([]audit.Change{{Field: "received_by", After: in.ReceivedBy}}, changes...)
		if err := docflow.Move(ctx, tx, sc, d.doc(), to, "deliver", changes...); err != nil {
			return err
		}
		return s.completeOrders(ctx, tx, sc, d)
	})
}

// completeOrders completes the delivery's orders that have shipped
// everything and have no delivery left unsigned (§4.1: shipped → confirm
// receipt → completed).
func (s *Service) completeOrders(ctx context.Context, tx *db.Tx, sc tenant.Scope, d Delivery) error {
	orders, err := s.lockOrders(ctx, tx, sc, d)
	if err != nil {
		return err
	}
	q := db.Tenant(tx, sc.Tenant())
	for _, oid := range slices.Sorted(maps.Keys(orders)) {
		o := orders[oid]
		if o.Status != Shipped {
			continue
		}
		args := []any{q.Tenant, q.Tenant, oid}
		for _, st := range received {
			args = append(args, st)
		}
		var waiting int
		// Driven from the order's delivery lines, not from every delivery.
		if err := q.Get(ctx, &waiting, `SELECT count(DISTINCT d.id) FROM sales_delivery_lines l
			JOIN sales_deliveries d ON d.tenant_id = l.tenant_id AND d.id = l.delivery_id
			WHERE d.tenant_id = ? AND l.tenant_id = ? AND l.order_id = ?
			AND d.status NOT IN (`+db.Placeholders(len(received))+`, 'cancelled')`, args...); err != nil {
			return err
		}
		if waiting == 0 {
			if err := s.move(ctx, tx, sc, o, Completed, "complete", audit.Change{Field: "delivery", After: d.Number}); err != nil {
				return err
			}
		}
	}
	return nil
}

// AddTrackingEvent records a step of a shipped parcel's way (物流跟踪),
// typed by hand or sent by a carrier integration through the API
// (deliveries.edit). It changes no status.
func (s *Service) AddTrackingEvent(ctx context.Context, sc tenant.Scope, id int64, in EventInput) (Delivery, error) {
	var c errs.Collector
	in.Description, in.Location = strings.TrimSpace(in.Description), strings.TrimSpace(in.Location)
	if in.Description == "" {
		c.Add("description", "field.required")
	}
	maxLen(&c, "description", in.Description, 500)
	maxLen(&c, "location", in.Location, 100)
	at := db.Now()
	if v := strings.TrimSpace(in.At); v != "" {
		t, err := parseEventTime(v)
		if err != nil {
			c.Add("at", "field.invalid")
		}
		at = t
	}
	if err := c.Err(); err != nil {
		return Delivery{}, err
	}
	// Tracking goes on after receipt too (a late scan); before shipping
	// there is no parcel.
	return s.deliveryAction(ctx, sc, int(id), 0, "track", func(tx *db.Tx, d Delivery) error {
		q := db.Tenant(tx, sc.Tenant())
		if _, err := q.Exec(ctx, `INSERT INTO sales_delivery_events (tenant_id, delivery_id, happened_at, location, description,
			created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, q.Tenant, d.ID, at, in.Location, in.Description,
			db.NullID(sc.Actor()), db.Now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, DocDelivery+".track", DocDelivery, d.ID,
			audit.Change{Field: "event", After: strings.TrimSpace(in.Location + " " + in.Description)})
	})
}

// chinaTime is Beijing time (no daylight saving), how times are typed and shown.
var chinaTime = time.FixedZone("CST", 8*3600)

// parseEventTime reads RFC 3339 or a local "2006-01-02 15:04" (Beijing
// time, as users and carriers write it).
func parseEventTime(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC().Truncate(time.Microsecond), nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, v, chinaTime); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errs.Invalid(errs.Field("at", "field.invalid"))
}
