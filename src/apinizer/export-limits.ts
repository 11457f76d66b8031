/**
 * Bounds on what Export Key File may hand back. Key files are a few KiB; anything near
 * these limits is not a key, and a ZIP whose entries inflate beyond them (a zip bomb, or a
 * Manager gone wrong) must not exhaust memory. Every limit is an error, never a silent cut.
 */
export interface ExportLimits {
  /** Bytes of one reply as sent (a single file, or the ZIP itself). */
  readonly maxReplyBytes: number;
  /** Entries of one ZIP. */
  readonly maxEntries: number;
  /** Bytes of one ZIP entry once inflated, as its directory declares it. */
  readonly maxEntryBytes: number;
  /** Bytes of all entries of one ZIP once inflated. */
  readonly maxTotalBytes: number;
}

/** The limits a client uses unless told otherwise. */
export const DEFAULT_EXPORT_LIMITS: ExportLimits = {
  maxReplyBytes: 1024 * 1024,
  maxEntries: 512,
  maxEntryBytes: 1024 * 1024,
  maxTotalBytes: 8 * 1024 * 1024,
};
