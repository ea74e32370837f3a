/**
 * A small static file server for the built site (node:http), bound to 127.0.0.1 by default.
 */

export interface ServeOptions {
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface ServedSite {
  url: string;
  close(): Promise<void>;
}

export async function serveSite(dir: string, opts: ServeOptions = {}): Promise<ServedSite> {
  throw new Error(`serveSite: not implemented yet (${dir}, ${opts.port ?? 3000})`);
}
