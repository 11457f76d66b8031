/** The Markdown report of a failed plan: says it failed and why, escapes what it quotes, never a stack. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AppError } from '../../src/common/app-error.js';
import { renderFailureMarkdown } from '../../src/core/render/render-failure-markdown.js';
import { DEFAULT_MARKDOWN_LENGTH, MARKDOWN_MARKER } from '../../src/core/render/render-plan-markdown.js';

describe('renderFailureMarkdown', () => {
  it('leads with the marker and a heading that says the plan failed, then the error line, its code and who must act', () => {
    const error = new AppError({
      code: 'invalid_document',
      fault: 'user',
      message: 'projects.payments.keys.k: unknown field "descriptin"; did you mean "description"?',
      hint: 'See the schema.',
      location: { file: 'apinizer-keys.yaml', line: 7, column: 9 },
      details: ['apinizer-keys.yaml:9:3: second problem'],
      excerpt: ['  7 |         descriptin: hello', '    |         ^'],
    });
    const text = renderFailureMarkdown(error);
    const lines = text.split('\n');
    expect(lines[0]).toBe(MARKDOWN_MARKER);
    expect(lines[1]).toBe('### apinizer-keys plan: failed');
    expect(text).toContain('> [!CAUTION]');
    expect(text).toContain('**The plan could not be made; nothing was changed.**');
    expect(text).toContain(
      '> apinizer-keys.yaml:7:9: projects.payments.keys.k: unknown field "descriptin"; did you mean "description"? See the schema.',
    );
    expect(text).toContain('Error code `invalid_document`; the cause is in the job’s input');
    expect(text).toContain('```text\n  7 |         descriptin: hello\n    |         ^\n```');
    expect(text).toContain('<summary>1 more problem</summary>');
    expect(text).toContain('- apinizer-keys.yaml:9:3: second problem');
  });

  it('words a Manager fault and a bug for who must act, and a drift check in its heading', () => {
    const manager = renderFailureMarkdown(new AppError({ code: 'unauthorized', fault: 'manager', message: 'The token was refused.' }), {
      drift: true,
    });
    expect(manager).toContain('### apinizer-keys drift check: failed');
    expect(manager).toContain('at the Manager, or in the network to it');
    const bug = renderFailureMarkdown(new AppError({ code: 'internal', fault: 'bug', message: 'Unexpected internal error: x.' }));
    expect(bug).toContain('a bug, please report it');
  });

  it('never shows a stack or the cause', () => {
    const cause = new Error('cause text with a token abc123');
    const error = new AppError({ code: 'network', fault: 'manager', message: 'Cannot reach the Manager.', cause });
    const text = renderFailureMarkdown(error);
    expect(error.stack).toBeDefined();
    expect(text).not.toContain('cause text');
    expect(text).not.toMatch(/\bat .*\.js:\d+/);
    expect(text).not.toContain(error.stack!.split('\n')[1]!.trim());
  });

  it('escapes the message: no HTML, no mention, no table break, no new block', () => {
    const text = renderFailureMarkdown(
      new AppError({
        code: 'bad_request',
        fault: 'manager',
        message: 'The Manager said: <img src=x onerror=alert(1)> @admin | **x**\n# heading',
      }),
    );
    expect(text).not.toContain('<img');
    expect(text).toContain('&lt;img');
    expect(text).toContain('@\u200badmin');
    expect(text).not.toMatch(/^# heading/m);
  });

  it('caps the number of problems listed and says how many more there are', () => {
    const details = Array.from({ length: 80 }, (_, i) => `f.yaml:${i + 2}:1: problem ${i}`);
    const text = renderFailureMarkdown(new AppError({ code: 'invalid_document', fault: 'user', message: 'first', details }));
    expect(text).toContain('<summary>80 more problems</summary>');
    expect(text).toContain('problem 49');
    expect(text).not.toContain('problem 50');
    expect(text).toContain('_30 more in the job log._');
  });

  it('stays within a smaller maxLength, leaving out the further problems before cutting the error line', () => {
    const details = Array.from({ length: 50 }, (_, i) => `f.yaml:${i + 2}:1: problem ${i} with the field ${'x'.repeat(40)}`);
    const error = new AppError({ code: 'invalid_document', fault: 'user', message: 'The file is invalid.', details });
    expect(renderFailureMarkdown(error).length).toBeGreaterThan(2_000);
    const text = renderFailureMarkdown(error, { maxLength: 2_000 });
    expect(text.length).toBeLessThanOrEqual(2_000);
    expect(text).toContain('> The file is invalid.');
    expect(text).not.toContain('problem 0');
    expect(text.endsWith('<sub>apinizer-keys · the job log has the same error</sub>\n')).toBe(true);
  });

  it('stays within the comment limit and opens no raw tag, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 6000 }), fc.array(fc.string({ maxLength: 2000 }), { maxLength: 60 }), (message, details) => {
        const text = renderFailureMarkdown(new AppError({ code: 'bad_reply', fault: 'manager', message, details }));
        expect(text.length).toBeLessThanOrEqual(DEFAULT_MARKDOWN_LENGTH);
        const tags = text.match(/<[a-z/!][^>]*>/gi) ?? [];
        expect(
          tags.every((tag) =>
            ['<!-- apinizer-keys-plan -->', '<details>', '</details>', '<summary>', '</summary>', '<sub>', '</sub>', '<br>'].includes(tag),
          ),
        ).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
