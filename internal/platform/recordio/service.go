package recordio

import (
	"embed"
	"io/fs"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/jobs"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// JobKind is the jobs kind of an import too large to run in a request.
const JobKind = "records.import"

// SyncMax is the most data rows an import runs within the request; a
// larger file becomes a background job with progress.
const SyncMax = 2000

// MaxProblems bounds the problems one report lists (a file in the wrong
// layout would otherwise answer with a problem per cell); Result.Errors
// still counts them all.
const MaxProblems = 1000

// Service imports and exports records of every registered Type.
type Service struct {
	db   *db.DB
	rec  *records.Service
	jobs *jobs.Service
	cat  *i18n.Catalog
	// SyncMax is SyncMax; tests lower it to exercise the job path.
	SyncMax int
}

// New wires the service and registers the import job's handler with j
// (nil j: every import runs in the request).
func New(d *db.DB, rec *records.Service, j *jobs.Service, cat *i18n.Catalog) *Service {
	s := &Service{db: d, rec: rec, jobs: j, cat: cat, SyncMax: SyncMax}
	if j != nil {
		j.Register(JobKind, s.runJob)
	}
	return s
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

// MigrationSet is the remembered column mappings and the uploads the
// import pages keep between steps.
func MigrationSet() db.MigrationSet {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return db.MigrationSet{Module: "recordio", FS: sub}
}

//go:embed locales/*.toml
var localeFiles embed.FS

// Locales are the import and export messages.
func Locales() fs.FS {
	sub, _ := fs.Sub(localeFiles, "locales")
	return sub
}

//go:embed views
var viewFiles embed.FS

// Views are the import pages' templates.
func Views() fs.FS {
	sub, _ := fs.Sub(viewFiles, "views")
	return sub
}
