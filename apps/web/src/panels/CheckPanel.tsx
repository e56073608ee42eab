/**
 * "Can X reach Y?": pick a source workload and a destination (workload or Service) and
 * optionally a port; shows the verdict per layer with the deciding policies, highlights the
 * flow on the graph and offers the CLI command that gives the same answer.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { Protocol } from '@accessgraph/model';
import { useCheck, type CheckBody } from '../api/queries.ts';
import type { Flow } from '../graph/elementData.ts';
import { VerdictView } from './VerdictView.tsx';
import { cliCommand, type CliSource } from '../state/cliSource.ts';


export function CheckPanel({ workloads, source, onFlow, initialFrom }: { workloads: string[]; source: CliSource; onFlow(flows: Flow[]): void; initialFrom?: string }) {
  const [from, setFrom] = useState(initialFrom ?? '');
  const [to, setTo] = useState('');
  const [port, setPort] = useState('');
  // The question asked (on submit); its answer is a query, cached per question.
  const [question, setQuestion] = useState<CheckBody | null>(null);
  const check = useCheck(question);
  const flows = check.data?.cells;
  const failed = check.isError;
  // The graph lights the answer's flows; a failed question lights nothing (the previous flow
  // must not look like this answer).
  useEffect(() => {
    if (failed) onFlow([]);
    else if (flows) onFlow(flows.map((c) => ({ from: c.from, to: c.to })));
  }, [flows, failed, onFlow]);
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const m = /^(\d{1,5})(?:\/(TCP|UDP|SCTP))?$/i.exec(port.trim());
    setQuestion({ from: from.trim(), to: to.trim(), ...(m ? { port: Number(m[1]), protocol: (m[2] ?? 'TCP').toUpperCase() as Protocol } : {}) });
  };
  const command = cliCommand(from.trim() || 'FROM', to.trim() || 'TO', port.trim(), source);
  return (
    <section className="check" aria-label="Can X reach Y" data-testid="check-panel">
      <h2>Can X reach Y?</h2>
      <form onSubmit={submit}>
        <label>
          From (workload)
          <input list="workload-ids" value={from} onChange={(e) => setFrom(e.target.value)} placeholder="namespace/name" aria-label="Source workload" data-testid="check-from" required autoFocus />
        </label>
        <label>
          To (workload or Service ns/svc)
          <input list="workload-ids" value={to} onChange={(e) => setTo(e.target.value)} placeholder="namespace/name" aria-label="Destination workload or Service" data-testid="check-to" required />
        </label>
        <label>
          Port (optional)
          <input value={port} onChange={(e) => setPort(e.target.value)} placeholder="5432/TCP" aria-label="Port" data-testid="check-port" />
        </label>
        <datalist id="workload-ids">
          {workloads.map((w) => (
            <option key={w} value={w} />
          ))}
        </datalist>
        <button type="submit" data-testid="check-submit">
          Check
        </button>
      </form>
      {command !== null ? (
        <p className="cli">
          CLI: <code data-testid="check-cli">{command}</code>{' '}
          <button type="button" onClick={() => void navigator.clipboard?.writeText(command)} aria-label="Copy the CLI command">
            Copy
          </button>
        </p>
      ) : (
        <p className="cli muted" data-testid="check-cli-note">
          {!source.ok && source.note}
        </p>
      )}
      {check.isError && <p role="alert">{check.error.message}</p>}
      {check.data && (
        <div data-testid="check-result" data-allowed={String(check.data.allowed)}>
          {check.data.service && (
            <div className="service-resolution" data-testid="check-service">
              <p>
                Service {check.data.service.namespace}/{check.data.service.name} resolves to{' '}
                {check.data.service.targets.length === 0
                  ? 'no workload port'
                  : check.data.service.targets.map((t) => `${t.workload}:${t.port}/${t.protocol} (service port ${t.servicePort})`).join(', ')}
                .
              </p>
              {check.data.service.notes.map((n) => (
                <p key={n} role="note">
                  ⚠ {n}
                </p>
              ))}
            </div>
          )}
          {check.data.cells.length === 0 && !check.data.service && <p>No port to check: the destination declares none. Give a port.</p>}
          {check.data.cells.map((c) => (
            <VerdictView key={`${c.to}:${c.port}/${c.protocol}`} cell={c} />
          ))}
        </div>
      )}
    </section>
  );
}
