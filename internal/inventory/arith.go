package inventory

import (
	"errors"
	"math/big"
)

var errOverflow = errors.New("inventory: value overflows")

// mulDiv is a × b / c rounded half away from zero, computed exactly (the
// product of a quantity and a unit cost overflows int64 long before the
// result does).
func mulDiv(a, b, c int64) (int64, error) {
	if c == 0 {
		return 0, errors.New("inventory: division by zero")
	}
	n := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	d := big.NewInt(c)
	neg := (n.Sign() < 0) != (d.Sign() < 0)
	n.Abs(n)
	d.Abs(d)
	q, r := new(big.Int).QuoRem(n, d, new(big.Int))
	if r.Lsh(r, 1).Cmp(d) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	if !q.IsInt64() {
		return 0, errOverflow
	}
	return q.Int64(), nil
}

// valueOf is qty × unit cost in money × 10^4.
func valueOf(qty Qty, unitCost int64) (int64, error) { return mulDiv(qty, unitCost, 10000) }
