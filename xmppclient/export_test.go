package xmppclient

// QuickACK is quickACK for the external tests' bare mellium baseline.
var QuickACK = quickACK

// MaxStanza is the incoming stanza bound, for the memory tests' limits.
const MaxStanza = maxStanza
