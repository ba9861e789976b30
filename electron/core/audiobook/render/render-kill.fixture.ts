// Test fixture run as its own Node process: opens a workspace, starts a chapter render, and SIGKILLs itself the moment `killAt`
// sentences of the chapter are rendered (read from the database, where each take is recorded as it finishes). Killing from inside
// is what makes the test deterministic: a parent reading progress lines under load can lag until the render has finished, and
// progress events are throttled, so a fast render may report no count between its first and its last.
import { listRenderSentences } from '../../db/book-render.repo';
import { Workspace } from '../../workspace/workspace';
import { RenderQueue } from './render-queue.service';

const [root, json, killAtArg] = process.argv.slice(2);
if (!root || !json || !killAtArg) throw new Error('usage: render-kill.fixture.ts <workspace> <renderChapter input as JSON> <kill after N sentences>');
const killAt = Number(killAtArg);
const input = JSON.parse(json) as { bookId: number; chapterId: number };
const ws = Workspace.open(root, false, undefined, {
  progress: () => undefined,
  updated: (j) => {
    if (j.state !== 'succeeded' && j.state !== 'failed') return;
    // The render ended before the kill: say so and stop, so the test fails at once with the reason instead of waiting.
    process.stdout.write(`${JSON.stringify({ state: j.state, error: j.error })}\n`, () => process.exit(3));
  },
});
const queue = new RenderQueue(ws, undefined, { provider: 'cpu', threads: 1 });
const { job } = queue.renderChapter({ batch: 1, ...input });
process.stdout.write(`${JSON.stringify({ job })}\n`);
setInterval(() => {
  const rendered = listRenderSentences(ws.db, input.chapterId).filter((s) => s.state === 'rendered').length;
  if (rendered >= killAt) process.kill(process.pid, 'SIGKILL');
}, 2);
