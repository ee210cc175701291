// Command chitieu generates the report forms of a Vietnamese province, checks the workbooks its
// reporting units send back, keeps them in the office's store, and consolidates them against the
// province's plan targets.
//
// main is one line: start sets up the signals and hands over to run(ctx, args, stdin, stdout,
// stderr), which tests call in-process. Each command is one file with one entry of the command
// table (cli.go): its flags, bound to the fields of the command's options struct, and its run
// function, which opens what it needs, calls the stage the work belongs to (templates, validate,
// intake, store, consolidate, export, serve) and prints; help is generated from the table.
//
//	chitieu template --period 2024-03 -o bieu-mau/
//	chitieu validate nhan-ve/
//	chitieu consolidate --period 2024-03 nhan-ve/
package main
