package masterdata

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Contacts are the people at a customer (联系人).
var Contacts = contactType("contacts", "contacts", CustomersModule, "customer_id", "customers")

// SupplierContacts are the people at a supplier.
var SupplierContacts = contactType("supplier_contacts", "supplier-contacts", SuppliersModule, "supplier_id", "suppliers")

// contactType builds both contact types from one declaration: a child of
// its parent through parentField, with at most one primary contact each.
func contactType(key, path, module, parentField, parentType string) *records.Type {
	return &records.Type{
		Key: key, Path: path, Module: module,
		Label: key + ".one", Plural: key + ".title",
		Of: parentField, DefaultSort: "-is_primary",
		Fields: []records.Field{
			{Name: parentField, Kind: records.Ref, Ref: parentType, Required: true, List: true},
			{Name: "name", Kind: records.Text, Required: true, MaxLen: 50, Search: true, List: true, Sort: true, Example: "张伟"},
			{Name: "job_title", Kind: records.Text, MaxLen: 50, List: true, Example: "采购经理"},
			{Name: "department", Kind: records.Text, MaxLen: 50, ListHide: true},
			{Name: "mobile", Kind: records.Phone, Mask: true, Search: true, Duplicate: true, List: true, Example: "13912345678"},
			{Name: "phone", Kind: records.Phone, Mask: true, Search: true, ListHide: true},
			{Name: "email", Kind: records.Email, List: true},
			{Name: "wechat", Kind: records.Text, MaxLen: 50, ListHide: true},
			{Name: "groups", Kind: records.Tags, Dict: DictContactGroup, ListHide: true, Filter: true},
			{Name: "is_primary", Kind: records.Bool, List: true, Sort: true},
			{Name: "birthday", Kind: records.Date},
			{Name: "notes", Kind: records.LongText, Wide: true},
		},
		Hooks: records.Hooks{AfterWrite: onePrimary(key, parentField)},
	}
}

// onePrimary keeps at most one primary contact per parent: saving a contact
// as primary takes the flag from its siblings (each change versioned and
// audited like an edit), so switching the primary contact is one save, and
// an import may name a new primary without first clearing the old one.
func onePrimary(key, parentField string) func(context.Context, *db.Tx, tenant.Scope, records.Record, *records.Record) error {
	return func(ctx context.Context, tx *db.Tx, sc tenant.Scope, r records.Record, _ *records.Record) error {
		if b, _ := r.Values["is_primary"].(bool); !b {
			return nil
		}
		return clearFlag(ctx, tx, sc, key, "is_primary", r.ID, parentField+" = ?", r.Int(parentField))
	}
}
