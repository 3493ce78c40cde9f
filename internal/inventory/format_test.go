package inventory

import "testing"

func TestFormatQty(t *testing.T) {
	for q, want := range map[Qty]string{0: "0", 10000: "1", 125000: "12.5", 5: "0.0005", -30000: "-3", -2500: "-0.25", 120050: "12.005"} {
		if got := formatQty(q); got != want {
			t.Errorf("formatQty(%d) = %q, want %q", q, got, want)
		}
	}
}
