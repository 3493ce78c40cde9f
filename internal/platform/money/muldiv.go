package money

import (
	"errors"
	"math/big"
)

// ErrOverflow is a result that does not fit the stored integer.
var ErrOverflow = errors.New("money: value overflows")

// MulDiv is a × b / c of scaled integers rounded half away from zero,
// computed exactly (a quantity times a price overflows int64 long before
// the result does): line amount = MulDiv(qty, price, 10^4).
func MulDiv(a, b, c int64) (int64, error) {
	if c == 0 {
		return 0, errors.New("money: division by zero")
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
		return 0, ErrOverflow
	}
	return q.Int64(), nil
}
