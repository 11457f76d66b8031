/** A pull-request comment as the GitHub API lists it (the fields used here). */
export interface IssueComment {
  readonly id: number;
  readonly body?: string | null;
  readonly user?: { readonly login?: string } | null;
}

/** What to do to keep one comment per workflow: create it, update it, or leave it as it is. */
export type CommentWrite =
  | { readonly kind: 'create'; readonly body: string }
  | { readonly kind: 'update'; readonly id: number; readonly body: string }
  | { readonly kind: 'unchanged'; readonly id: number };

/**
 * Chooses between creating and updating: the workflow's comment is the oldest that `author`
 * wrote whose body starts with its marker (a reply quoting the marker starts with `>` and does
 * not count). Anyone can write the marker: a comment by someone else is never taken for the
 * Action's own, so it can neither be edited under their name nor stand in for the plan.
 */
export function chooseCommentWrite(comments: readonly IssueComment[], marker: string, body: string, author: string): CommentWrite {
  const mine = comments.find((comment) => comment.user?.login === author && (comment.body ?? '').trimStart().startsWith(marker));
  if (mine === undefined) return { kind: 'create', body };
  if (mine.body === body) return { kind: 'unchanged', id: mine.id };
  return { kind: 'update', id: mine.id, body };
}

/** The pull request an event is about, if any (`pull_request*` events, and comments on a pull request). */
export function findPullRequestNumber(event: unknown): number | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const record = event as { pull_request?: { number?: unknown }; issue?: { number?: unknown; pull_request?: unknown }; number?: unknown };
  const direct = record.pull_request?.number;
  if (typeof direct === 'number') return direct;
  if (record.issue?.pull_request !== undefined && typeof record.issue.number === 'number') return record.issue.number;
  return undefined;
}
