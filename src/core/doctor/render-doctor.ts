import { printableLines } from '../render/printable.js';
import { makePainter, type Style } from '../render/style.js';
import { countFindings, type DoctorFinding, type DoctorReport, type FindingArea, type FindingStatus } from './doctor-report.js';
import { stringifyDocument } from '../../common/stringify-document.js';

const AREA_TITLES: Record<FindingArea, string> = {
  url: 'URL',
  reachability: 'Reachability',
  token: 'Token',
  api: 'API generation',
  projects: 'Projects',
  permissions: 'Not knowable without writing',
};

const STATUS_STYLE: Record<FindingStatus, Style> = { ok: 'green', warning: 'yellow', problem: 'red', unknown: 'cyan' };

/** The report as JSON: the model as it is, pretty-printed. */
export function renderDoctorJson(report: DoctorReport): string {
  return stringifyDocument(report);
}

/** The report as text: the checks by area, each with its verdict and what to do; the verdict last. */
export function renderDoctorText(report: DoctorReport, options: { readonly color: boolean }): string {
  const paint = makePainter(options.color);
  const lines = [paint('bold', `Checking the Manager at ${report.manager ?? '(no valid URL)'}`)];
  for (const area of Object.keys(AREA_TITLES) as FindingArea[]) {
    const findings = report.findings.filter((finding) => finding.area === area);
    if (findings.length === 0) continue;
    const title =
      area === 'projects'
        ? `Projects (${report.scope === 'file' ? 'of the desired-state file' : 'every project the Manager lists for the token'})`
        : AREA_TITLES[area];
    lines.push('', paint('bold', title));
    for (const finding of findings) lines.push(...renderFinding(finding, paint));
  }
  const counts = countFindings(report);
  const tally = `${counts.problem} ${counts.problem === 1 ? 'problem' : 'problems'}, ${counts.warning} ${counts.warning === 1 ? 'warning' : 'warnings'}`;
  lines.push(
    '',
    report.ok
      ? paint(
          'green',
          `Doctor: ${tally}. What plan and apply need looks right, as far as reading can tell (${counts.unknown} unknown, see above).`,
        )
      : paint('red', `Doctor: ${tally}. Fix the problems above before trusting plan or apply with this Manager.`),
  );
  // Findings quote the Manager's names and messages.
  return `${printableLines(lines, options.color).join('\n')}\n`;
}

function renderFinding(finding: DoctorFinding, paint: ReturnType<typeof makePainter>): string[] {
  const marker = paint(STATUS_STYLE[finding.status], finding.status.padEnd(7));
  const lines = [`  ${marker} ${finding.message}`];
  if (finding.fix !== undefined && finding.status !== 'ok') lines.push(`          → ${finding.fix}`);
  return lines;
}
