package masterdata

import (
	"fmt"

	"github.com/govalues/decimal"
	"github.com/taihe-erp/taihe/internal/platform/money"
)

// Arithmetic on amounts for pricing. Results are rounded half up (四舍五入,
// what invoices and Chinese customers expect, not banker's rounding) to the
// given number of decimals, at most money.Scale.

func roundHalfUp(d decimal.Decimal, scale int) decimal.Decimal {
	if scale >= d.Scale() {
		return d
	}
	half := decimal.MustNew(5, scale+1)
	var err error
	if d.IsNeg() {
		d, err = d.Sub(half)
	} else {
		d, err = d.Add(half)
	}
	if err != nil { // beyond 19 digits: keep the nearest even instead
		return d.Round(scale)
	}
	return d.Trunc(scale)
}

func toAmount(d decimal.Decimal, scale int) (money.Amount, error) {
	if scale > money.Scale {
		scale = money.Scale
	}
	a, err := money.Parse(roundHalfUp(d, scale).String())
	if err != nil {
		return money.Amount{}, fmt.Errorf("masterdata: amount %s: %w", d, err)
	}
	return a, nil
}

// mul is a × b rounded to scale decimals.
func mul(a, b money.Amount, scale int) (money.Amount, error) {
	p, err := a.Decimal().Mul(b.Decimal())
	if err != nil {
		return money.Amount{}, fmt.Errorf("masterdata: %s × %s: %w", a, b, err)
	}
	return toAmount(p, scale)
}

// quo is a ÷ b rounded to scale decimals; b is never zero (rates are
// checked positive on save).
func quo(a, b money.Amount, scale int) (money.Amount, error) {
	q, err := a.Decimal().Quo(b.Decimal())
	if err != nil {
		return money.Amount{}, fmt.Errorf("masterdata: %s ÷ %s: %w", a, b, err)
	}
	return toAmount(q, scale)
}
