//go:build race

package validate

// raceEnabled is true when the tests run under the race detector, which slows writing a 1 GB
// zip bomb tenfold; .ci/run runs that test once without it.
const raceEnabled = true
