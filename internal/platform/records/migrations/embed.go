// Package migrations holds the record engine's own tables: shares,
// duplicate keys, dictionary items and attachments.
package migrations

import (
	"embed"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

//go:embed *.sql
var files embed.FS

// Set is the engine's migration set; it runs after the platform's and
// before any module that declares record types.
func Set() db.MigrationSet { return db.MigrationSet{Module: "records", FS: files} }
