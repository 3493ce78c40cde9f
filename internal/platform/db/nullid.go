package db

// NullID is an optional reference as a statement argument: 0 is NULL.
func NullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
