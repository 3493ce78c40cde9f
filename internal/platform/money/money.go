// Package money stores decimals as scaled integers. SQLite's NUMERIC turns
// "0.1000" into a REAL and SUM over text returns a float, so every money and
// quantity column is a BIGINT holding value × 10^Scale on both databases.
package money

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math"

	"github.com/govalues/decimal"
)

// Scale is the fixed number of decimal places stored for money and quantities.
const Scale = 4

// Amount is a decimal value stored as a scaled integer and sent as a JSON string.
type Amount struct{ d decimal.Decimal }

// Parse reads a decimal string such as "1234.50".
func Parse(s string) (Amount, error) {
	d, err := decimal.Parse(s)
	if err != nil {
		return Amount{}, err
	}
	if d.Scale() > Scale {
		return Amount{}, fmt.Errorf("money: %q has more than %d decimals", s, Scale)
	}
	return Amount{d}, nil
}

// MustParse is for constants in code and tests.
func MustParse(s string) Amount {
	a, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return a
}

// FromScaled builds an Amount from its stored integer.
func FromScaled(v int64) Amount {
	d, _ := decimal.New(v, Scale) // cannot fail: Scale is within range
	return Amount{d.Trim(2)}
}

// Scaled is the integer stored in the database.
func (a Amount) Scaled() (int64, error) {
	w, f, ok := a.d.Rescale(Scale).Int64(Scale)
	if !ok || w > math.MaxInt64/10000 || w < math.MinInt64/10000 {
		return 0, fmt.Errorf("money: %s overflows", a.d)
	}
	v := w*10000 + f // f has w's sign and |f| < 10000
	if (w > 0 && v < 0) || (w < 0 && v > 0) {
		return 0, fmt.Errorf("money: %s overflows", a.d)
	}
	return v, nil
}

// Decimal exposes the value for arithmetic.
func (a Amount) Decimal() decimal.Decimal { return a.d }

// String keeps at least two decimals ("12.50").
func (a Amount) String() string {
	d := a.d.Trim(2)
	if d.Scale() < 2 {
		d = d.Pad(2)
	}
	return d.String()
}

// MarshalJSON writes a string, never a JSON number.
func (a Amount) MarshalJSON() ([]byte, error) { return json.Marshal(a.String()) }

// UnmarshalJSON accepts only strings: a JSON number may already have lost precision.
func (a *Amount) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("money: expected a decimal string")
	}
	v, err := Parse(s)
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// Value implements driver.Valuer as the scaled integer.
func (a Amount) Value() (driver.Value, error) { return a.Scaled() }

// Scan implements sql.Scanner from the scaled integer.
func (a *Amount) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		*a = FromScaled(v)
	case nil:
		*a = Amount{}
	default:
		return fmt.Errorf("money: cannot scan %T", src)
	}
	return nil
}
