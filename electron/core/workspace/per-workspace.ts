// One service per open workspace, made on first use so its job kinds are registered once; dropped with the workspace.
import type { Workspace } from './workspace';

export function perWorkspace<S>(make: (ws: Workspace) => S): (ws: Workspace) => S {
  const made = new WeakMap<Workspace, S>();
  return (ws) => {
    let s = made.get(ws);
    if (s === undefined) {
      s = make(ws);
      made.set(ws, s);
    }
    return s;
  };
}
