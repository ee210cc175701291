// Package mail is chitieu's post room: it reads the messages units send their reports in —
// saved messages (.eml, Outlook's .msg) and the office's mailbox over IMAP — takes every workbook attached to
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
//
// Fetching and answering:
//
//	box, err := mail.OpenMailbox(ctx, mail.Account{URL: u, Password: pw}, false) // read-only
//	uids, _ := box.UIDs()                  // minus those the store has seen under box.UIDValidity
//	got, err := box.Fetch(ctx, uids, tmp, mail.DefaultLimits) // BODY.PEEK[]: nothing marked read
//	mail.NewSender(smtpAccount).Send(ctx, mail.Outgoing{…, Body: mail.ReplyBody(m, files, office, lang)})
//
// The libraries, each for a reason:
//   - MIME is read with the standard library (net/mail, mime, mime/multipart,
//     mime/quotedprintable) and golang.org/x/text (charsets, NFC), already in the module: a
//     reader of hostile input is bounded here, line by line, where every limit is ours to set.
//   - IMAP: github.com/emersion/go-imap v1.2.1, the released line of the most used Go IMAP
//     client (v2 is still a beta, v2.0.0-beta.8, whose API changes between betas). It speaks
//     STARTTLS, UIDVALIDITY, UID FETCH BODY.PEEK[] and EXAMINE, all that is needed here.
//   - SMTP and composing: github.com/wneessen/go-mail v0.8.1 (v0.8.2 needs a newer Go): kept,
//     it encodes Vietnamese names and subjects (RFC 2047/2231), writes .eml files, and has a
//     mandatory-STARTTLS policy with SMTP AUTH — go-smtp would leave the composing to us.
//   - Outlook's .msg (ReadMSG; ReadFile tells it by its first bytes): no Go reader of .msg is
//     kept (the published ones are unreleased forks or read without bounds), so the little the
//     format adds ([MS-OXMSG]: a few properties, the attachments' storages) is read here, over
//     the compound file reader github.com/richardlehane/mscfb, already in the module through
//     excelize; every limit above holds for it too (see msg.go).
package mail
