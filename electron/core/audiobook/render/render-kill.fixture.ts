// Test fixture run as its own Node process: opens a workspace, starts a chapter render and prints each progress event, until the test kills it.
import { Workspace } from '../../workspace/workspace';
import { RenderQueue } from './render-queue.service';

const [root, json] = process.argv.slice(2);
if (!root || !json) throw new Error('usage: render-kill.fixture.ts <workspace> <renderChapter input as JSON>');
const ws = Workspace.open(root, false, undefined, {
  progress: (e) => process.stdout.write(`${JSON.stringify({ progress: e.current, total: e.total })}\n`),
  updated: (j) => process.stdout.write(`${JSON.stringify({ state: j.state, error: j.error })}\n`),
});
const queue = new RenderQueue(ws, undefined, { provider: 'cpu', threads: 1 });
const { job } = queue.renderChapter({ batch: 1, ...(JSON.parse(json) as { bookId: number; chapterId: number }) });
process.stdout.write(`${JSON.stringify({ job })}\n`);
