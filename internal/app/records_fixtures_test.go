package app_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/recordio"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/sales"
)

// recordTypes is every record type the app serves, as the route walk sees
// them: master data, inventory's, and the engine's dictionary items.
func recordTypes() []*records.Type {
	reg := &records.Registry{}
	masterdata.Register(reg)
	inventory.Register(reg)
	sales.Register(reg)
	return append(reg.Types(), records.DictItems)
}

// Every record type gets a fixture made through its generic API with the
// smallest valid body, so a new type is covered by the route walk without
// a hand-written fixture.
func init() {
	for _, ty := range recordTypes() {
		ty := ty
		fixtures[ty.Path] = func(t testing.TB, f *tenantFx) record { return createRecord(t, f, ty) }
	}
	// A PATCH of another tenant's record with a valid body must be a 404.
	for _, ty := range recordTypes() {
		otherTenantBodies["PATCH /api/v1/"+ty.Path+"/{id}"] = func(rec record, _ *tenantFx) map[string]any {
			return map[string]any{"version": rec.version}
		}
	}
	// A job of our tenant: a dry-run import of an empty customer file.
	fixtures["jobs"] = func(t testing.TB, f *tenantFx) record {
		t.Helper()
		return record{id: submitJob(t, f), version: 0}
	}
}

// optionPick says which dictionary option a field takes when the first one
// would break a rule (a product unit must differ from the base unit).
var optionPick = map[string]int{"product_units.unit": 1}

// createRecord posts a record with every required field (and the parent of
// a child type) filled with a valid value; references get fresh fixtures.
func createRecord(t testing.TB, f *tenantFx, ty *records.Type) record {
	t.Helper()
	body := map[string]any{}
	for _, fd := range ty.Fields {
		if fd.ReadOnly || (!fd.Required && fd.Name != ty.Of && fd.Kind != records.Code) {
			continue
		}
		body[fd.Name] = sampleValue(t, f, ty, fd)
	}
	if ty == records.DictItems {
		body["dict"] = "customer_tag"
	}
	out := decode[struct {
		ID      int64 `json:"id"`
		Version int   `json:"version"`
	}](t, mustDo(t, http.StatusCreated, http.MethodPost, f.srv.URL+"/api/v1/"+ty.Path, f.admin, body))
	rec := record{id: out.ID, version: out.Version}
	if ty != records.DictItems { // dictionary items take no files
		rec.att = attach(t, f, fmt.Sprintf("/api/v1/%s/%d/attachments", ty.Path, out.ID))
	}
	return rec
}

// attach uploads a small file to a record and returns its id.
func attach(t testing.TB, f *tenantFx, path string) int64 {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("file", "note.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write([]byte("fixture"))
	_ = mw.Close()
	h := http.Header{"Authorization": {"Bearer " + f.admin}, "Content-Type": {mw.FormDataContentType()}}
	resp, body := doH(t, http.MethodPost, f.srv.URL+path, h, b.Bytes())
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST %s: status %d, want 201: %s", path, resp.StatusCode, body)
	}
	return decode[struct {
		ID int64 `json:"id"`
	}](t, body).ID
}

func sampleValue(t testing.TB, f *tenantFx, ty *records.Type, fd records.Field) any {
	t.Helper()
	switch fd.Kind {
	case records.Code:
		if ty.Key == "currencies" {
			// ISO-like three letters, unique per fixture.
			n := f.seq.Add(1)
			return string([]byte{'Q', byte('A' + n/26%26), byte('A' + n%26)})
		}
		return f.unique("c")
	case records.Enum:
		return fd.Values[0]
	case records.Dict:
		opts := decode[[]records.DictOption](t, mustDo(t, http.StatusOK, http.MethodGet,
			f.srv.URL+"/api/v1/dictionary-options/"+fd.Dict, f.admin, nil))
		i := optionPick[ty.Key+"."+fd.Name]
		if len(opts) <= i {
			t.Fatalf("dictionary %s has %d options", fd.Dict, len(opts))
		}
		return opts[i].Code
	case records.Tags:
		return []string{}
	case records.Ref:
		ref := findType(t, fd.Ref)
		if ty.Key == "exchange_rates" {
			// The tenant's first currency becomes its base currency, which
			// takes no rates: make sure this one is not the first.
			createRecord(t, f, ref)
		}
		return createRecord(t, f, ref).id
	case records.User:
		return decode[struct {
			ID int64 `json:"id"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, f.srv.URL+"/api/v1/me", f.admin, nil)).ID
	case records.Int:
		if fd.Min != nil && *fd.Min > 1 {
			return *fd.Min
		}
		return 1
	case records.Decimal:
		return "1"
	case records.Date:
		return fmt.Sprintf("2026-01-%02d", 1+f.seq.Add(1)%28)
	case records.Bool:
		return false
	case records.Email:
		return f.unique("m") + "@example.com"
	case records.Phone:
		return "13800138000"
	case records.URL:
		return "https://example.com/track/{number}"
	case records.Color:
		return "#336699"
	}
	return f.unique("t")
}

func findType(t testing.TB, key string) *records.Type {
	for _, ty := range recordTypes() {
		if ty.Key == key {
			return ty
		}
	}
	t.Fatalf("no record type %q", key)
	return nil
}

// submitJob starts a background job of f's tenant: a dry-run import with
// more rows than an import runs inside the request.
func submitJob(t testing.TB, f *tenantFx) int64 {
	t.Helper()
	var b strings.Builder
	b.WriteString("编码,名称\n")
	for i := 0; i <= recordio.SyncMax; i++ {
		fmt.Fprintf(&b, "%sJ%d,任务分组%d\n", f.tag, i, i)
	}
	h := http.Header{"Authorization": {"Bearer " + f.admin}, "Content-Type": {"text/csv"}}
	resp, body := doH(t, http.MethodPost, f.srv.URL+"/api/v1/customer-groups/import?dry_run=true", h, b.String())
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("large import: status %d, want 202: %s", resp.StatusCode, body)
	}
	return decode[struct {
		ID int64 `json:"id"`
	}](t, body).ID
}
