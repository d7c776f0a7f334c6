// The Debian packages some tests need beyond `npm ci`: Debian's chromium for the Space's browser test,
// python3-torch for the CIFAR-10 example, python3-numpy for the npy: test set's check against numpy itself and gh
// (GitHub's CLI) for the walk through the README's setup. `tsx scripts/system-packages.ts [check|install]`.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { pythonWithTorch } from './python-torch.js';

export interface SystemPackage {
  /** The Debian package. */
  name: 'chromium' | 'python3-torch' | 'python3-numpy' | 'gh';
  /** What needs it. */
  neededBy: string;
  present(): boolean;
}

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const succeeds = (command: string, args: string[]): boolean => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

/** Where the browser test finds chromium: $CHROMIUM_PATH, or Debian's /usr/bin/chromium. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const SYSTEM_PACKAGES: readonly SystemPackage[] = [
  { name: 'chromium', neededBy: "the Space's browser test", present: () => executable(chromiumPath()) },
  { name: 'python3-torch', neededBy: 'the CIFAR-10 example (PyTorch)', present: () => pythonWithTorch() !== undefined },
  {
    name: 'python3-numpy',
    neededBy: 'the npy: test set read as numpy writes it',
    present: () => succeeds('python3', ['-c', 'import numpy']),
  },
  { name: 'gh', neededBy: "the walk through the README's setup (GitHub's CLI)", present: () => succeeds('gh', ['--version']) },
];

export const systemPackage = (name: SystemPackage['name']): SystemPackage => SYSTEM_PACKAGES.find((candidate) => candidate.name === name)!;

/** The command that installs packages on Debian or Ubuntu. */
export const installCommand = (names: readonly string[]): string =>
  `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${names.join(' ')}`;

const isRoot = (): boolean => process.getuid?.() === 0;
/** apt-get as root, or through sudo where it asks no password (GitHub's hosted runners); undefined when neither. */
function aptGet(): string[] | undefined {
  if (!succeeds('apt-get', ['--version'])) return undefined;
  if (isRoot()) return ['apt-get'];
  return succeeds('sudo', ['-n', 'true']) ? ['sudo', '-n', 'apt-get'] : undefined;
}

/** Whether this process can install Debian packages without asking anyone. */
export const canInstall = (): boolean => aptGet() !== undefined;

/** Installs packages with apt-get, its output shown; throws when apt-get fails or cannot run. */
export function installSystemPackages(names: readonly string[]): void {
  const [command, ...prefix] = aptGet() ?? ['apt-get'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync(command!, [...prefix, 'update', '-qq'], { stdio: 'inherit', env });
  execFileSync(command!, [...prefix, 'install', '-y', '-qq', '--no-install-recommends', ...names], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
}

if (process.argv[1] === import.meta.filename) {
  const missing = SYSTEM_PACKAGES.filter((candidate) => !candidate.present());
  const command = process.argv[2] ?? 'check';
  if (missing.length === 0) console.log(`Debian packages for the tests: all present (${SYSTEM_PACKAGES.map((p) => p.name).join(', ')})`);
  else if (command === 'install') {
    console.log(`installing ${missing.map((p) => p.name).join(' ')} for ${missing.map((p) => p.neededBy).join(' and ')}`);
    installSystemPackages(missing.map((p) => p.name));
  } else {
    for (const p of missing) console.log(`missing: ${p.name}, for ${p.neededBy}`);
    console.log(`install with: ${installCommand(missing.map((p) => p.name))}`);
    process.exitCode = 1;
  }
}
