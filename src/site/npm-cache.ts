/**
 * Priming Observable Framework's npm cache from node_modules, so the site builds with no network (stack-notes §4.2).
 *
 * Framework resolves `npm:` imports (including the implicit `d3`, `Plot`, `Inputs`, `html`) by asking
 * registry.npmjs.org for a version and downloading the module from cdn.jsdelivr.net into
 * `<root>/.observablehq/cache/_npm/<name>@<version>/_esm.js`. An existing file is used as-is, and an existing
 * `<name>@<version>` directory answers the version question. So we esbuild-bundle each library the pages use from the
 * installed node_modules into that file (one self-contained, minified ESM file: deterministic for a given install),
 * and create empty version directories for the libraries the stdlib references lazily but the pages never load.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { makeDirs } from '../make-dirs.ts';

/** Libraries the pages (and Framework's implicit imports) load: bundled from node_modules. */
export const BUNDLED_LIBRARIES = ['d3', '@observablehq/plot', '@observablehq/inputs', 'd3-dsv', 'htl', 'isoformat'] as const;

/**
 * Dependencies left out of a bundle and imported from the sibling bundle instead (Plot uses d3 throughout: sharing it
 * saves about 250 KB per page). The import is written as a relative path, the way Framework rewrites the modules it
 * downloads itself, so its build follows it into dist/_npm.
 */
const SHARED: Partial<Record<(typeof BUNDLED_LIBRARIES)[number], string[]>> = { '@observablehq/plot': ['d3'] };

/**
 * Libraries Framework's standard library imports lazily (recommendedLibraries.js, file attachments): only their
 * version is resolved at build time, so an empty `<name>@<version>` directory is enough. The version is the installed
 * one when the package is in node_modules, else a placeholder (the pages never load these).
 */
export const LAZY_LIBRARIES = [
  'arquero',
  'apache-arrow',
  'lodash',
  'echarts',
  'leaflet',
  'mapbox-gl',
  'parquet-wasm',
  'react',
  'react-dom',
  'topojson-client',
  '@observablehq/sample-datasets',
] as const;

const PLACEHOLDER_VERSION = '0.0.0';

export interface PrimeResult {
  cacheDir: string;
  bundled: Array<{ name: string; version: string; bytes: number }>;
  placeholders: string[];
}

function installedVersion(projectRoot: string, name: string): string | undefined {
  const file = path.join(projectRoot, 'node_modules', name, 'package.json');
  if (!fs.existsSync(file)) return undefined;
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

/**
 * Write `<siteRoot>/.observablehq/cache/_npm/…`. Existing bundles of the same version are rebuilt (cheap, and a
 * half-written file from an interrupted run never survives); directories of other versions are removed so Framework
 * cannot pick a stale one.
 */
export async function primeNpmCache(projectRoot: string, siteRoot: string): Promise<PrimeResult> {
  const cacheDir = path.join(siteRoot, '.observablehq', 'cache', '_npm');
  makeDirs(cacheDir);
  const wanted = new Set<string>();
  const bundled: PrimeResult['bundled'] = [];
  const versions = new Map<string, string>();
  for (const name of BUNDLED_LIBRARIES) {
    const version = installedVersion(projectRoot, name);
    if (!version) throw new Error(`${name} is not installed (run npm ci): the site build bundles it from node_modules`);
    versions.set(name, version);
  }
  for (const name of BUNDLED_LIBRARIES) {
    const version = versions.get(name)!;
    const dir = path.join(cacheDir, `${name}@${version}`);
    const shared = SHARED[name] ?? [];
    wanted.add(`${name}@${version}`);
    makeDirs(dir);
    const outfile = path.join(dir, '_esm.js');
    const result = await build({
      stdin: { contents: `export * from ${JSON.stringify(name)};\n`, resolveDir: projectRoot, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      external: shared,
      write: false,
      logLevel: 'silent',
    });
    let code = result.outputFiles[0]!.text;
    for (const dep of shared) {
      const target = path.posix.relative(path.posix.dirname(`${name}@${version}/_esm.js`), `${dep}@${versions.get(dep)}/_esm.js`);
      const rewritten = code.replaceAll(`from"${dep}"`, `from"${target}"`);
      if (rewritten === code) throw new Error(`bundling ${name}: no import of the shared ${dep} found to rewrite`);
      code = rewritten;
    }
    const tmp = `${outfile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, outfile);
    bundled.push({ name, version, bytes: Buffer.byteLength(code) });
  }
  const placeholders: string[] = [];
  for (const name of LAZY_LIBRARIES) {
    const spec = `${name}@${installedVersion(projectRoot, name) ?? PLACEHOLDER_VERSION}`;
    wanted.add(spec);
    makeDirs(path.join(cacheDir, spec));
    placeholders.push(spec);
  }
  // Remove other versions of the same libraries (e.g. after an upgrade) so version resolution stays unambiguous.
  const names = new Set<string>([...BUNDLED_LIBRARIES, ...LAZY_LIBRARIES]);
  const entries = fs.readdirSync(cacheDir).flatMap((e) =>
    e.startsWith('@') ? fs.readdirSync(path.join(cacheDir, e)).map((s) => `${e}/${s}`) : [e],
  );
  for (const entry of entries) {
    const at = entry.lastIndexOf('@');
    const name = at > 0 ? entry.slice(0, at) : entry;
    if (names.has(name) && !wanted.has(entry)) fs.rmSync(path.join(cacheDir, entry), { recursive: true, force: true });
  }
  return { cacheDir, bundled, placeholders };
}
