package inventory

import "github.com/taihe-erp/taihe/internal/platform/money"

var errOverflow = money.ErrOverflow

// mulDiv is a × b / c rounded half away from zero, computed exactly.
func mulDiv(a, b, c int64) (int64, error) { return money.MulDiv(a, b, c) }

// valueOf is qty × unit cost in money × 10^4.
func valueOf(qty Qty, unitCost int64) (int64, error) { return mulDiv(qty, unitCost, 10000) }
