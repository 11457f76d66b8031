/**
 * Bounded reads now live with the YAML reader; kept here because `cli/` imports them from
 * this path. Import from `../yaml/index.js` in new code.
 */
export { readFileBounded, readStreamBounded } from '../yaml/read-bounded.js';
