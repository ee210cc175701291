// Package mail is chitieu's post room: it reads the messages units send their reports in —
// saved messages (.eml) and the office's mailbox over IMAP — takes every workbook attached to
// them, in forwarded messages and .zip files too, for intake to receive, and writes the office's
// answers: the verdict with the annotated copy, and reminders to the units that are late.
//
// Reading a saved message:
//
//	m, err := mail.ReadFile("báo cáo tháng 3.eml", tmp, mail.DefaultLimits)
//	if err != nil { … } // the file could not be read or the folder written
//	if m.Refused != nil { … } // too large, too many parts, nested too deep: nothing taken
//	for _, a := range m.Attachments {
//		if a.Refused != nil { … } // a.Refused.Code: too-large, unsafe-name, not-a-workbook
//		receive(a.Path)            // named as the message names it, under a folder of its own
//	}
//
// A message is bounded by Limits whatever it claims: its size, its parts, how deep it nests,
// each attachment and what a .zip unpacks to. What breaks a limit is refused with a Refusal (a
// finding code and what to do), never read without end; the message itself stays where it was
// (the mailbox, the saved file), so nothing is lost.
package mail
