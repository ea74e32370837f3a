// Entry of the CSV reader worker thread. The sources are TypeScript run through tsx's loader (see bin/revcycle.js),
// and a worker thread does not inherit the loader registered in the main thread: register it here, then load the
// worker (read-csv-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./read-csv-worker.ts');
