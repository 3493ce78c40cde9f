package sales

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// ApprovalDoc is what the approval inbox and rule editor know of sales
// orders.
func ApprovalDoc(s *Service) approval.DocHandler {
	return approval.ServiceDoc(approval.DocHandler{DocType: DocOrder, Label: "sales.order", Perm: tenant.P(Module, tenant.View),
		Fields: ApprovalFields, Describe: s.describe}, "/sales/orders/%d", s.Get, s.Decide)
}

// describe is each order's inbox line: number; customer and total in the
// reader's language (and a credit warning). Only orders sc may see are
// described.
func (s *Service) describe(ctx context.Context, sc tenant.Scope, ids []int64) (map[int64]approval.DocSummary, error) {
	out := map[int64]approval.DocSummary{}
	if len(ids) == 0 {
		return out, nil
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	vis, vargs := s.visible(sc)
	args := append([]any{q.Tenant}, toAny(ids)...)
	var os []Order
	if err := q.Select(ctx, &os, `SELECT `+orderCols+` FROM sales_orders WHERE tenant_id = ? AND id IN (`+db.Placeholders(len(ids))+`)`+vis,
		append(args, vargs...)...); err != nil {
		return nil, err
	}
	cs := make([]int64, len(os))
	for i, o := range os {
		cs[i] = o.CustomerID
	}
	names, err := s.master.Titles(ctx, sc, "customers", cs)
	if err != nil {
		return nil, err
	}
	lang := web.LangFrom(ctx)
	for _, o := range os {
		meta := records.TitleOf(names, o.CustomerID) + " · " + i18n.FormatMoney(lang, money.FromScaled(o.Total), o.Currency)
		out[o.ID] = approval.DocSummary{Title: o.Number, Meta: meta}
	}
	return out, nil
}

func toAny[T any](ids []T) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
