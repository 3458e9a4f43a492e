#!/usr/bin/env node
// The CLI is the app's TypeScript core run by Node; tsx compiles it on the fly so that there is
// no separate build of the core for the command line.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/cli/main.ts', import.meta.url).href);
