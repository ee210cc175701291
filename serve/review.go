package serve

// OfficeAccount is the name of the account whose token serve prints at start or reads from
// --office-token-file: the office's first account, kept working beside those of `chitieu office`.
const OfficeAccount = "office"
