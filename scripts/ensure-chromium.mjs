// The end-to-end tests drive Debian's Chromium at /usr/bin/chromium. Where it is missing, install
// it when this machine allows it (root with apt-get), or stop at once with the one command to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const COMMAND = 'sudo apt-get install -y chromium';

if (!existsSync(CHROMIUM)) {
  const root = process.getuid?.() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (root && apt && process.env.POINTLENS_NO_INSTALL !== '1') {
    console.log('npm test: installing Debian\'s chromium for the end-to-end tests (set POINTLENS_NO_INSTALL=1 to stop this)');
    execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } else {
    console.error(`npm test: the end-to-end tests need Chromium at ${CHROMIUM}; run: ${COMMAND}`);
    process.exit(1);
  }
}
