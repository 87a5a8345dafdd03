/**
 * A level's 90-day scores as a small chart with its axis (0, 50 and 100; the first and last
 * date), a dashed line at 50 (below it a level with findings is "At risk"), and the value of any
 * day on hover, or with the arrow keys once focused (a slider over the days, so assistive
 * technology reads the day and its score). Settings changes are marked with a vertical tick.
 */
import { token } from '@atlaskit/tokens';
import { useId, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { formatDate } from '../../src/frontend/shared/words';
import { sparkline } from './chart-math';
import { visuallyHidden } from './styles';

export interface SparklineProps {
  name: string;
  points: readonly { date: string; score: number }[];
  /** Days on which the settings that apply to the project changed. */
  markers?: readonly { date: string; label: string }[];
  /** The sentence describing the whole trend (the chart's accessible description). */
  description: string;
}

const W = 300;
const PLOT_H = 44;
const LEFT = 26;
const PAD = 3;
const BOTTOM = 16;
const H = PLOT_H + BOTTOM;

export function Sparkline({ name, points, markers = [], description }: SparklineProps) {
  const [active, setActive] = useState<number | null>(null);
  const descriptionId = useId();
  const plotW = W - LEFT;
  const line = sparkline(
    points.map((p) => p.score),
    plotW,
    PLOT_H,
    PAD,
  );
  const xOf = (i: number) => LEFT + (points.length === 1 ? plotW / 2 : PAD + (i * (plotW - 2 * PAD)) / (points.length - 1));
  const yOf = (score: number) => PAD + ((100 - score) / 100) * (PLOT_H - 2 * PAD);
  const indexOfDate = new Map(points.map((p, i) => [p.date, i]));
  const shownMarkers = markers.filter((m) => indexOfDate.has(m.date));
  const current = active === null ? null : points[active];
  const last = points.length - 1;

  const onMove = (event: MouseEvent<SVGSVGElement>) => {
    if (points.length === 0) return;
    const box = event.currentTarget.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * W;
    const i = Math.round(((x - LEFT - PAD) / (plotW - 2 * PAD)) * last);
    setActive(Math.max(0, Math.min(last, i)));
  };
  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = active ?? last;
    const next =
      event.key === 'ArrowLeft' || event.key === 'ArrowDown'
        ? at - 1
        : event.key === 'ArrowRight' || event.key === 'ArrowUp'
          ? at + 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : event.key === 'PageUp'
                ? at - 7
                : event.key === 'PageDown'
                  ? at + 7
                  : null;
    if (next === null) return;
    event.preventDefault();
    setActive(Math.max(0, Math.min(last, next)));
  };
  const valueText = (i: number) => {
    const p = points[i]!;
    const marker = shownMarkers.find((m) => m.date === p.date);
    return `${formatDate(p.date)}: ${p.score}${marker ? ` (${marker.label})` : ''}`;
  };
  const shown = active ?? last;

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.025'), minWidth: 0 }}>
      <span id={descriptionId} style={visuallyHidden}>
        {description}
      </span>
      <div
        role="slider"
        tabIndex={points.length > 0 ? 0 : -1}
        aria-label={`${name} score by day`}
        aria-describedby={descriptionId}
        aria-valuemin={0}
        aria-valuemax={Math.max(0, last)}
        aria-valuenow={shown}
        aria-valuetext={points.length > 0 ? valueText(shown) : 'no scores yet'}
        onKeyDown={onKey}
        onFocus={() => setActive((a) => a ?? last)}
        onBlur={() => setActive(null)}
        style={{ outlineOffset: 2, borderRadius: token('radius.small'), maxWidth: W }}
        data-testid="sparkline"
      >
        <svg
          className="pl-fluid"
          aria-hidden="true"
          width={W}
          height={H}
          viewBox={`0 0 ${W} ${H}`}
          style={{ display: 'block', overflow: 'visible', maxWidth: '100%' }}
          onMouseMove={onMove}
          onMouseLeave={() => setActive(null)}
        >
          <rect x={LEFT} y={0} width={plotW} height={PLOT_H} rx={3} fill={token('color.background.neutral.subtle')} />
          {[100, 50, 0].map((v) => (
            <text key={v} x={LEFT - 4} y={yOf(v) + 3} textAnchor="end" fontSize={9} fill={token('color.text.subtlest')}>
              {v}
            </text>
          ))}
          <line x1={LEFT + PAD} x2={W - PAD} y1={yOf(50)} y2={yOf(50)} stroke={token('color.border')} strokeDasharray="2 3" strokeWidth={1} />
          {shownMarkers.map((m) => {
            const x = xOf(indexOfDate.get(m.date)!);
            return (
              <g key={m.date} data-testid="settings-marker">
                <line x1={x} x2={x} y1={0} y2={PLOT_H} stroke={token('color.border.discovery')} strokeWidth={2} />
                <path d={`M${x - 4} 0 L${x + 4} 0 L${x} 5 Z`} fill={token('color.icon.discovery')} />
              </g>
            );
          })}
          {line.path && (
            <path
              d={line.path}
              transform={`translate(${LEFT} 0)`}
              fill="none"
              stroke={token('color.chart.brand')}
              strokeWidth={2}
              strokeLinejoin="round"
              strokeLinecap="round"
            />
          )}
          {line.last && active === null && (
            <circle cx={line.last.x + LEFT} cy={line.last.y} r={3} fill={token('color.chart.brand')} stroke={token('elevation.surface')} strokeWidth={1} />
          )}
          {current && active !== null && (
            <g>
              <line x1={xOf(active)} x2={xOf(active)} y1={0} y2={PLOT_H} stroke={token('color.border.bold')} strokeWidth={1} />
              <circle cx={xOf(active)} cy={yOf(current.score)} r={4} fill={token('color.chart.brand')} stroke={token('elevation.surface')} strokeWidth={1.5} />
            </g>
          )}
          {points.length > 0 && (
            <>
              <text x={LEFT} y={H - 3} fontSize={9} fill={token('color.text.subtlest')}>
                {formatDate(points[0]!.date)}
              </text>
              <text x={W} y={H - 3} fontSize={9} textAnchor="end" fill={token('color.text.subtlest')}>
                {formatDate(points[last]!.date)}
              </text>
            </>
          )}
        </svg>
      </div>
      <span aria-hidden="true" style={{ font: token('font.body.small'), color: token('color.text.subtle'), minHeight: '1lh' }} data-testid="sparkline-value">
        {active !== null ? valueText(active) : '\u00a0'}
      </span>
    </div>
  );
}
