// Preload (`node --import <abs>/scripts/block-fetch.mjs`) that makes every outgoing `fetch` fail, to prove the site
// build is offline (stack-notes §4.2). Each blocked URL is logged to stderr as "[block-fetch] BLOCKED <url>" and, when
// REVCYCLE_BLOCK_FETCH_LOG names a file, appended to it so the parent process can count them even if a caller
// swallows the error. Requests to 127.0.0.1 / localhost pass.
import fs from 'node:fs';

const original = globalThis.fetch;
const logFile = process.env.REVCYCLE_BLOCK_FETCH_LOG;

globalThis.fetch = async function blockedFetch(input, init) {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    /* relative or invalid: block */
  }
  if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') return original(input, init);
  process.stderr.write(`[block-fetch] BLOCKED ${url}\n`);
  if (logFile) fs.appendFileSync(logFile, `${url}\n`);
  throw new TypeError(`fetch blocked: ${url}`);
};
