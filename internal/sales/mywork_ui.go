package sales

import (
	"context"
	"fmt"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// myWaitingPanel is the workbench's "my orders waiting for action".
func (u *ui) myWaitingPanel() adminui.Panel {
	return adminui.Panel{Key: "sales_waiting", Title: "sales.waiting", Empty: "sales.waiting_empty", Perm: tenant.P(Module, tenant.View),
		Items: u.myWaitingItems}
}

// myWaitingItems: first a line of counts per waiting status linking to the
// caller's orders, then the latest waiting orders, each linking to its
// page.
func (u *ui) myWaitingItems(ctx context.Context, sc tenant.Scope) ([]adminui.PanelItem, error) {
	mw, err := u.svc.MyWaiting(ctx, sc, 8)
	if err != nil || len(mw.Orders) == 0 {
		return nil, err
	}
	lang := web.LangFrom(ctx)
	t := func(key string, kv map[string]any) string { return u.srv.Cat.T(lang, key, kv) }
	var parts []string
	for _, st := range WaitingStatuses {
		if n := mw.Counts[st]; n > 0 {
			parts = append(parts, t("sales.waiting_count", map[string]any{"Status": t("sales.waiting."+st, nil), "N": n}))
		}
	}
	out := []adminui.PanelItem{{Text: strings.Join(parts, " · "), Href: fmt.Sprintf("/sales/orders?owner_id=%d", sc.Actor())}}
	cust, _, err := u.names(ctx, sc, mw.Orders)
	if err != nil {
		return nil, err
	}
	for _, o := range mw.Orders {
		out = append(out, adminui.PanelItem{Text: o.Number + " " + records.TitleOf(cust, o.CustomerID), Href: fmt.Sprintf("/sales/orders/%d", o.ID),
			Badge: t("sales.waiting."+o.Status, nil),
			Meta:  o.OrderDate + " · " + i18n.FormatMoney(lang, money.FromScaled(o.Total), o.Currency)})
	}
	return out, nil
}
