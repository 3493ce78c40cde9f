package records

import (
	"net/url"
	"strings"
)

// validEmail is a practical check: one @, a dotted domain, no spaces or
// characters that need quoting.
func validEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at < 1 || at > 64 || len(s) > 254 || strings.IndexByte(s, '@') != at {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if strings.ContainsAny(s, " \t\r\n<>(),;:\"[]\\") || strings.Contains(s, "..") ||
		local[0] == '.' || local[len(local)-1] == '.' {
		return false
	}
	dot := strings.LastIndexByte(domain, '.')
	return dot >= 1 && dot < len(domain)-1 && domain[0] != '-' && domain[len(domain)-1] != '-'
}

// validPhone accepts 5–20 digits with an optional leading +, separators
// " -()" and, as the importer does, an extension after 转, ext, x or #:
// 13800138000, +86 138-0013-8000, (010) 6512-3456 转 808.
func validPhone(s string) bool {
	main := strings.ToLower(s)
	for _, sep := range []string{"转", "ext.", "ext", "x", "#"} {
		if i := strings.Index(main, sep); i > 0 {
			ext := strings.TrimSpace(main[i+len(sep):])
			if ext == "" || len(ext) > 6 || strings.Trim(ext, "0123456789") != "" {
				return false
			}
			main = strings.TrimSpace(main[:i])
			break
		}
	}
	digits := 0
	for i := 0; i < len(main); i++ {
		switch ch := main[i]; {
		case ch >= '0' && ch <= '9':
			digits++
		case ch == '+' && i == 0:
		case ch == ' ' || ch == '-' || ch == '(' || ch == ')':
		default:
			return false
		}
	}
	return digits >= 5 && digits <= 20
}

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
