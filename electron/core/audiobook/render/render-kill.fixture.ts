// Test fixture run as its own Node process: opens a workspace, starts a chapter render, prints each progress event, and SIGKILLs
// itself the moment the render reports `killAt` finished sentences. Killing from inside is what makes the test deterministic: a
// parent reading these lines under load can lag so far behind that the render has already finished when its kill arrives.
import { Workspace } from '../../workspace/workspace';
import { RenderQueue } from './render-queue.service';

const [root, json, killAtArg] = process.argv.slice(2);
if (!root || !json || !killAtArg) throw new Error('usage: render-kill.fixture.ts <workspace> <renderChapter input as JSON> <kill after N sentences>');
const killAt = Number(killAtArg);
const ws = Workspace.open(root, false, undefined, {
  progress: (e) => {
    process.stdout.write(`${JSON.stringify({ progress: e.current, total: e.total })}\n`);
    if (e.current >= killAt && e.current < e.total) process.kill(process.pid, 'SIGKILL');
  },
  updated: (j) => process.stdout.write(`${JSON.stringify({ state: j.state, error: j.error })}\n`),
});
const queue = new RenderQueue(ws, undefined, { provider: 'cpu', threads: 1 });
const { job } = queue.renderChapter({ batch: 1, ...(JSON.parse(json) as { bookId: number; chapterId: number }) });
process.stdout.write(`${JSON.stringify({ job })}\n`);
