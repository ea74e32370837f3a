// Observable Framework configuration of the revcycle dashboard site (DESIGN.md §8). Built offline by
// `revcycle site` / src/site/build.ts: no CDN, no web fonts, no telemetry, no links to observablehq.com.
export default {
  title: 'revcycle',
  root: 'reports',
  // src/site/build.ts builds into a staging folder next to the requested output, then swaps it in.
  output: process.env.REVCYCLE_SITE_OUT ?? 'dist',
  search: false,
  // The default theme links Source Serif 4 on fonts.googleapis.com.
  globalStylesheets: [],
  head: '<link rel="icon" type="image/svg+xml" href="/favicon.svg">',
  footer: 'revcycle — revenue-cycle analytics for physical-therapy clinics. Aggregates and pseudonymous worklists only.',
  style: 'style.css',
  pages: [
    { name: 'Weekly scorecard', path: '/' },
    { name: 'Denials', path: '/denials' },
    { name: 'A/R', path: '/ar' },
    { name: 'Submission & posting', path: '/lags' },
    { name: 'Authorisations', path: '/authorizations' },
    { name: 'Payers & contracts', path: '/payers' },
    { name: 'Cash vs insurance', path: '/mix' },
    { name: 'Credentialing', path: '/credentialing' },
    { name: 'Clinic benchmarks', path: '/benchmarks' },
    { name: 'Data quality', path: '/data-quality' },
  ],
};
