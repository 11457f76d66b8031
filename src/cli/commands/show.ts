import { renderPlanMarkdown } from '../../core/render/render-plan-markdown.js';
import { renderPlanText } from '../../core/render/render-plan-text.js';
import { showSavedPlan } from '../../engine/index.js';
import { EXIT } from '../exit-codes.js';
import { createOutput, type OutputFlags } from '../output.js';
import { stringifyDocument } from '../../common/stringify-document.js';

/** Flags of `show`. */
export interface ShowFlags extends OutputFlags {
  readonly format: 'text' | 'json' | 'markdown';
}

/**
 * `apinizer-keys show PLANFILE`: a saved plan rendered offline, as `plan` showed it when it
 * was made, for the apply job to show what it is about to apply and for reviewers holding
 * the artifact without Manager access. JSON is the plan document itself, without the
 * saved-plan record (its salt and fingerprints are for apply alone).
 */
export async function runShowCommand(path: string, flags: ShowFlags): Promise<number> {
  const output = createOutput({ ...flags, machineReadable: flags.format !== 'text' });
  const shown = await showSavedPlan(path);
  switch (flags.format) {
    case 'json':
      output.result(stringifyDocument(shown.document));
      break;
    case 'markdown':
      output.result(renderPlanMarkdown(shown.plan, { title: 'apinizer-keys saved plan' }));
      break;
    case 'text':
      output.result(
        [
          `Saved plan ${path}, made by apinizer-keys ${printable(shown.toolVersion)} against ${printable(shown.manager)}.`,
          `Apply exactly this plan with: apinizer-keys apply ${path}`,
          '',
          renderPlanText(shown.plan, { color: output.color, verbose: flags.verbose ?? false }),
        ].join('\n'),
      );
      break;
  }
  return EXIT.ok;
}

/** Text from the file, which anyone may have edited, without control characters that would reach the terminal raw. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
