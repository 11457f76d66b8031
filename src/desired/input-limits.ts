/**
 * The input size limit now lives with the YAML reader; kept here because `saved-plan/` and
 * `cli/` import it from this path. Import from `../yaml/index.js` in new code.
 */
export { createTooLargeError, MAX_DOCUMENT_BYTES } from '../yaml/input-limits.js';
