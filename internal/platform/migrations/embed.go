// Package migrations holds the platform's schema. Business modules keep their
// own migrations folder and register it after this one.
package migrations

import (
	"embed"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

//go:embed *.sql
var files embed.FS

// Set is the platform migration set; it always runs first.
func Set() db.MigrationSet { return db.MigrationSet{Module: "platform", FS: files} }
