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
