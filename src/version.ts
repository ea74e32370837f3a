/** The revcycle version recorded in the ledger (parser_version) and build runs. */
export const VERSION = '0.1.0';
