package history

import "errors"

var (
	// ErrNotFound is returned when no stored message has the id given.
	ErrNotFound = errors.New("history: message not found")
	// ErrNewerSchema is returned when the database was written by a newer
	// Parley whose schema this one does not know.
	ErrNewerSchema = errors.New("history: database schema is newer than this program")
	// ErrInvalid is returned for a message that cannot be stored (no peer,
	// unknown direction or state).
	ErrInvalid = errors.New("history: invalid message")
)
