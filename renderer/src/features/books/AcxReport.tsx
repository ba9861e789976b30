// One chapter's ACX report: each check passed or failed, with the measured figure, what ACX asks for, and what to do.
import type { AcxReport as Report } from '../../../../electron/shared/domains/book-edits';

const checkLabel: Record<Report['checks'][number]['id'], string> = {
  rms: 'RMS level', peak: 'Peak', noise_floor: 'Noise floor', length: 'Length', room_tone_head: 'Room tone at the start',
  room_tone_tail: 'Room tone at the end', sample_rate: 'Sample rate', bitrate: 'Bit rate', channels: 'Channels',
};

function figure(measured: number | null, unit: string): string {
  if (measured === null) return 'not measured';
  if (unit === 'channels') return measured === 1 ? 'mono' : measured === 2 ? 'stereo' : `${measured} channels`;
  const digits = unit === 'dB' || unit === 's' || unit === 'min' ? 1 : 0;
  return `${measured.toFixed(digits)} ${unit}`;
}

export function AcxReport({ report }: { report: Report }) {
  return (
    <div className="acx-report" data-testid="acx-report" data-pass={report.pass}>
      <p className={`acx-report__verdict ${report.pass ? 'acx-report__verdict--pass' : 'acx-report__verdict--fail'}`}>
        {report.pass ? 'Meets ACX’s requirements' : 'Does not meet ACX’s requirements yet'}
        <span className="muted small"> · measured on {report.file.split(/[\\/]/).pop()} decoded back</span>
      </p>
      <div className="table-wrap">
        <table className="table table--compact">
          <caption className="visually-hidden">ACX checks</caption>
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">Result</th>
              <th scope="col" className="num">Measured</th>
              <th scope="col">ACX asks</th>
            </tr>
          </thead>
          <tbody>
            {report.checks.map((c) => (
              <tr key={c.id} data-testid="acx-check" data-check={c.id} data-pass={c.pass}>
                <td>
                  <span className="acx-report__check">{checkLabel[c.id]}</span>
                  <span className="acx-report__message small">{c.message}</span>
                </td>
                <td><span className={`badge ${c.pass ? 'badge--succeeded' : 'badge--failed'}`}>{c.pass ? 'pass' : 'fail'}</span></td>
                <td className="num" data-testid="acx-measured">{figure(c.measured, c.unit)}</td>
                <td className="small acx-report__target">{c.target}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
