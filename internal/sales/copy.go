package sales

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Copy makes a new draft from an order sc may see (sales.create), in any
// status: the same customer, warehouse, payment method and shipping
// address, and the same products, units and quantities. It is a new sale
// on today's terms: prices are read again from today's price list, tax
// rates are the products' current ones, and the old line discounts,
// handler and notes are not carried over. A product no longer sold or
// without a price is a field error of its line and nothing is made.
// channel is where the copy is made ("staff" on a page, "api").
func (s *Service) Copy(ctx context.Context, sc tenant.Scope, id int64, channel string) (Order, error) {
	if !sc.Can(tenant.P(Module, tenant.Create)) {
		return Order{}, errs.Forbidden("forbidden")
	}
	var newID int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		src, err := s.load(ctx, db.Tenant(tx, sc.Tenant()), sc, id, false)
		if err != nil {
			return err
		}
		in := OrderInput{CustomerID: src.CustomerID, WarehouseID: src.WarehouseID, PaymentMethod: src.PaymentMethod, Channel: channel,
			ShippingAddress: src.ShippingAddress}
		for _, l := range src.Lines {
			in.Lines = append(in.Lines, LineInput{ProductID: l.ProductID, Unit: l.Unit, Qty: money.FromScaled(l.Qty).String()})
		}
		if newID, err = s.CreateTx(ctx, tx, sc, in); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, DocOrder+".copy", DocOrder, newID, audit.Change{Field: "source", After: src.Number},
			audit.Change{Field: "source_id", After: src.ID})
	})
	if err != nil {
		return Order{}, err
	}
	return s.Get(ctx, sc, newID)
}
