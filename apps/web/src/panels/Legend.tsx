/** The always-visible legend, read from the same table as the stylesheet. */
import { LEGEND } from '../graph/edgeClasses.ts';

export function Legend() {
  return (
    <aside className="legend" aria-label="Legend" data-testid="legend">
      {LEGEND.map(({ cls, look }) => (
        <div key={cls} className="legend-row" title={look.description}>
          <svg width="34" height="10" aria-hidden="true">
            <line x1="0" y1="5" x2="34" y2="5" stroke={look.color} strokeWidth={Math.min(look.width, 5)} strokeDasharray={look.lineStyle === 'dashed' ? '8 4' : look.lineStyle === 'dotted' ? '2 3' : undefined} />
          </svg>
          <span>
            {look.label} <code>{look.badge}</code>
          </span>
        </div>
      ))}
      <div className="legend-row">
        <span>mTLS = meshed (double border) · ◆ data = sensitive · ⚠ open = ingress open to all (dashed border)</span>
      </div>
    </aside>
  );
}
