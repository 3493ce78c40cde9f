package app

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/sales"
)

// seedReturns takes one unit of the completed demo order's first line back:
// damaged in transit, approved, received, inspected back into stock, its
// refund request waiting for finance, and closed.
func (a *App) seedReturns(ctx context.Context, sys tenant.Scope) error {
	p, err := a.Sales.List(ctx, sys, list.Query{Sort: "id", Limit: 1, Filters: map[string]string{"status": sales.Completed}})
	if err != nil || len(p.Items) == 0 {
		return err
	}
	o, err := a.Sales.Get(ctx, sys, p.Items[0].ID)
	if err != nil {
		return err
	}
	r, err := a.Sales.CreateReturn(ctx, sys, sales.ReturnInput{OrderID: o.ID, Kind: sales.KindReturn, Reason: "damaged",
		ReasonNote: "外箱破损，客户要求退货", Lines: []sales.ReturnLineInput{{OrderLineID: o.Lines[0].ID, Qty: "1"}}})
	if err != nil {
		return err
	}
	if r, err = a.Sales.ApproveReturn(ctx, sys, r.ID, r.Version, "符合退货条件"); err != nil {
		return err
	}
	if r, err = a.Sales.ReceiveReturn(ctx, sys, r.ID, r.Version, "顺丰退回，已签收"); err != nil {
		return err
	}
	in := sales.InspectInput{Version: r.Version}
	for _, l := range r.Lines {
		in.Lines = append(in.Lines, sales.InspectLine{LineID: l.ID, Restock: "1", Note: "内件完好，重新入库"})
	}
	if r, err = a.Sales.InspectReturn(ctx, sys, r.ID, in); err != nil {
		return err
	}
	_, err = a.Sales.CloseReturn(ctx, sys, r.ID, r.Version)
	return err
}
