package archtest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/taihe-erp/taihe/"

// Platform code never imports the wiring or a business module: dependencies
// point cmd → app → modules → platform.
func TestPlatformImportsOnlyPlatform(t *testing.T) {
	checked := 0
	err := filepath.WalkDir("../platform", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if !strings.HasPrefix(p, module) {
				continue
			}
			rest := strings.TrimPrefix(p, module)
			if !strings.HasPrefix(rest, "internal/platform/") && !(strings.HasSuffix(path, "_test.go") && rest == "internal/app") {
				t.Errorf("%s imports %s: platform code may import only platform packages", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("only %d files checked: wrong directory?", checked)
	}
}

// testSupport are the packages that exist for tests: only _test.go files
// (and the test-support packages themselves) import them.
var testSupport = []string{"internal/platform/testdb", "internal/platform/recordtest", "internal/platform/mail/mailtest",
	"internal/platform/pdf/pdftest"}

// Product code never imports test support.
func TestTestSupportOnlyInTests(t *testing.T) {
	checked := 0
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "../.." && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		dir := filepath.ToSlash(filepath.Dir(strings.TrimPrefix(path, "../../")))
		for _, s := range testSupport {
			if dir == s {
				return nil
			}
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			for _, s := range testSupport {
				if p == module+s {
					t.Errorf("%s imports %s: test support is for _test.go files only", path, p)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 100 {
		t.Fatalf("only %d files checked: wrong directory?", checked)
	}
}
