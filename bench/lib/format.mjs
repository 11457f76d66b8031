// Number formatting for the Markdown tables.
export const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms).toLocaleString('en-US')} ms`);
export const fmtMb = (mb) => `${Math.round(mb)} MB`;
export const fmtRatio = (ratio) => `${ratio.toFixed(2)}×`;
export const fmtInt = (n) => n.toLocaleString('en-US');
export const fmtSpread = (stats, format) => (stats.n > 1 ? `${format(stats.min)} – ${format(stats.max)}` : '(1 run)');
