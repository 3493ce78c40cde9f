package recordapi

import (
	"embed"
	"io/fs"
)

//go:embed locales/*.toml
var localeFiles embed.FS

// Locales is this package's message catalog (recordapi.<lang>.toml), for
// i18n.New.
func Locales() fs.FS {
	sub, err := fs.Sub(localeFiles, "locales")
	if err != nil {
		panic(err) // the embedded folder always exists
	}
	return sub
}
