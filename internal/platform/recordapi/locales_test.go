package recordapi_test

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/recordapi"
)

func TestCatalogComplete(t *testing.T) {
	cat, err := i18n.New(recordapi.Locales())
	if err != nil {
		t.Fatal(err)
	}
	i18n.CheckComplete(t, cat)
	for _, id := range []string{"recordapi.unknown_field", "recordapi.read_only", "recordapi.unknown_filter", "recordapi.file_too_large"} {
		if !cat.Has("zh-CN", id) {
			t.Errorf("no message %s", id)
		}
	}
}
