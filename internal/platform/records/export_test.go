package records

// SetCountCap lowers the list count cap for a test; the returned func
// restores it.
func SetCountCap(n int) func() {
	old := countCap
	countCap = n
	return func() { countCap = old }
}
