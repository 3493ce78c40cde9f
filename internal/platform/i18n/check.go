package i18n

import (
	"sort"
	"testing"
)

// CheckComplete fails t for every id present in one language but not the
// other. Modules call it from their own catalog tests.
func CheckComplete(t testing.TB, c *Catalog) {
	t.Helper()
	for _, a := range Supported {
		for _, b := range Supported {
			if a == b {
				continue
			}
			var missing []string
			for _, id := range c.IDs(a) {
				if !c.Has(b, id) {
					missing = append(missing, id)
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Errorf("%d ids in %s are missing from %s: %v", len(missing), a, b, missing)
			}
		}
	}
	if len(c.IDs("zh-CN")) == 0 {
		t.Error("zh-CN catalog is empty")
	}
}
