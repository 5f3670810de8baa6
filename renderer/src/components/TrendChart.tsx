/**
 * A small bar-and-line chart drawn as SVG: bars for a count per period, a line for a share (0–100 %) on the right
 * axis. Hand-drawn on purpose: @mantine/charts pins an older @mantine/core (TOOLCHAIN.md), and four to twelve bars
 * need no library. Each bar and point carries a title, so the numbers are readable without hovering precision.
 */
export interface TrendPoint {
  label: string;
  bar: number;
  /** A share in percent, or null where nothing was measured (the line breaks there). */
  line: number | null;
}

export function TrendChart({ points, barLabel, lineLabel }: { points: TrendPoint[]; barLabel: string; lineLabel: string }) {
  const W = 560;
  const H = 200;
  const pad = { l: 40, r: 40, t: 24, b: 36 };
  const innerW = W - pad.l - pad.r;
  const innerH = H - pad.t - pad.b;
  const max = Math.max(1, ...points.map((p) => p.bar));
  const step = innerW / Math.max(1, points.length);
  const x = (i: number) => pad.l + step * i + step / 2;
  const yBar = (v: number) => pad.t + innerH - (innerH * v) / max;
  const yLine = (v: number) => pad.t + innerH - (innerH * v) / 100;
  const segments: string[] = [];
  let open = false;
  points.forEach((p, i) => {
    if (p.line === null) {
      open = false;
      return;
    }
    segments.push(`${open ? 'L' : 'M'}${x(i)},${yLine(p.line)}`);
    open = true;
  });
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: W }} role="img" aria-label={`${barLabel} / ${lineLabel}`}>
      <line x1={pad.l} y1={pad.t + innerH} x2={W - pad.r} y2={pad.t + innerH} stroke="#adb5bd" />
      <text x={pad.l - 6} y={pad.t + 4} fontSize="10" textAnchor="end" fill="#495057">
        {max}
      </text>
      <text x={W - pad.r + 6} y={pad.t + 4} fontSize="10" fill="#e8590c">
        100%
      </text>
      {points.map((p, i) => (
        <g key={p.label}>
          <rect x={x(i) - step * 0.25} y={yBar(p.bar)} width={step * 0.5} height={pad.t + innerH - yBar(p.bar)} fill="#4dabf7">
            <title>{`${p.label} ${barLabel} ${p.bar}`}</title>
          </rect>
          <text x={x(i)} y={yBar(p.bar) - 4} fontSize="11" textAnchor="middle" fill="#1c7ed6">
            {p.bar}
          </text>
          <text x={x(i)} y={H - pad.b + 16} fontSize="11" textAnchor="middle" fill="#495057">
            {p.label}
          </text>
          {p.line !== null && (
            <circle cx={x(i)} cy={yLine(p.line)} r={3.5} fill="#e8590c">
              <title>{`${p.label} ${lineLabel} ${p.line}%`}</title>
            </circle>
          )}
        </g>
      ))}
      <path d={segments.join(' ')} fill="none" stroke="#e8590c" strokeWidth={2} />
      <g fontSize="11">
        <rect x={pad.l} y={4} width={10} height={10} fill="#4dabf7" />
        <text x={pad.l + 14} y={13} fill="#495057">
          {barLabel}
        </text>
        <circle cx={pad.l + 140} cy={9} r={4} fill="#e8590c" />
        <text x={pad.l + 148} y={13} fill="#495057">
          {lineLabel}
        </text>
      </g>
    </svg>
  );
}
