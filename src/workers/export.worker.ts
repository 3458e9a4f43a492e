// Writes the Export panel's files off the main thread: LAZ takes seconds a million points.
import { exportHandlers } from './exportWriter';
import { exposeRpc } from './rpc';

exposeRpc(exportHandlers);
