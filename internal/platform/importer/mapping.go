package importer

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"github.com/taihe-erp/taihe/internal/platform/i18n"
)

// Mapping ties file columns to schema columns. Build it with Map.
type Mapping struct {
	// ByHeader is file header → column key ("" = ignored). Store it per
	// user and type and pass it back to Map as the saved mapping.
	ByHeader map[string]string

	col   []int               // schema index → file column, -1 when absent
	enum  []map[string]string // schema index → normalized label/value → value
	probs []Problem           // repeated at the head of Validate's report
}

// Column returns the file column (0-based) mapped to key.
func (m Mapping) Column(key string, s Schema) (int, bool) {
	for i, c := range s {
		if c.Key == key && i < len(m.col) && m.col[i] >= 0 {
			return m.col[i], true
		}
	}
	return 0, false
}

// Map matches file headers to columns. A header matches a column by, in
// order: the saved mapping (header → key, "" to ignore the column), the
// column's header text in lang, then in every supported language, the key
// itself, then an alias. Matching ignores case, spaces, full/half width and
// a trailing "*" (the template's required mark). Problems:
// import.missing_column (a required column is absent), import.duplicate_column
// (two file columns for one field) and, as a warning, import.unknown_column
// (ignored). cat may be nil (keys and aliases only).
func Map(headers []string, s Schema, lang string, cat Translator, saved map[string]string) (Mapping, []Problem) {
	byLabel := map[string]int{}
	put := func(label string, idx int) {
		if n := normalize(label); n != "" {
			if _, ok := byLabel[n]; !ok {
				byLabel[n] = idx
			}
		}
	}
	langs := append([]string{lang}, i18n.Supported...)
	if cat != nil {
		for _, l := range langs {
			for i, c := range s {
				put(cat.T(l, c.Header, nil), i)
			}
		}
	}
	for i, c := range s {
		put(c.Key, i)
	}
	for i, c := range s {
		for _, a := range c.Aliases {
			put(a, i)
		}
	}
	keyIdx := make(map[string]int, len(s))
	for i, c := range s {
		keyIdx[c.Key] = i
	}
	savedN := make(map[string]string, len(saved))
	for h, k := range saved {
		savedN[normalize(h)] = k
	}

	m := Mapping{ByHeader: map[string]string{}, col: make([]int, len(s)), enum: make([]map[string]string, len(s))}
	for i := range m.col {
		m.col[i] = -1
	}
	var probs []Problem
	for fi, h := range headers {
		n := normalize(h)
		if n == "" {
			continue
		}
		idx, ok := -1, false
		if k, has := savedN[n]; has {
			if k == "" {
				m.ByHeader[h] = ""
				continue
			}
			idx, ok = keyIdx[k]
		}
		if !ok {
			idx, ok = byLabel[n]
		}
		if !ok {
			m.ByHeader[h] = ""
			probs = append(probs, Problem{Code: "import.unknown_column", Value: h, Warn: true, Data: map[string]any{"Column": fi + 1}})
			continue
		}
		if m.col[idx] >= 0 {
			probs = append(probs, Problem{Field: s[idx].Key, Code: "import.duplicate_column", Value: h, Data: map[string]any{"Column": fi + 1}})
			continue
		}
		m.col[idx] = fi
		m.ByHeader[h] = s[idx].Key
	}
	for i, c := range s {
		if c.Required && m.col[i] < 0 {
			label := c.Key
			if cat != nil {
				label = cat.T(lang, c.Header, nil)
			}
			probs = append(probs, Problem{Field: c.Key, Code: "import.missing_column", Data: map[string]any{"Header": label}})
		}
		if c.Kind == Enum {
			e := map[string]string{}
			for _, v := range c.Values {
				e[normalize(v)] = v
			}
			if cat != nil && c.ValueLabel != "" {
				for _, l := range langs {
					for _, v := range c.Values {
						id := c.ValueLabel + "." + v
						if lbl := cat.T(l, id, nil); lbl != id {
							if _, dup := e[normalize(lbl)]; !dup {
								e[normalize(lbl)] = v
							}
						}
					}
				}
			}
			m.enum[i] = e
		}
	}
	m.probs = probs
	return m, probs
}

// normalize folds a header or label for matching.
func normalize(s string) string {
	s = width.Fold.String(strings.TrimPrefix(s, "\uFEFF"))
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, "* ")
	var b strings.Builder
	for _, r := range s {
		if !unicode.IsSpace(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
