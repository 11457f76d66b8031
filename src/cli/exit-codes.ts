/** Exit statuses of apinizer-keys. */
export const EXIT = {
  /** Success; with --detailed-exitcode: success and no changes. */
  ok: 0,
  /** Any error, a refused plan, or an apply that did not fully succeed. */
  error: 1,
  /** With --detailed-exitcode: success, and the plan has changes (or drift). */
  changes: 2,
  /** Interrupted by SIGINT or SIGTERM (either: the code says what happened to the run, not which signal). */
  interrupted: 130,
  /**
   * Stdout or stderr was closed by its reader (`| head`): what a tool killed by SIGPIPE exits
   * with, so a cut-short run never passes for success; an apply stops as at SIGINT first.
   */
  outputClosed: 141,
} as const;
