#!/usr/bin/env node
// The `revcycle` command. The sources are TypeScript and there is no build step to remember: on first use (and after
// any change to src/ or pipelines/) they are bundled with esbuild into node_modules/.cache/revcycle/ (~0.1 s), keyed
// by a hash of their contents and of this folder's path. Loading one bundled module instead of ~100 TypeScript files
// through tsx's loader takes ~0.25 s off every command. When the bundle cannot be made (no esbuild, read-only
// node_modules) or REVCYCLE_NO_BUNDLE=1, the sources run through tsx as they are.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['src', 'pipelines'];
const ENTRY = path.join(ROOT, 'src', 'cli', 'main.ts');

/** Every source file, sorted, with its contents hashed in (so any edit rebuilds), this file and the lock file. */
function sourceHash() {
  const h = createHash('sha256').update(`${ROOT}\0${process.version}\0`);
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js|mjs|json)$/.test(e.name)) h.update(`${p}\0`).update(fs.readFileSync(p)).update('\0');
    }
  };
  for (const d of SOURCE_DIRS) walk(path.join(ROOT, d));
  h.update(fs.readFileSync(fileURLToPath(import.meta.url))).update(fs.readFileSync(path.join(ROOT, 'package-lock.json')));
  return h.digest('hex').slice(0, 16);
}

/**
 * Each module keeps its own location: `import.meta.dirname` / `url` / `filename` are replaced by the source file's
 * values, so paths to models/, docs/ and worker files resolve as they do unbundled.
 */
const keepLocations = {
  name: 'revcycle-keep-locations',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      const contents = text
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path))
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
      return { contents, loader: 'ts' };
    });
  },
};

async function bundled() {
  if (process.env.REVCYCLE_NO_BUNDLE === '1') return null;
  try {
    const dir = path.join(ROOT, 'node_modules', '.cache', 'revcycle');
    const file = path.join(dir, `cli-${sourceHash()}.mjs`);
    if (!fs.existsSync(file)) {
      const esbuild = await import('esbuild');
      fs.mkdirSync(dir, { recursive: true });
      const result = await esbuild.build({
        entryPoints: [ENTRY],
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        packages: 'external',
        outfile: file,
        write: false,
        sourcemap: 'linked',
        sourcesContent: false,
        plugins: [keepLocations],
        logLevel: 'silent',
      });
      // The map first, the bundle last, each renamed into place: concurrent first runs write their own temp files.
      const maps = result.outputFiles.filter((o) => o.path.endsWith('.map'));
      for (const out of [...maps, ...result.outputFiles.filter((o) => !maps.includes(o))]) {
        const tmp = `${out.path}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, out.contents);
        fs.renameSync(tmp, out.path);
      }
      // Bundles of earlier sources go; so do temp files of runs killed while bundling (older than ten minutes).
      for (const old of fs.readdirSync(dir)) {
        const p = path.join(dir, old);
        if (!old.startsWith('cli-') || old.startsWith(path.basename(file))) continue;
        if (!old.endsWith('.tmp') || Date.now() - fs.statSync(p).mtimeMs > 600_000) fs.rmSync(p, { force: true });
      }
    }
    return file;
  } catch {
    return null;
  }
}

const args = process.argv.slice(2);
// A reader that stops early (`revcycle query … | head`) closes the pipe: the rest of the output is dropped quietly
// and the command finishes as it would have (an ingest is not cut short because nobody reads its report).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err?.code !== 'EPIPE' && err?.code !== 'ERR_STREAM_DESTROYED') throw err;
  });
}
// Stack traces (printed with --verbose) point at the TypeScript sources through the bundle's source map.
if (args.includes('--verbose') || args.includes('-v')) process.setSourceMapsEnabled(true);
const file = await bundled();
let main;
try {
  if (file) ({ main } = await import(pathToFileURL(file).href));
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e; // removed by a run of newer sources in between: run the sources
}
if (!main) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(args);
