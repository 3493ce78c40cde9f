package masterdata

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type priceIn struct {
	CustomerID int64  `query:"customer_id" doc:"The customer priced for (0 or absent: no particular customer)"`
	ProductID  int64  `query:"product_id" required:"true"`
	Unit       string `query:"unit" doc:"Unit code; the product's base unit when absent"`
	Quantity   string `query:"quantity" doc:"Decimal string; 1 when absent"`
	CurrencyID int64  `query:"currency_id" doc:"The base currency when absent"`
	Date       string `query:"date" doc:"YYYY-MM-DD; today when absent"`
}

type priceOut struct{ Body Price }

type rateIn struct {
	CurrencyID int64  `query:"currency_id" required:"true"`
	Date       string `query:"date" doc:"YYYY-MM-DD; today when absent"`
}

type rateOut struct {
	Body struct {
		CurrencyID int64        `json:"currency_id"`
		Date       string       `json:"date"`
		Rate       money.Amount `json:"rate" doc:"Base-currency units per unit of the currency"`
	}
}

// RegisterAPI adds the pricing operations; the record types' own CRUD API
// comes from recordapi.
func RegisterAPI(api *web.API, svc *Service) {
	tags := []string{"pricing"}
	web.Op(api, huma.Operation{OperationID: "resolve-price", Method: http.MethodGet, Path: "/api/v1/prices/resolve", Tags: tags,
		Summary: "The price of a product for a customer, unit, quantity, currency and date (see the pricing rule)"},
		web.Perm, tenant.P(ProductsModule, tenant.View), func(ctx context.Context, in *priceIn) (*priceOut, error) {
			on, err := dateParam(in.Date)
			if err != nil {
				return nil, err
			}
			qty := money.MustParse("1")
			if in.Quantity != "" {
				if qty, err = money.Parse(in.Quantity); err != nil {
					return nil, errs.Invalid(errs.Field("quantity", "field.not_number"))
				}
			}
			p, err := svc.PriceFor(ctx, web.ScopeFrom(ctx), in.CustomerID, in.ProductID, in.Unit, qty, in.CurrencyID, on)
			return &priceOut{Body: p}, err
		})
	web.Op(api, huma.Operation{OperationID: "exchange-rate-on", Method: http.MethodGet, Path: "/api/v1/exchange-rates/on", Tags: tags,
		Summary: "The exchange rate of a currency in effect on a date"},
		web.Perm, tenant.P(CurrenciesModule, tenant.View), func(ctx context.Context, in *rateIn) (*rateOut, error) {
			on, err := dateParam(in.Date)
			if err != nil {
				return nil, err
			}
			r, err := svc.RateOn(ctx, web.ScopeFrom(ctx), in.CurrencyID, on)
			if err != nil {
				return nil, err
			}
			out := &rateOut{}
			out.Body.CurrencyID, out.Body.Date, out.Body.Rate = in.CurrencyID, day(on), r
			return out, nil
		})
}

// dateParam reads a YYYY-MM-DD query value as that day (today when empty).
func dateParam(s string) (time.Time, error) {
	if s == "" {
		return time.Now(), nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, i18n.Location)
	if err != nil {
		return time.Time{}, errs.Invalid(errs.Field("date", "field.invalid"))
	}
	return t, nil
}
