package sales_test

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/sales"
)

// Both languages have the same sales keys, and every label and message the
// import names — column headers, order results, its own problem codes —
// exists in both.
func TestImportCatalog(t *testing.T) {
	c, err := i18n.New(sales.Locales())
	if err != nil {
		t.Fatal(err)
	}
	i18n.CheckComplete(t, c)
	want := []string{"sales.import.rejected", "sales.import.bad_xml", "sales.import.ref_repeated", "sales.import.differs",
		"sales.import.ambiguous", "sales.import.concurrent", "sales.import.unknown_customer", "sales.import.unknown_warehouse",
		"sales.import.unknown_product"}
	for _, col := range sales.ImportSchema {
		want = append(want, col.Header)
	}
	for _, s := range []string{sales.ImportNew, sales.ImportCreated, sales.ImportAlreadyImported, sales.ImportInvalid} {
		want = append(want, "sales.import.status."+s)
	}
	for _, id := range want {
		for _, lang := range i18n.Supported {
			if !c.Has(lang, id) {
				t.Errorf("%s: no %q", lang, id)
			}
		}
	}
}
