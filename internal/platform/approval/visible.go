package approval

// ApproverClause is an SQL condition on a document table that holds for
// the documents whose approval requests name user as an approver (any
// level, any outcome): a module lets the people it asks to decide read
// the document without giving them its module's view permission.
// tenantCol and idCol are the document table's columns
// ("purchase_orders.tenant_id", "purchase_orders.id"); the arguments are
// the document type and the user.
func ApproverClause(docType, tenantCol, idCol string, user int64) (string, []any) {
	return `EXISTS (SELECT 1 FROM approval_requests r JOIN approval_tasks k ON k.tenant_id = r.tenant_id AND k.request_id = r.id
		WHERE r.tenant_id = ` + tenantCol + ` AND r.doc_type = ? AND r.doc_id = ` + idCol + ` AND k.user_id = ?)`, []any{docType, user}
}
