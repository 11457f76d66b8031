/** The blocks of a Markdown plan comment, in output order. */
export type Slot =
  'head' | 'summary' | 'caution' | 'planWarnings' | 'warning' | 'jwkWarning' | 'table' | 'tableNotes' | 'details' | 'notices' | 'footer';
const SLOT_ORDER: readonly Slot[] = [
  'head',
  'summary',
  'caution',
  'planWarnings',
  'warning',
  'jwkWarning',
  'table',
  'tableNotes',
  'details',
  'notices',
  'footer',
];

/** The comment's blocks in output order, joined by blank lines, with a final newline. */
export class Layout {
  private readonly blocks = new Map<Slot, string>();

  /** What adding one block of this text costs. */
  static cost(text: string): number {
    return text.length + 2;
  }

  set(slot: Slot, text: string): void {
    if (text === '') this.blocks.delete(slot);
    else this.blocks.set(slot, text);
  }

  length(): number {
    let length = 0;
    for (const text of this.blocks.values()) length += Layout.cost(text);
    // n blocks have n - 1 separators of 2 and one final newline.
    return this.blocks.size === 0 ? 0 : length - 1;
  }

  render(): string {
    const parts = SLOT_ORDER.map((slot) => this.blocks.get(slot)).filter((text): text is string => text !== undefined);
    return `${parts.join('\n\n')}\n`;
  }
}
