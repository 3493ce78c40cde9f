package records

import (
	"embed"
	"io/fs"
)

//go:embed locales/*.toml
var localeFiles embed.FS

// Locales is the engine's message catalog (field errors, warnings,
// dictionary item labels), for i18n.New.
func Locales() fs.FS {
	sub, _ := fs.Sub(localeFiles, "locales")
	return sub
}
