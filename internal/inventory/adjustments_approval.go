package inventory

import (
	"context"
	"fmt"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// AdjustmentDocHandler tells the approval inbox and rule editor about
// adjustments: rules may compare the amount (absolute value at the
// average cost), the warehouse and the reason; a decision from the inbox
// goes through DecideAdjustment, so it needs inventory.approve as well as
// the rule naming the approver.
func AdjustmentDocHandler(svc *Service, cat *i18n.Catalog) approval.DocHandler {
	return approval.DocHandler{
		DocType: DocAdjustment,
		Label:   "inventory.doc." + DocAdjustment,
		Perm:    tenant.P(Module, tenant.View),
		Fields: []approval.DocField{{Name: "amount", Label: "inventory.adjustment.amount", Kind: "decimal"},
			{Name: "warehouse_id", Label: "inventory.warehouse", Kind: "text"},
			{Name: "reason", Label: "inventory.adjustment.reason", Kind: "text"}},
		Describe: func(ctx context.Context, sc tenant.Scope, ids []int64) (map[int64]approval.DocSummary, error) {
			as, err := svc.adjustmentsByID(ctx, sc, ids)
			if err != nil {
				return nil, err
			}
			ws := make([]int64, len(as))
			for i, a := range as {
				ws[i] = a.WarehouseID
			}
			names, err := svc.master.Titles(ctx, sc, "warehouses", ws)
			if err != nil {
				return nil, err
			}
			lang := web.LangFrom(ctx)
			out := make(map[int64]approval.DocSummary, len(as))
			for _, a := range as {
				amount, err := adjustmentAmount(ctx, db.Tenant(svc.db.Read(), sc.Tenant()), a.Lines)
				if err != nil {
					return nil, err
				}
				out[a.ID] = approval.DocSummary{Title: a.Number, Meta: fmt.Sprintf("%s · %s · %s", records.TitleOf(names, a.WarehouseID),
					cat.T(lang, "inventory.reason."+a.Reason, nil), i18n.FormatMoney(lang, money.FromScaled(amount), ""))}
			}
			return out, nil
		},
		Href: func(id int64) string { return fmt.Sprintf("/inventory/adjustments/%d", id) },
		Decide: func(ctx context.Context, sc tenant.Scope, id int64, approve bool, comment string) error {
			a, err := svc.Adjustment(ctx, sc, id)
			if err != nil {
				return err
			}
			// The inbox decides on the request as it stands; the approval
			// request's own version guards against a double decision.
			_, err = svc.DecideAdjustment(ctx, sc, id, a.Version, approve, comment)
			return err
		},
	}
}
