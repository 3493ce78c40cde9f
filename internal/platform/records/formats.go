package records

import (
	"net/url"
	"strings"
)

// phoneDigits is a phone reduced to its digits, for duplicate checks.
func phoneDigits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// usccChars are the characters of a 统一社会信用代码 (GB 32100-2015), in
// value order: digits and upper-case letters without I, O, S, V, Z.
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// validTaxID accepts an 18-character unified social credit code whose last
// character is its check digit, or an older 15–20 character tax number of
// letters and digits (any length but 18, which is always a credit code).
func validTaxID(s string) bool {
	if len(s) == 18 {
		sum := 0
		for i := 0; i < 17; i++ {
			v := strings.IndexByte(usccChars, s[i])
			if v < 0 {
				return false
			}
			sum += v * usccWeights[i]
		}
		return s[17] == usccChars[(31-sum%31)%31]
	}
	if len(s) < 15 || len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// validURL accepts an absolute http(s) URL; "{number}" may stand anywhere
// (a carrier's tracking URL template).
func validURL(s string) bool {
	if strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	u, err := url.Parse(strings.ReplaceAll(s, "{number}", "0"))
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(u.Host, "{}")
}

// validColor accepts "#rrggbb" (lower-cased by the parser).
func validColor(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	return strings.Trim(s[1:], "0123456789abcdef") == ""
}
