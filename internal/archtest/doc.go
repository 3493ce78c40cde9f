// Package archtest holds tests of the code's shape: the dependency rules
// that ARCHITECTURE.md states.
package archtest
