package xmppclient

// Meta is one registration metadata pair. Value is a string, bool or a
// number (int, int64, float64).
type Meta struct {
	Key   string
	Value any
}

// RegisterResult is the data of a successful registration.
type RegisterResult struct {
	Username         string `json:"username"`
	Password         string `json:"password"`
	UserJID          string `json:"userJid"`
	IsProfileUpdated bool   `json:"isProfileUpdated"`
	IsSandbox        bool   `json:"isSandbox"`
}

// LastActivity is the answer of a XEP-0012 query.
type LastActivity struct {
	JID        string `json:"fromUserJid"`
	Seconds    int64  `json:"seconds"`    // 0 when online
	StatusText string `json:"statusText"` // sanitised
	// Source says what Seconds counts: "presence" (online now, seen in
	// this session's presence) or "server" (the server's time since the
	// contact's last log-out: all a one-shot command, which receives no
	// presence, can know).
	Source string `json:"source"`
}
