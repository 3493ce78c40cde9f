package masterdata

import (
	"context"
	"regexp"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Currencies (货币信息). Amounts everywhere are in the base currency unless a
// document says otherwise; rates convert the others.
var Currencies = &records.Type{
	Key: "currencies", Path: "currencies", Module: CurrenciesModule,
	Label: "currencies.one", Plural: "currencies.title",
	DefaultSort: "code",
	Fields: []records.Field{
		{Name: "code", Kind: records.Code, Required: true, MaxLen: 3, Search: true, List: true, Sort: true,
			Example: "USD", Hint: "currencies.code.hint"},
		{Name: "name", Kind: records.Text, Required: true, MaxLen: 50, Search: true, List: true, Example: "美元"},
		{Name: "symbol", Kind: records.Text, MaxLen: 8, List: true, Example: "$"},
		{Name: "decimals", Kind: records.Int, Min: minZero(), Default: int64(2), List: true, Hint: "currencies.decimals.hint"},
		{Name: "is_base", Kind: records.Bool, List: true, Filter: true, Hint: "currencies.is_base.hint"},
		{Name: "active", Kind: records.Bool, Default: true, List: true, Filter: true},
	},
	Hooks: records.Hooks{Check: checkCurrency, AfterWrite: moveBase, InUse: baseInUse},
}

var isoCode = regexp.MustCompile(`^[A-Z]{3}$`)

// checkCurrency keeps exactly one base currency per tenant: the first
// currency becomes the base, and the base is moved (by marking another),
// never removed.
func checkCurrency(ctx context.Context, q db.Querier, sc tenant.Scope, r *records.Record, old *records.Record) error {
	var c errs.Collector
	code := strings.ToUpper(strings.TrimSpace(r.String("code")))
	r.Values["code"] = code
	if !isoCode.MatchString(code) {
		c.Add("code", "currencies.code.iso")
	}
	if r.Int("decimals") > 4 {
		c.Add("decimals", "currencies.decimals.max")
	}
	if old == nil && !boolOf(r, "is_base") {
		base, err := exists(ctx, q, sc, "currencies", 0, "is_base")
		if err != nil {
			return err
		}
		if !base {
			r.Values["is_base"] = true
		}
	}
	if old != nil && boolOf(old, "is_base") && !boolOf(r, "is_base") {
		c.Add("is_base", "currencies.is_base.required")
	}
	if boolOf(r, "is_base") && !boolOf(r, "active") {
		c.Add("active", "currencies.active.base")
	}
	return c.Err()
}

// moveBase takes the base flag from the previous base currency, audited.
func moveBase(ctx context.Context, tx *db.Tx, sc tenant.Scope, r records.Record, _ *records.Record) error {
	if b, _ := r.Values["is_base"].(bool); !b {
		return nil
	}
	return clearFlag(ctx, tx, sc, "currencies", "is_base", r.ID, "TRUE")
}

// baseInUse refuses deleting the base currency: every amount is in it.
func baseInUse(ctx context.Context, q db.Querier, sc tenant.Scope, id int64) (string, error) {
	base, err := exists(ctx, q, sc, "currencies", 0, "id = ? AND is_base", id)
	if err != nil || !base {
		return "", err
	}
	return "currencies.base_in_use", nil
}

// ExchangeRates are rates by date: rate units of the base currency buy one
// unit of the currency (USD 7.1 means 1 USD = 7.1 CNY).
var ExchangeRates = &records.Type{
	Key: "exchange_rates", Path: "exchange-rates", Module: CurrenciesModule,
	Label: "exchange_rates.one", Plural: "exchange_rates.title",
	NameField: "rate_date", DefaultSort: "-rate_date",
	Fields: []records.Field{
		{Name: "currency_id", Kind: records.Ref, Ref: "currencies", Required: true, List: true, Filter: true},
		{Name: "rate_date", Kind: records.Date, Required: true, List: true, Sort: true, Range: true, Example: "2026-01-31"},
		{Name: "rate", Kind: records.Decimal, Required: true, List: true, Example: "7.1234", Hint: "exchange_rates.rate.hint"},
	},
	Hooks: records.Hooks{Check: checkRate},
}

func checkRate(ctx context.Context, q db.Querier, sc tenant.Scope, r *records.Record, _ *records.Record) error {
	var c errs.Collector
	if !positive(r, "rate") {
		c.Add("rate", "field.positive")
	}
	base, err := exists(ctx, q, sc, "currencies", 0, "id = ? AND is_base", r.Int("currency_id"))
	if err != nil {
		return err
	}
	if base {
		c.Add("currency_id", "exchange_rates.currency_id.base")
	}
	dup, err := exists(ctx, q, sc, "exchange_rates", r.ID, "currency_id = ? AND rate_date = ?", r.Int("currency_id"), r.String("rate_date"))
	if err != nil {
		return err
	}
	if dup {
		c.Add("rate_date", "exchange_rates.rate_date.taken")
	}
	return c.Err()
}
