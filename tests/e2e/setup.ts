// Run before each end-to-end test file: the browsers its tests started close after its last test.
import { afterAll } from 'vitest';
import { closeBrowsers } from './browser';

afterAll(closeBrowsers);
