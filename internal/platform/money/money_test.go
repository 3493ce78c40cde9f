package money

import (
	"encoding/json"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	for _, s := range []string{"0.10", "1234.50", "-3.1415", "99999999999.9999"} {
		a := MustParse(s)
		v, err := a.Scaled()
		if err != nil {
			t.Fatal(err)
		}
		back := FromScaled(v)
		if back.Decimal().Cmp(a.Decimal()) != 0 {
			t.Fatalf("%s → %d → %s", s, v, back)
		}
	}
	if _, err := Parse("1.00001"); err == nil {
		t.Fatal("five decimals must be refused")
	}
}

func TestJSONRejectsNumbers(t *testing.T) {
	var a Amount
	if err := json.Unmarshal([]byte(`12.5`), &a); err == nil {
		t.Fatal("a JSON number must be refused")
	}
	if err := json.Unmarshal([]byte(`"12.5"`), &a); err != nil || a.String() != "12.50" {
		t.Fatalf("got %v %s", err, a)
	}
}

// Amounts beyond what a scaled BIGINT holds are refused, never wrapped.
func TestScaledOverflow(t *testing.T) {
	if v, err := MustParse("922337203685477.5807").Scaled(); err != nil || v != 9223372036854775807 {
		t.Fatalf("largest amount: %d %v", v, err)
	}
	if v, err := MustParse("-922337203685477.5808").Scaled(); err != nil || v != -9223372036854775808 {
		t.Fatalf("smallest amount: %d %v", v, err)
	}
	for _, s := range []string{"922337203685477.5808", "99999999999999999", "-922337203685478"} {
		if v, err := MustParse(s).Scaled(); err == nil {
			t.Errorf("%s scaled to %d, want an overflow error", s, v)
		}
	}
}
