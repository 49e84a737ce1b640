package xmppclient

// QuickACK is quickACK for the external tests' bare mellium baseline.
var QuickACK = quickACK
