//go:build race

package main

// raceEnabled is true under the race detector, which makes sending a 100 MB message through
// SMTP tens of times slower; .ci/run runs TestMailFetchHostile once without it.
const raceEnabled = true
