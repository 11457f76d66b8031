/** Control characters from the Manager or the file never reach a terminal, a log or a comment raw. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { PLAN_FORMAT_VERSION, type Plan } from '../../src/core/model/plan.js';
import { escapeMarkdownText } from '../../src/core/render/markdown-text.js';
import { hasUnsafeCharacters, printableLine, printableLines, printableNote, printableText } from '../../src/core/render/printable.js';
import { renderApplySummary, renderOperationEnd, renderOperationStart } from '../../src/core/render/render-apply-text.js';
import { renderPlanText } from '../../src/core/render/render-plan-text.js';
import { makePainter, type Style } from '../../src/core/render/style.js';
import { deleteEntryOf } from '../support/builders.js';

// Every control character but tab, DEL, C1, and the Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const RAW_CONTROL_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;
// The codes makePainter writes.
// eslint-disable-next-line no-control-regex
const OWN_CODES = /\u001b\[(?:1|2|22|31|32|33|36|39)m/g;
const STYLES: readonly Style[] = ['green', 'yellow', 'red', 'bold', 'dim', 'cyan'];

/** A name as a hostile Manager might send it: clear screen, window title, a forged line. */
const HOSTILE = 'k\u001b[2J\u001b]0;owned\u0007\r\n  + key p/forged\u009b31m\u2028end';

describe('printableLine', () => {
  it('shows each control character as an escape and keeps tabs and other text', () => {
    expect(printableLine('a\u001b[31mb')).toBe('a\\u001b[31mb');
    expect(printableLine('one\ntwo\rthree')).toBe('one\\ntwo\\rthree');
    expect(printableLine('bell\u0007 del\u007f csi\u009b sep\u2028')).toBe('bell\\u0007 del\\u007f csi\\u009b sep\\u2028');
    expect(printableLine('tab\tclé 🔑 ✓')).toBe('tab\tclé 🔑 ✓');
  });

  it('leaves no raw control character but tab, in any text, and changes nothing twice', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const once = printableLine(text);
        expect(once).not.toMatch(RAW_CONTROL);
        expect(printableLine(once)).toBe(once);
      }),
    );
  });
});

describe('invisible and bidirectional formatting characters', () => {
  it('are escaped (a name cannot read as another), while ZWNJ and ZWJ in scripts and emoji stay', () => {
    expect(printableLine('admin\u202egpj.exe')).toBe('admin\\u202egpj.exe');
    expect(printableLine('a\u200bb\u200e\u2066c\u2069\ufeff')).toBe('a\\u200bb\\u200e\\u2066c\\u2069\\ufeff');
    expect(printableLine('👨\u200d👩 می\u200cخواهم')).toBe('👨\u200d👩 می\u200cخواهم');
    expect(hasUnsafeCharacters('plain-name_1.v2 clé')).toBe(false);
    expect(hasUnsafeCharacters('x\u009b')).toBe(true);
  });
});

describe('characters that show as a plain space or as nothing', () => {
  it.each([
    ['no-break space', '\u00a0'],
    ['soft hyphen', '\u00ad'],
    ['combining grapheme joiner', '\u034f'],
    ['Hangul filler', '\u3164'],
    ['en quad', '\u2000'],
    ['narrow no-break space', '\u202f'],
    ['ideographic space', '\u3000'],
    ['Braille blank', '\u2800'],
    ['variation selector 16', '\ufe0f'],
  ])('%s is escaped, so "signing" and its look-alike print differently', (_name, character) => {
    const lookalike = `signing${character}`;
    expect(printableLine(lookalike)).not.toBe(printableLine('signing'));
    expect(printableLine(lookalike)).toBe(`signing\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
  });

  it('a tag character (outside the BMP) is escaped whole, as one code point', () => {
    expect(printableLine('key\u{e0041}')).toBe('key\\u{e0041}');
    expect(hasUnsafeCharacters('key\u{e0041}')).toBe(true);
    // Other characters outside the BMP stay.
    expect(printableLine('key 🔑 𝒜')).toBe('key 🔑 𝒜');
  });
});

describe('printableNote', () => {
  it('keeps a note one line, and the blank line a note may start with', () => {
    expect(printableNote('\nSIGINT: finishing', false)).toBe('\nSIGINT: finishing');
    expect(printableNote('Saved the plan to a\nError: forged', false)).toBe('Saved the plan to a\\nError: forged');
    const paint = makePainter(true);
    expect(printableNote(`${paint('yellow', 'Warning:')} x\u001b[2J\ny`, true)).toBe(`${paint('yellow', 'Warning:')} x\\u001b[2J\\ny`);
  });
});

describe('printableText', () => {
  it('keeps newlines; without colour every ESC is escaped', () => {
    expect(printableText('a\nb\u001b[32mc', false)).toBe('a\nb\\u001b[32mc');
  });

  it("with colour keeps exactly the painter's codes and escapes every other sequence", () => {
    const paint = makePainter(true);
    for (const style of STYLES) {
      const painted = paint(style, 'x');
      expect(printableText(painted, true)).toBe(painted);
    }
    expect(printableText(`${paint('red', 'x')}\u001b[2J\u001b]0;t\u0007`, true)).toBe(`${paint('red', 'x')}\\u001b[2J\\u001b]0;t\\u0007`);
  });

  it('leaves no raw control character but newline, tab and ESC of a painter code', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.boolean(), (text, color) => {
        const out = printableText(text, color);
        const withoutOwn = out.replace(OWN_CODES, '');
        expect(color ? withoutOwn : out).not.toMatch(RAW_CONTROL_BUT_NEWLINE);
      }),
    );
  });
});

describe('printableLines', () => {
  it('keeps one line one line, with colour too', () => {
    const paint = makePainter(true);
    const [line] = printableLines([`${paint('bold', HOSTILE)} tail`], true);
    expect(line).toBe(`${paint('bold', printableLine(HOSTILE))} tail`);
    expect(line!.split('\n')).toHaveLength(1);
  });
});

describe('the text renderers', () => {
  const entry = deleteEntryOf('p', HOSTILE, {
    environments: [`prod${HOSTILE}`],
    affectedJwks: [{ name: `jwk${HOSTILE}`, effect: 'detached' }],
  });
  const plan: Plan = { formatVersion: PLAN_FORMAT_VERSION, projects: ['p'], entries: [entry], blockers: [], notices: [] };

  it.each([false, true])(
    'print a hostile name, environment and JWK escaped, the plan as many lines as with a plain name (colour %s)',
    (color) => {
      const plain = deleteEntryOf('p', 'k', { environments: ['prod'], affectedJwks: [{ name: 'jwk', effect: 'detached' }] });
      const text = renderPlanText(plan, { color, verbose: false });
      const plainText = renderPlanText({ ...plan, entries: [plain] }, { color, verbose: false });
      expect(text.split('\n')).toHaveLength(plainText.split('\n').length);
      expect(text).toContain(printableLine(HOSTILE));
      expect(text).toContain(`prod${printableLine(HOSTILE)}`);
      // With colour, only the painter's own codes may carry an ESC.
      expect(text.replace(/\n/g, '').replace(OWN_CODES, '')).not.toMatch(RAW_CONTROL);
    },
  );

  it('print operation lines and the summary escaped', () => {
    const outcome = { status: 'failed', code: 'server_error', durationMs: 10, message: `boom${HOSTILE}` } as const;
    const lines = [
      renderOperationStart(entry, false),
      ...renderOperationEnd(entry, outcome, false),
      ...renderApplySummary({ results: [{ entry, outcome }], interrupted: false }, false),
    ];
    for (const line of lines) expect(line).not.toMatch(RAW_CONTROL);
    expect(lines.join('\n')).toContain(`boom${printableLine(HOSTILE)}`);
  });
});

describe('Markdown text', () => {
  it('shows control characters and line breaks as escapes', () => {
    expect(escapeMarkdownText('a\u001b[31mb\r\nc\u0007')).toBe('a\\u001b\\[31mb\\r\\nc\\u0007');
  });
});
