package inventory

import (
	"strconv"
	"strings"
)

// formatQty is a Qty as a plain decimal without trailing zeros ("12.5",
// "-3", "0") for messages; the page formats it per locale.
func formatQty(q Qty) string {
	neg := q < 0
	if neg {
		q = -q
	}
	s := strconv.FormatInt(q/10000, 10)
	if f := q % 10000; f != 0 {
		s += "." + strings.TrimRight(strconv.FormatInt(10000+f, 10)[1:], "0")
	}
	if neg {
		s = "-" + s
	}
	return s
}
