/** Exit statuses of apinizer-keys. */
export const EXIT = {
  /** Success; with --detailed-exitcode: success and no changes. */
  ok: 0,
  /** Any error, a refused plan, or an apply that did not fully succeed. */
  error: 1,
  /** With --detailed-exitcode: success, and the plan has changes (or drift). */
  changes: 2,
  /** Interrupted by SIGINT/SIGTERM. */
  interrupted: 130,
} as const;
