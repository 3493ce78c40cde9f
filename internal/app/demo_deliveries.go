package app

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/sales"
)

// seedDeliveries ships the two oldest approved demo orders: the first
// delivery is on its way (shipped by SF with a tracking event), the second
// was signed for, so its order is completed.
func (a *App) seedDeliveries(ctx context.Context, sys tenant.Scope) error {
	p, err := a.Sales.List(ctx, sys, list.Query{Sort: "id", Limit: 2, Filters: map[string]string{"status": sales.Approved}})
	if err != nil || len(p.Items) < 2 {
		return err
	}
	ship := func(o sales.Order, carrier, tracking string) (sales.Delivery, error) {
		o, err := a.Sales.Get(ctx, sys, o.ID)
		if err != nil {
			return sales.Delivery{}, err
		}
		in := sales.DeliveryInput{Carrier: carrier, Notes: "演示发货"}
		for _, l := range o.Lines {
			in.Lines = append(in.Lines, sales.DeliveryLineInput{OrderLineID: l.ID, Qty: money.FromScaled(l.Open()).String()})
		}
		d, err := a.Sales.CreateDelivery(ctx, sys, in)
		if err != nil {
			return d, err
		}
		if d, err = a.Sales.Pick(ctx, sys, d.ID, d.Version); err != nil {
			return d, err
		}
		if d, err = a.Sales.Pack(ctx, sys, d.ID, d.Version); err != nil {
			return d, err
		}
		return a.Sales.Ship(ctx, sys, d.ID, sales.ShipInput{TrackingNo: tracking, Version: d.Version})
	}
	d, err := ship(p.Items[0], "sf", "SF1400236789012")
	if err != nil {
		return err
	}
	if _, err := a.Sales.AddTrackingEvent(ctx, sys, d.ID, sales.EventInput{Location: "杭州转运中心", Description: "快件已揽收"}); err != nil {
		return err
	}
	if d, err = ship(p.Items[1], "own", ""); err != nil {
		return err
	}
	_, err = a.Sales.Deliver(ctx, sys, d.ID, sales.ReceiptInput{ReceivedBy: "前台 张女士", Version: d.Version})
	return err
}
