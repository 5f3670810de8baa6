#!/usr/bin/env node
// The caredesk command. Runs the TypeScript sources through tsx (a runtime dependency), on the project's Node 22.
import { register } from 'tsx/esm/api';

// `caredesk … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
register();
const { run } = await import('../main/cli/caredesk.ts');
await run(process.argv.slice(2));
