package masterdata

import (
	"context"
	"fmt"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// The reads behind pricing. Products and currencies are company-wide
// records (no owner), so the tenant is their whole visibility.

type productRow struct {
	BaseUnit  string        `db:"base_unit"`
	ListPrice *money.Amount `db:"list_price"`
}

func (s *Service) product(ctx context.Context, q db.Scoped, sc tenant.Scope, id int64) (productRow, error) {
	var p productRow
	err := q.Get(ctx, &p, `SELECT base_unit, list_price FROM products WHERE tenant_id = ? AND id = ?`, sc.Tenant(), id)
	if db.IsNoRows(err) {
		return p, errs.NotFound("not_found")
	}
	if err != nil {
		return p, fmt.Errorf("masterdata: product %d: %w", id, err)
	}
	return p, nil
}

// products reads several products at once (an order's lines); ids the
// tenant lacks are missing from the map.
func (s *Service) products(ctx context.Context, q db.Scoped, ids []int64) (map[int64]productRow, error) {
	var rows []struct {
		ID int64 `db:"id"`
		productRow
	}
	args := []any{q.Tenant}
	for _, id := range ids {
		args = append(args, id)
	}
	if err := q.Select(ctx, &rows, `SELECT id, base_unit, list_price FROM products WHERE tenant_id = ? AND id IN (`+
		db.Placeholders(len(ids))+`)`, args...); err != nil {
		return nil, fmt.Errorf("masterdata: products: %w", err)
	}
	out := make(map[int64]productRow, len(rows))
	for _, r := range rows {
		out[r.ID] = r.productRow
	}
	return out, nil
}

type currencyRow struct {
	ID       int64  `db:"id"`
	Code     string `db:"code"`
	Decimals int    `db:"decimals"`
	IsBase   bool   `db:"is_base"`
}

// currency reads a currency, or the base currency when id is 0.
func (s *Service) currency(ctx context.Context, q db.Scoped, sc tenant.Scope, id int64) (currencyRow, error) {
	var c currencyRow
	const cols = `SELECT id, code, COALESCE(decimals, 2) AS decimals, is_base FROM currencies WHERE tenant_id = ?`
	var err error
	if id == 0 {
		err = q.Get(ctx, &c, cols+` AND is_base`, sc.Tenant())
	} else {
		err = q.Get(ctx, &c, cols+` AND id = ?`, sc.Tenant(), id)
	}
	if db.IsNoRows(err) {
		return c, errs.NotFound("not_found")
	}
	if err != nil {
		return c, fmt.Errorf("masterdata: currency %d: %w", id, err)
	}
	return c, nil
}

// rate is the latest rate of a non-base currency on or before date.
func (s *Service) rate(ctx context.Context, q db.Scoped, sc tenant.Scope, c currencyRow, date string) (money.Amount, error) {
	var r money.Amount
	err := q.Get(ctx, &r, `SELECT rate FROM exchange_rates WHERE tenant_id = ? AND currency_id = ? AND rate_date <= ?
		ORDER BY rate_date DESC LIMIT 1`, sc.Tenant(), c.ID, date)
	if db.IsNoRows(err) {
		return r, &errs.Error{Kind: errs.KindNotFound, Code: "masterdata.rate.missing",
			Data: map[string]any{"Currency": c.Code, "Date": date}}
	}
	if err != nil {
		return r, fmt.Errorf("masterdata: rate of %s: %w", c.Code, err)
	}
	return r, nil
}

// factor is how many base units one unit of the product holds.
func factor(ctx context.Context, q db.Scoped, sc tenant.Scope, productID int64, unit string) (money.Amount, error) {
	var f money.Amount
	err := q.Get(ctx, &f, `SELECT factor FROM product_units WHERE tenant_id = ? AND product_id = ? AND unit = ?`,
		sc.Tenant(), productID, unit)
	if db.IsNoRows(err) {
		return f, errs.Invalid(errs.Field("unit", "masterdata.unit.undefined", "Unit", unit))
	}
	if err != nil {
		return f, fmt.Errorf("masterdata: unit %s of product %d: %w", unit, productID, err)
	}
	return f, nil
}
