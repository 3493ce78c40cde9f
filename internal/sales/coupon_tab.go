package sales

import (
	"bytes"
	"context"
	"html/template"
	"strconv"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/recordui"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Redemption is one use of a coupon by an order.
type Redemption struct {
	OrderID    int64      `db:"order_id"`
	Number     *string    `db:"number"` // nil: the order was deleted
	CustomerID int64      `db:"customer_id"`
	CouponCode string     `db:"coupon_code"`
	Amount     int64      `db:"amount"`
	RedeemedAt time.Time  `db:"redeemed_at"`
	ReleasedAt *time.Time `db:"released_at"`
}

// Redemptions are a promotion's coupon uses, the newest first (at most
// 200), and how many are held now. Reading them needs promotions.view.
func (s *Service) Redemptions(ctx context.Context, sc tenant.Scope, promotionID int64) ([]Redemption, int64, error) {
	if !sc.Can(tenant.P(PromoModule, tenant.View)) {
		return nil, 0, nil
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	var out []Redemption
	if err := q.Select(ctx, &out, `SELECT r.order_id, o.number, r.customer_id, r.coupon_code, r.amount, r.redeemed_at, r.released_at
		FROM sales_coupon_redemptions r LEFT JOIN sales_orders o ON o.tenant_id = r.tenant_id AND o.id = r.order_id
		WHERE r.tenant_id = ? AND r.promotion_id = ? ORDER BY r.id DESC LIMIT 200`, q.Tenant, promotionID); err != nil {
		return nil, 0, err
	}
	total, _, err := used(ctx, q, promotionID, 0)
	return out, total, err
}

var redemptionsTmpl = template.Must(template.New("redemptions").Parse(`<section class="card card-flush" data-testid="promo-redemptions">
<p class="pad">{{.Used}}</p>
{{if .Rows}}<div class="table-wrap"><table class="table"><thead><tr>{{range .Heads}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr data-testid="promo-redemption"><td>{{if .Href}}<a class="mono" href="{{.Href}}">{{.Number}}</a>{{else}}{{.Number}}{{end}}</td>
<td class="mono">{{.Code}}</td><td class="num">{{.Amount}}</td><td>{{.At}}</td><td>{{.State}}</td></tr>{{end}}</tbody></table></div>{{end}}
</section>`))

// RedemptionsTab is the coupon uses tab of a promotion's page.
func RedemptionsTab(svc *Service, cat *i18n.Catalog) recordui.Tab {
	return recordui.Tab{Key: "redemptions", Label: "promotions.tab_redemptions", Perm: tenant.P(PromoModule, tenant.View),
		Render: func(ctx context.Context, sc tenant.Scope, id int64) (template.HTML, error) {
			rs, used, err := svc.Redemptions(ctx, sc, id)
			if err != nil {
				return "", err
			}
			lang := sc.Locale()
			t := func(key string, data map[string]any) string { return cat.T(lang, key, data) }
			type row struct{ Number, Href, Code, Amount, At, State string }
			v := struct {
				Used  string
				Heads []string
				Rows  []row
			}{Used: t("promotions.used", map[string]any{"Used": used}),
				Heads: []string{t("sales.number", nil), t("promotions.coupon_code", nil), t("sales.promo_amount", nil),
					t("promotions.redeemed_at", nil), t("sales.status", nil)}}
			for _, r := range rs {
				x := row{Number: "—", Code: r.CouponCode, Amount: i18n.FormatMoney(lang, money.FromScaled(r.Amount), "CNY"),
					At: r.RedeemedAt.In(i18n.Location).Format("2006-01-02 15:04"), State: t("promotions.redemption_held", nil)}
				if r.Number != nil {
					x.Number, x.Href = *r.Number, "/sales/orders/"+strconv.FormatInt(r.OrderID, 10)
				}
				if r.ReleasedAt != nil {
					x.State = t("promotions.redemption_released", nil)
				}
				v.Rows = append(v.Rows, x)
			}
			var b bytes.Buffer
			err = redemptionsTmpl.Execute(&b, v)
			return template.HTML(b.String()), err
		}}
}
