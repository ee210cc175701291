// Package serve is chitieu's web service on the office's store: each reporting unit opens its
// own secret link, downloads its blank form, uploads the filled workbook and reads the verdict at
// once — every finding at its cell, in Vietnamese unless it asks for English — with the
// marked-up copy to download; the office logs in to a board of who has reported, late or not,
// with every file and its findings, the province workbook and the export. Only net/http and
// html/template; the pages, style sheet and the one small script are embedded (Assets).
//
// # Routes
//
//	GET  /u/{token}                          the unit's page: reports due, upload form, files sent
//	POST /u/{token}/upload                   multipart field "file"; Accept: application/json
//	                                         answers intake.Entry (receive --format json's entry)
//	GET  /u/{token}/form?form=ID&period=P    the blank form, as the template command lays it out
//	GET  /u/{token}/file/{sha256}            the verdict on a file the unit sent
//	GET  /u/{token}/file/{sha256}/annotated  the marked-up copy; …/original the file as sent
//	GET  /office?period=P                    the board (login page until logged in)
//	POST /office/login, /office/logout       the office's session (cookie)
//	GET  /office/file/{sha256}[/annotated|/original], /office/workbook?period=P,
//	     /office/export?period=P, /office/audit
//	GET  /api/status?period=P                Authorization: Bearer TOKEN; status --format json
//
// # Security
//
// A unit's link is a 128-bit token (NewToken) of which the store keeps the SHA-256 (HashToken);
// every link is compared in constant time. A file that names another unit is refused and kept
// (intake.CheckSender). Limits come before reading: uploads in progress per unit (429), the body's
// size (413, http.MaxBytesReader), the server's timeouts against slow clients (Timeouts), and a
// bound on files checked at once. Uploads are streamed to a temporary file of the run; downloads
// are found by SHA-256 in the store: no path is ever made from what a request says. Every POST
// from another site is refused (http.CrossOriginProtection), and a browser's form must also carry
// the token of its SameSite=Strict cookie. Every answer has a strict Content-Security-Policy (no
// inline script or style), nosniff, frame-ancestors 'none' and Referrer-Policy no-referrer; every
// value from a file goes through html/template. Uploads, downloads, logins and wrong tokens go to
// the store's audit log with the peer's address.
//
// # Example
//
//	st, _ := store.Open(ctx, "chitieu-data", p.ID)
//	srv, err := serve.New(serve.Config{Plan: p, Store: st, OfficeToken: serve.NewToken()})
//	if err != nil {
//		return err
//	}
//	ln, _ := net.Listen("tcp", "127.0.0.1:8080")
//	return srv.Serve(ctx, ln) // until ctx is done; uploads in progress are filed first
package serve
