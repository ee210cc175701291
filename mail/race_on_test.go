//go:build race

package mail

// raceEnabled is true under the race detector, which makes streaming a 100 MB message and
// deflating a zip bomb tens of times slower; .ci/run runs TestHostileMail once without it.
const raceEnabled = true
