package search

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
	"golang.org/x/text/width"
)

// Sep separates the parts of a search text. It is not a letter, so pg_trgm
// treats it as a word boundary, and Query removes it from user input so a
// term cannot match across two parts.
const Sep = "|"

// Text is the search text stored with a record, computed on write from its
// searchable fields (name, code, phone…). For each part it keeps:
//   - the part itself, width-folded (全角 → ASCII), lower-cased, spaces collapsed;
//   - for a part with Chinese characters, the full pinyin without tones or
//     spaces ("hangzhoukeji") and the initials ("hzkj"); letters and digits
//     among the characters are kept in both ("ABC贸易" → "abcmaoyi", "abcmy");
//   - for a phone-like part ("+86 138-1234-5678"), its digits only;
//   - every pair of adjacent Chinese characters as a token of its own
//     ("杭州", "州科", "科技"…), so that Match can find a 2-character term
//     through the trigram index as "科技|" (see Match).
//
// Every token is followed by Sep, duplicates are dropped, and the result is
// deterministic.
func Text(parts ...string) string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, p := range parts {
		p = Query(p)
		if p == "" {
			continue
		}
		add(p)
		if hasHan(p) {
			full, initials := Pinyin(p)
			add(full)
			add(initials)
		}
		add(phoneDigits(p))
		var prev rune
		for _, r := range p {
			if isHan(r) && isHan(prev) {
				add(string([]rune{prev, r}))
			}
			prev = r
		}
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, Sep) + Sep
}

// Query normalises the user's input the same way Text normalises a part:
// width-folded, lower-cased, trimmed, runs of white space collapsed to one
// space, and the separator removed.
func Query(q string) string {
	q = width.Fold.String(q)
	q = strings.ReplaceAll(q, Sep, " ")
	return strings.Join(strings.Fields(strings.ToLower(q)), " ")
}

// Pinyin returns the full pinyin (no tones, no spaces) and the initials of s.
// Phrases in the override table win over the per-character default reading;
// letters and digits are kept as they are (lower-cased); anything else
// (spaces, punctuation, characters without a reading) is dropped.
func Pinyin(s string) (full, initials string) {
	var f, in strings.Builder
	rs := []rune(strings.ToLower(s))
	args := pinyin.NewArgs() // Normal style: no tones
	for i := 0; i < len(rs); {
		if syl, n := override(rs[i:]); n > 0 {
			for _, y := range syl {
				f.WriteString(y)
				in.WriteByte(y[0])
			}
			i += n
			continue
		}
		r := rs[i]
		i++
		switch {
		case isHan(r):
			if py := pinyin.SinglePinyin(r, args); len(py) > 0 && py[0] != "" {
				f.WriteString(py[0])
				in.WriteByte(py[0][0])
			}
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			f.WriteRune(r)
			in.WriteRune(r)
		}
	}
	return f.String(), in.String()
}

func isHan(r rune) bool { return r != 0 && unicode.Is(unicode.Han, r) }

func hasHan(s string) bool {
	for _, r := range s {
		if isHan(r) {
			return true
		}
	}
	return false
}

// phoneDigits returns the digits of a phone-like part: only digits and
// + - ( ) . / space, at least 5 digits, and at least one separator (a plain
// digit string is already stored as is). Otherwise "".
func phoneDigits(s string) string {
	var b strings.Builder
	seps := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune("+-(). /", r):
			seps++
		default:
			return ""
		}
	}
	if seps == 0 || b.Len() < 5 {
		return ""
	}
	return b.String()
}
