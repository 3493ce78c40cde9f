// Package i18n holds the message catalogs (zh-CN first, English second) and
// the locale-aware formatting of dates, numbers and money.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Default is the language used when nothing else is known.
const Default = "zh-CN"

// Supported lists the UI languages in menu order.
var Supported = []string{"zh-CN", "en"}

//go:embed locales/*.toml
var platformFiles embed.FS

// Catalog resolves message ids to text per language.
type Catalog struct {
	bundle *i18n.Bundle
	mu     sync.RWMutex
	locs   map[string]*i18n.Localizer
	ids    map[string]map[string]bool // language → ids, for the completeness test
}

// New loads the platform catalogs plus any module catalogs (each an fs.FS
// whose root holds files named <area>.<lang>.toml).
func New(modules ...fs.FS) (*Catalog, error) {
	// language.MustParse("zh-CN"), not SimplifiedChinese (zh-Hans): with the
	// latter every lookup for "zh-CN" returned "".
	b := i18n.NewBundle(language.MustParse(Default))
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalog{bundle: b, locs: map[string]*i18n.Localizer{}, ids: map[string]map[string]bool{}}
	sub, _ := fs.Sub(platformFiles, "locales")
	for _, f := range append([]fs.FS{sub}, modules...) {
		if err := c.load(f); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *Catalog) load(f fs.FS) error {
	names, err := fs.Glob(f, "*.toml")
	if err != nil {
		return err
	}
	for _, n := range names {
		buf, err := fs.ReadFile(f, n)
		if err != nil {
			return err
		}
		mf, err := c.bundle.ParseMessageFileBytes(buf, path.Base(n))
		if err != nil {
			return fmt.Errorf("i18n: %s: %w", n, err)
		}
		lang := mf.Tag.String()
		if c.ids[lang] == nil {
			c.ids[lang] = map[string]bool{}
		}
		for _, m := range mf.Messages {
			c.ids[lang][m.ID] = true
		}
	}
	return nil
}

// Normalize maps an Accept-Language value or a stored setting to a
// supported language ("en-US,en;q=0.9" → "en"), or "" if none matches.
func Normalize(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	tags, _, err := language.ParseAcceptLanguage(s)
	if err != nil {
		return ""
	}
	for _, t := range tags {
		base, _ := t.Base()
		switch base.String() {
		case "zh":
			return "zh-CN"
		case "en":
			return "en"
		}
	}
	return ""
}

func (c *Catalog) localizer(lang string) *i18n.Localizer {
	c.mu.RLock()
	l := c.locs[lang]
	c.mu.RUnlock()
	if l != nil {
		return l
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	l = i18n.NewLocalizer(c.bundle, lang, Default)
	c.locs[lang] = l
	return l
}

// T translates id; data fills {{.Name}} placeholders. A missing id returns
// the id itself so a gap is visible, and the catalog test fails on it.
func (c *Catalog) T(lang, id string, data map[string]any) string {
	s, err := c.localizer(lang).Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil || s == "" {
		return id
	}
	return s
}

// Has reports whether id exists in lang (exactly, not by fallback).
func (c *Catalog) Has(lang, id string) bool { return c.ids[lang][id] }

// IDs lists the ids defined for lang.
func (c *Catalog) IDs(lang string) []string {
	out := make([]string, 0, len(c.ids[lang]))
	for id := range c.ids[lang] {
		out = append(out, id)
	}
	return out
}
