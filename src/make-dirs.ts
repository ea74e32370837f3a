import fs from 'node:fs';
import path from 'node:path';

/**
 * `mkdir -p`, one level at a time. Node's recursive mkdirSync never returns for a path under /proc (the kernel
 * answers ENOENT for the parent it has just "created" and libuv retries forever); this throws that ENOENT instead.
 */
export function makeDirs(dir: string, mode = 0o777): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d, { mode });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
