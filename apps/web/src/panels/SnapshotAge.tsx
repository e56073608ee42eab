/**
 * The snapshot's age in words, refreshed every 5 s. Its own component so the tick re-renders
 * these few characters, not the whole dashboard.
 */
import { useEffect, useState } from 'react';
import { ageOf } from '../state/freshness.ts';

export function SnapshotAge({ takenAt }: { takenAt: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(timer);
  }, []);
  return <>{ageOf(takenAt, now)}</>;
}
