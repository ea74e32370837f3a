/** Marker of the site worker's result line on its stdout (shared by site.ts and site-worker.ts). */
export const RESULT_MARK = '@@site-result ';
