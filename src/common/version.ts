import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The package version, read once from package.json (one level above src/ and dist/). */
export const VERSION: string = (require('../../package.json') as { version: string }).version;

/** The User-Agent every request carries. */
export const USER_AGENT = `apinizer-keys/${VERSION}`;

/**
 * The generations of Apinizer's management API reference this version speaks (see the
 * README's compatibility table), newest first. The sandbox imitates each of them.
 */
export const API_GENERATIONS = ['current', '2026-01', 'legacy'] as const;

/** One of {@link API_GENERATIONS}. */
export type ApiGeneration = (typeof API_GENERATIONS)[number];
