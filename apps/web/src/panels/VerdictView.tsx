/**
 * One verdict in plain words — the same words as the CLI's `check` (describeCell from the
 * model) — with the reasons per layer and where to find each object.
 */
import { describeCell, formatReasonSource, type Cell } from '@accessgraph/model';

export function VerdictView({ cell }: { cell: Cell }) {
  const d = describeCell(cell);
  const tone = cell.allowed === true ? 'allowed' : cell.allowed === false ? 'denied' : 'unknown';
  return (
    <div className={`verdict verdict-${tone}`} data-testid="verdict" data-allowed={String(cell.allowed)} data-l4={cell.l4} data-l7={cell.l7} data-protection={cell.protection ?? ''}>
      <p className="verdict-headline">{d.headline}</p>
      <dl className="verdict-layers">
        <dt>L4 (NetworkPolicy) — {cell.l4}</dt>
        <dd>
          {d.l4}
          {d.portNote && <p className="port-note" data-testid="l4-port-note">{d.portNote}</p>}
          <Reasons reasons={cell.reasons.l4} />
        </dd>
        <dt>L7 (Linkerd) — {cell.l7}</dt>
        <dd>
          {d.l7}
          <Reasons reasons={cell.reasons.l7} />
        </dd>
      </dl>
    </div>
  );
}

function Reasons({ reasons }: { reasons: Cell['reasons']['l4'] }) {
  if (reasons.length === 0) return null;
  return (
    <ul className="reasons">
      {reasons.map((r, i) => (
        <li key={i}>
          {r.text}
          {formatReasonSource(r) && <div className="reason-source">{formatReasonSource(r)}</div>}
        </li>
      ))}
    </ul>
  );
}
