import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { errorMessage } from '@mlops-actions/common';

/** The accelerated providers `auto` tries, in order, before the CPU. */
export type AcceleratedProvider = 'cuda' | 'webgpu';

/** What a probe found: the first provider that opened the model, and why each one before it did not. */
export interface ProbeResult {
  usable: AcceleratedProvider | undefined;
  unavailable: { provider: AcceleratedProvider; reason: string }[];
}

/**
 * Run by a child process: opens the model on each provider in turn until one works, one JSON line per provider on
 * stdout, and a mark on stderr before each so the native messages can be told apart. Arguments: onnxruntime-node's
 * module URL, the model, the providers.
 */
const PROBE_SCRIPT = `
const [moduleUrl, modelPath, ...providers] = process.argv.slice(1);
const loaded = await import(moduleUrl);
const ort = loaded.InferenceSession ? loaded : loaded.default;
for (const provider of providers) {
  process.stderr.write('\\n<<probe ' + provider + '>>\\n');
  try {
    const session = await ort.InferenceSession.create(modelPath, { executionProviders: [provider] });
    await session.release();
    process.stdout.write(JSON.stringify({ provider, ok: true }) + '\\n');
    break;
  } catch (error) {
    process.stdout.write(JSON.stringify({ provider, ok: false, error: String((error && error.message) || error) }) + '\\n');
  }
}
`;

/** A probe that takes longer than this (a driver that hangs) counts as finding nothing. */
const PROBE_TIMEOUT_MS = 120_000;

/**
 * Tries the accelerated providers on `modelPath` in a child process. onnxruntime and the libraries under it (Dawn,
 * the Vulkan loader) print their failures straight to the process's stderr — red "Failed to load library" and "Couldn't
 * load Vulkan" lines on every CPU runner — so the trying happens where that output can be caught and read for a reason.
 */
export async function probeProviders(modelPath: string, providers: readonly AcceleratedProvider[]): Promise<ProbeResult> {
  let moduleUrl: string;
  try {
    moduleUrl = pathToFileURL(createRequire(import.meta.url).resolve('onnxruntime-node')).href;
  } catch (error) {
    return { usable: undefined, unavailable: providers.map((provider) => ({ provider, reason: errorMessage(error) })) };
  }
  const { stdout, stderr, failure } = await new Promise<{ stdout: string; stderr: string; failure: string | undefined }>((resolve) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', PROBE_SCRIPT, moduleUrl, modelPath, ...providers],
      { timeout: PROBE_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, out, err) => {
        const ended = error as (Error & { killed?: boolean; signal?: string | null }) | null;
        const failure = !ended
          ? undefined
          : ended.killed
            ? `the probe did not finish in ${PROBE_TIMEOUT_MS / 1000} s`
            : ended.signal
              ? `the probe crashed (${ended.signal})`
              : `the probe failed: ${nativeReason(err) ?? firstLine(ended.message)}`;
        resolve({ stdout: out, stderr: err, failure });
      },
    );
  });
  const said = new Map<string, { ok: boolean; error?: string }>();
  for (const line of stdout.split('\n')) {
    try {
      const entry = JSON.parse(line) as { provider: string; ok: boolean; error?: string };
      said.set(entry.provider, entry);
    } catch {
      // Not one of the probe's lines.
    }
  }
  const native = nativeOutputs(stderr);
  const result: ProbeResult = { usable: undefined, unavailable: [] };
  for (const provider of providers) {
    const entry = said.get(provider);
    if (entry?.ok) {
      result.usable = provider;
      break;
    }
    const reason =
      nativeReason(native.get(provider) ?? '') ?? (entry?.error ? cleanError(entry.error) : (failure ?? 'the probe said nothing'));
    result.unavailable.push({ provider, reason });
    if (!entry) break;
  }
  return result;
}

/** The child's stderr, split at the probe's marks: what the native code printed while each provider was tried. */
function nativeOutputs(stderr: string): Map<string, string> {
  const parts = new Map<string, string>();
  const pieces = stderr.split(/\n<<probe (\w+)>>\n/);
  for (let i = 1; i + 1 < pieces.length; i += 2) parts.set(pieces[i]!, pieces[i + 1]!);
  return parts;
}

/** The cause in a provider's native output, in a few words: a library not found, no Vulkan driver. */
function nativeReason(output: string): string | undefined {
  const missing = /([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file/.exec(output)?.[1];
  if (missing) return `${missing} not found`;
  const library = /Failed to load library (\S+)/.exec(output)?.[1];
  if (library) return `${library.split('/').pop()} could not be loaded`;
  if (/Found no drivers/.test(output)) return 'no Vulkan driver found';
  return undefined;
}

/** onnxruntime's message without its source location and the failed check: `Failed to get a WebGPU adapter: …`. */
function cleanError(message: string): string {
  return firstLine(message)
    .replace(/^\/\S+:\d+ .*? was false\. /, '')
    .replace(/^\/\S+:\d+ /, '');
}

const firstLine = (text: string): string => text.split('\n')[0]!.trim();
