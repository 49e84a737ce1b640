// Package testenv holds helpers for integration tests: a throwaway Prosody
// per test (internal/sandbox), fresh accounts on it, free ports and bounded
// contexts.
//
// A missing server binary skips the test locally but fails it when the
// environment variable CI is true, so CI cannot pass by skipping.
package testenv
