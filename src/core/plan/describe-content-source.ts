import type { ContentSource } from '../model/desired-state.js';

/** A printable label for where material comes from; never the material. */
export function describeContentSource(content: ContentSource): string {
  switch (content.kind) {
    case 'file':
      return `file ${content.path}`;
    case 'env':
      return `env ${content.name}`;
    case 'base64':
      return 'inline base64';
  }
}
