// A banner while the headless connection is down; the transport reconnects by itself.
import { useStudio } from '../api/use-studio';

export function ConnectionBanner() {
  const { connection } = useStudio();
  if (connection !== 'reconnecting') return null;
  return (
    <div className="connection-banner" role="status" data-testid="connection-banner">
      Lost connection to the studio backend. Reconnecting…
    </div>
  );
}
