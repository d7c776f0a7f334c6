export const id = 829;
export const ids = [829];
export const modules = {

/***/ 91836:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ET: () => (/* binding */ commandDescription),
/* harmony export */   My: () => (/* binding */ commandListing),
/* harmony export */   uH: () => (/* binding */ COMMAND_LISTINGS)
/* harmony export */ });
/**
 * Every `mlops` command, as `mlops --help` lists it, in that order. Kept apart from the commands' modules, which are
 * loaded only for the command that runs (program.ts): listing them loads none.
 */
const COMMAND_LISTINGS = [
    {
        name: 'gate',
        description: 'the statistical promotion gate (ease.ml/ci conditions)',
    },
    {
        name: 'server',
        description: 'run a local MLflow-compatible tracking, registry, artifact and webhook server (not for production)',
    },
    {
        name: 'ui',
        description: 'browse the runs, models and promotion ledger of any MLflow server, read-only: serves the page and forwards only its reads, ' +
            'with the credentials of MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN',
    },
    {
        name: 'train',
        description: 'run a training command as a tracked MLflow run and register its ONNX model (the train action, locally)',
    },
    {
        name: 'evaluate-promote',
        description: 'evaluate a challenger against the production model, gate it, record it in MLflow and promote it (the action, locally)',
    },
    {
        name: 'ledger',
        // mlops-ledger: promotion's LEDGER_EXPERIMENT, written out so that listing the commands loads no promotion code.
        description: "print a model's ledger: every move of its production alias — when, from and to which version, who, why (kept in MLflow, experiment mlops-ledger)",
    },
    {
        name: 'rollback',
        description: 'move the production alias back to the previous champion that passed its gate (or --to a version), under the promotion lock, with the reason entered in the ledger',
    },
    {
        name: 'promote',
        description: 'promote the challenger of a recorded evaluation (evaluate-promote --promote false) over the champion it was compared with, if that still is the champion; entered in the ledger as an approval',
    },
    {
        name: 'deploy-hf',
        description: 'deploy a registered model version as a static Hugging Face Space (or into a folder) that runs it in the browser',
    },
    {
        name: 'serve-space',
        description: 'serve a Space folder (written by deploy-hf --space folder:<dir>) on http://127.0.0.1',
        arguments: '<dir>',
    },
    {
        name: 'dispatch-on-registration',
        description: 'start the evaluation of every model version that became ready and was not dispatched yet (the action, once)',
    },
    {
        name: 'relay',
        description: 'receive MLflow (>= 3.3) webhooks and start evaluations from a durable queue (the secret in MLFLOW_WEBHOOK_SECRET)',
    },
];
/** A command's listing. */
function commandListing(name) {
    return COMMAND_LISTINGS.find((command) => command.name === name);
}
/** A command's description: the one place it is written. */
function commandDescription(name) {
    return commandListing(name).description;
}


/***/ }),

/***/ 85829:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  COMMANDS: () => (/* binding */ COMMANDS),
  EXIT: () => (/* reexport */ EXIT),
  runCli: () => (/* binding */ runCli)
});

// EXTERNAL MODULE: ./packages/cli/src/commands/listings.ts
var listings = __webpack_require__(91836);
// EXTERNAL MODULE: ./packages/common/src/index.ts + 18 modules
var src = __webpack_require__(22349);
// EXTERNAL MODULE: ./node_modules/commander/esm.mjs
var esm = __webpack_require__(48179);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
;// CONCATENATED MODULE: ./packages/cli/src/env-file.ts




/** Where the reference pipeline kept MLflow's and the Hub's credentials; read when present. */
const DEFAULT_ENV_FILE = 'configs/.env';
/**
 * Reads variables from an env file (`KEY=value` lines, `#` comments, quotes) into `env`, keeping any already set.
 * `path` undefined: the default file when it exists, else nothing. Returns a line naming what was read — the names
 * only, never a value — or undefined when no file was read.
 */
function loadEnvFile(env, path, cwd) {
    const shown = path ?? DEFAULT_ENV_FILE;
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)((0,external_node_path_.resolve)(cwd, shown), 'utf8');
    }
    catch (error) {
        const code = error.code;
        if (path === undefined && code === 'ENOENT')
            return undefined;
        throw new src/* ConfigurationError */.j1(`--dotenv: cannot read '${shown}' (${code ?? String(error)}): check the path`);
    }
    const read = [];
    const kept = [];
    for (const [name, value] of Object.entries((0,external_node_util_.parseEnv)(text))) {
        if (env[name] !== undefined && env[name] !== '')
            kept.push(name);
        else {
            env[name] = value;
            read.push(name);
        }
    }
    const parts = [`read ${read.length > 0 ? read.join(', ') : 'nothing'} from ${shown}`];
    if (kept.length > 0)
        parts.push(`already set, so not taken from it: ${kept.join(', ')}`);
    return parts.join('; ');
}

// EXTERNAL MODULE: ./packages/cli/src/version.ts + 1 modules
var version = __webpack_require__(67142);
;// CONCATENATED MODULE: ./packages/cli/src/runner.ts




/** Exit codes of `mlops`. */
const EXIT = { ok: 0, failure: 1, usage: 2 };
function untilSignal() {
    return new Promise((resolve) => {
        const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
    });
}
/**
 * Runs a program made of `commands` with the given arguments (without `node` and the script); returns its exit code.
 * Only the command the arguments name is loaded; the others are listed by name and description, which is all the
 * program's help and its "did you mean" need.
 */
async function runCommands(args, commands, options = {}) {
    const stdout = options.stdout ?? ((text) => void process.stdout.write(text));
    const stderr = options.stderr ?? ((text) => void process.stderr.write(text));
    let exitCode = EXIT.ok;
    const context = {
        stdout,
        stderr,
        logger: (0,src/* consoleLogger */.kS)({
            out: (line) => stderr(`${line}\n`),
            // Bars only on the real stderr, when it is a terminal outside CI; otherwise progress is said in lines.
            terminal: options.stderr ? undefined : (0,src/* progressTerminal */.UE)(process.stderr, options.env ?? process.env),
        }),
        setExitCode: (code) => {
            exitCode = code;
        },
        env: options.env ?? process.env,
        untilStopped: options.untilStopped ?? untilSignal,
    };
    const program = new esm/* Command */.uB('mlops')
        .description('continuous delivery for ML models: train, gate, promote, deploy')
        .option('--dotenv <path>', `read MLFLOW_*, HF_TOKEN, GITHUB_TOKEN… from this file (default ${DEFAULT_ENV_FILE} when it exists); variables already set win`)
        .version(version/* MLOPS_VERSION */.fG, version/* VERSION_FLAGS */.P0.join(', '), 'print the version of mlops')
        // Its options only before a command: after one, `--version` is that command's own (deploy-hf's model version).
        .enablePositionalOptions()
        .exitOverride()
        .configureOutput({ writeOut: stdout, writeErr: stderr })
        .showHelpAfterError('(run with --help for usage)');
    try {
        const named = commandNamed(args, commands);
        for (const command of commands)
            program.addCommand(command === named ? (await command.load())(context) : listed(command));
        for (const command of program.commands)
            configure(command, stdout, stderr);
        // Read before parsing, so that options taken from the environment (MLOPS_RELAY_*) can come from the file too.
        const said = loadEnvFile(context.env, dotenvArgument(args), options.cwd ?? process.cwd());
        if (said)
            stderr(`${said}\n`);
        await program.parseAsync([...args], { from: 'user' });
        return exitCode;
    }
    catch (error) {
        if (error instanceof esm/* CommanderError */.b7) {
            return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
        }
        if ((0,src/* isConfigurationError */.p0)(error)) {
            stderr(`error: ${(0,src/* messageForFlags */.wy)(error)}\n`);
            return EXIT.usage;
        }
        if ((0,src/* isOperationalError */.ZX)(error)) {
            if (context.env.MLOPS_DEBUG && error.stack)
                stderr(`${error.stack}\n`);
            stderr(`error: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`);
            return EXIT.failure;
        }
        if ((0,src/* isSystemError */.Or)(error)) {
            stderr(`error: ${error.message}\n`);
            return EXIT.failure;
        }
        // Neither the user's mistake, nor a service or the system failing: a bug of ours, said as one.
        stderr(context.env.MLOPS_DEBUG && error instanceof Error && error.stack
            ? `unexpected error: ${error.stack}\n`
            : `unexpected error: ${(0,src/* errorMessage */.gJ)(error)}\n  this is a bug in mlops; set MLOPS_DEBUG=1 for the stack trace and report it\n`);
        return EXIT.failure;
    }
}
/**
 * The command the arguments run, or whose help they ask for (`help <command>`): the first argument that is not one of
 * the program's own options (they stand before the command: enablePositionalOptions).
 */
function commandNamed(args, commands) {
    const words = [];
    for (let i = 0; i < args.length && words.length < 2; i++) {
        const arg = args[i];
        if (arg === '--') {
            // After `--` every argument is an operand, and commander still looks the command up among them.
            words.push(...args.slice(i + 1, i + 3));
            break;
        }
        if (arg === '--dotenv')
            i++;
        else if (!arg.startsWith('-'))
            words.push(arg);
    }
    const name = words[0] === 'help' ? words[1] : words[0];
    return commands.find((command) => command.name === name);
}
/** A command not being run, as the program's help lists it: its name, arguments and description. */
function listed(command) {
    const stand = new esm/* Command */.uB(command.name).description(command.description);
    if (command.arguments)
        stand.argument(command.arguments);
    return stand;
}
/** The value of `--dotenv <path>` or `--dotenv=<path>` among the arguments, if given. */
function dotenvArgument(args) {
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '--')
            return undefined;
        if (arg.startsWith('--dotenv='))
            return arg.slice('--dotenv='.length);
        if (arg === '--dotenv')
            return args[i + 1];
    }
    return undefined;
}
function configure(command, stdout, stderr) {
    command.exitOverride().configureOutput({ writeOut: stdout, writeErr: stderr }).showHelpAfterError('(run with --help for usage)');
    // --dotenv is read before parsing, wherever it stands: after a command too, where it is accepted and not listed.
    command.addOption(new esm/* Option */.c$('--dotenv <path>').hideHelp());
    for (const sub of command.commands)
        configure(sub, stdout, stderr);
}

;// CONCATENATED MODULE: ./packages/cli/src/program.ts



/** Each command's module, imported only when that command runs (or shows its own help). */
const LOADERS = {
    gate: async () => (await Promise.all(/* import() */[__webpack_require__.e(304), __webpack_require__.e(920)]).then(__webpack_require__.bind(__webpack_require__, 55920))).gateCommand,
    server: async () => (await __webpack_require__.e(/* import() */ 22).then(__webpack_require__.bind(__webpack_require__, 10022))).serverCommand,
    ui: async () => (await Promise.all(/* import() */[__webpack_require__.e(800), __webpack_require__.e(127)]).then(__webpack_require__.bind(__webpack_require__, 84127))).uiCommand,
    train: async () => (await Promise.all(/* import() */[__webpack_require__.e(70), __webpack_require__.e(800), __webpack_require__.e(963), __webpack_require__.e(962)]).then(__webpack_require__.bind(__webpack_require__, 12962))).trainCommand,
    'evaluate-promote': async () => (await Promise.all(/* import() */[__webpack_require__.e(70), __webpack_require__.e(951), __webpack_require__.e(51), __webpack_require__.e(800), __webpack_require__.e(304), __webpack_require__.e(963), __webpack_require__.e(619), __webpack_require__.e(261), __webpack_require__.e(817), __webpack_require__.e(907)]).then(__webpack_require__.bind(__webpack_require__, 71907))).evaluatePromoteCommand,
    ledger: async () => (await Promise.all(/* import() */[__webpack_require__.e(70), __webpack_require__.e(951), __webpack_require__.e(800), __webpack_require__.e(304), __webpack_require__.e(963), __webpack_require__.e(619), __webpack_require__.e(261), __webpack_require__.e(804)]).then(__webpack_require__.bind(__webpack_require__, 33804))).ledgerCommand,
    rollback: async () => (await Promise.all(/* import() */[__webpack_require__.e(70), __webpack_require__.e(951), __webpack_require__.e(51), __webpack_require__.e(800), __webpack_require__.e(304), __webpack_require__.e(963), __webpack_require__.e(619), __webpack_require__.e(261), __webpack_require__.e(817), __webpack_require__.e(121)]).then(__webpack_require__.bind(__webpack_require__, 58121))).rollbackCommand,
    promote: async () => (await Promise.all(/* import() */[__webpack_require__.e(70), __webpack_require__.e(951), __webpack_require__.e(51), __webpack_require__.e(800), __webpack_require__.e(304), __webpack_require__.e(963), __webpack_require__.e(619), __webpack_require__.e(261), __webpack_require__.e(817), __webpack_require__.e(121)]).then(__webpack_require__.bind(__webpack_require__, 58121))).promoteCommand,
    'deploy-hf': async () => (await Promise.all(/* import() */[__webpack_require__.e(70), __webpack_require__.e(951), __webpack_require__.e(856), __webpack_require__.e(800), __webpack_require__.e(304), __webpack_require__.e(963), __webpack_require__.e(619), __webpack_require__.e(173)]).then(__webpack_require__.bind(__webpack_require__, 88173))).deployHfCommand,
    'serve-space': async () => (await Promise.all(/* import() */[__webpack_require__.e(70), __webpack_require__.e(951), __webpack_require__.e(856), __webpack_require__.e(800), __webpack_require__.e(304), __webpack_require__.e(963), __webpack_require__.e(619), __webpack_require__.e(173)]).then(__webpack_require__.bind(__webpack_require__, 88173))).serveSpaceCommand,
    'dispatch-on-registration': async () => (await Promise.all(/* import() */[__webpack_require__.e(51), __webpack_require__.e(800), __webpack_require__.e(817), __webpack_require__.e(199)]).then(__webpack_require__.bind(__webpack_require__, 12199))).dispatchOnRegistrationCommand,
    relay: async () => (await Promise.all(/* import() */[__webpack_require__.e(51), __webpack_require__.e(800), __webpack_require__.e(817), __webpack_require__.e(199)]).then(__webpack_require__.bind(__webpack_require__, 12199))).relayCommand,
};
/** Every `mlops` command. */
const COMMANDS = listings/* COMMAND_LISTINGS */.uH.map((listing) => ({ ...listing, load: LOADERS[listing.name] }));
/** Runs `mlops` with the given arguments (without `node` and the script) and returns its exit code. */
function runCli(args, options = {}) {
    return runCommands(args, COMMANDS, options);
}


/***/ }),

/***/ 22349:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  j1: () => (/* reexport */ ConfigurationError),
  Rk: () => (/* reexport */ LockHeldError),
  LE: () => (/* reexport */ OperationalError),
  HZ: () => (/* reexport */ VERSION_TAGS),
  aG: () => (/* reexport */ WITHHELD_VARIABLES),
  yj: () => (/* reexport */ acquireClaimLock),
  m: () => (/* reexport */ addressedHere),
  KA: () => (/* reexport */ closeMatches),
  kS: () => (/* reexport */ consoleLogger),
  ic: () => (/* reexport */ createInputReader),
  xj: () => (/* reexport */ createMaskingStream),
  au: () => (/* reexport */ didYouMean),
  gJ: () => (/* reexport */ errorMessage),
  FV: () => (/* reexport */ escapeMarkdown),
  oO: () => (/* reexport */ githubRunContext),
  w4: () => (/* reexport */ hostOf),
  JH: () => (/* reexport */ importExternal),
  Xu: () => (/* reexport */ inputError),
  p0: () => (/* reexport */ isConfigurationError),
  U9: () => (/* reexport */ isLoopback),
  ZX: () => (/* reexport */ isOperationalError),
  Ed: () => (/* reexport */ isPlainRelativePath),
  Or: () => (/* reexport */ isSystemError),
  BN: () => (/* reexport */ likeMatches),
  Z0: () => (/* reexport */ localActor),
  E_: () => (/* reexport */ localHolder),
  D9: () => (/* reexport */ markdownCode),
  Qj: () => (/* reexport */ markdownTable),
  wy: () => (/* reexport */ messageForFlags),
  rd: () => (/* reexport */ networkFailure),
  UE: () => (/* reexport */ progressTerminal),
  oG: () => (/* reexport */ realPathInside),
  LI: () => (/* reexport */ resolveInside),
  Rn: () => (/* reexport */ retryLine),
  VX: () => (/* reexport */ secretValues),
  i8: () => (/* reexport */ signalGroup),
  qq: () => (/* reexport */ silentLogger),
  ot: () => (/* reexport */ startProgress),
  eR: () => (/* reexport */ terminalText),
  TK: () => (/* reexport */ terminateGroup),
  DZ: () => (/* reexport */ unreachableError),
  OT: () => (/* reexport */ withoutWithheldCredentials)
});

// UNUSED EXPORTS: describeInput, progressLines, secretInputs

;// CONCATENATED MODULE: ./packages/common/src/operational-error.ts
const BRAND = Symbol.for('mlops-actions.OperationalError');
/**
 * A failure of something outside the program — a service unreachable or refusing, a lock another run holds — rather
 * than a mistake in the user's input (ConfigurationError) or a bug. The failure boundary names it as what it is, with
 * its hint, and never as "unexpected".
 */
class OperationalError extends Error {
    name = 'OperationalError';
    service;
    hint;
    [BRAND] = true;
    constructor(message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.service = options.service;
        this.hint = options.hint;
    }
}
/** True for an OperationalError (or a subclass), also one thrown by another copy of this module (a second bundle). */
function isOperationalError(error) {
    return typeof error === 'object' && error !== null && error[BRAND] === true;
}
/**
 * A failure the operating system reported (a port in use, a full disk, a folder we may not write): Node's errors with
 * a `code` and a `syscall`. Not a bug of ours; its message names the call and the path or address.
 */
function isSystemError(error) {
    return (error instanceof Error &&
        typeof error.code === 'string' &&
        typeof error.syscall === 'string');
}
/** An error's message, or the thrown value as text when it is not an Error. */
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./packages/common/src/claim-lock.ts

/** The claim another holder has on the lock, when acquiring gave up. */
class LockHeldError extends OperationalError {
    holder;
    since;
    name = 'LockHeldError';
    constructor(message, holder, since) {
        super(message, { hint: 'another run holds it; run this again once that run has ended (a dead holder’s claim runs out by itself)' });
        this.holder = holder;
        this.since = since;
    }
}
/**
 * Mutual exclusion over a store that offers no compare-and-set, only last-writer-wins (MLflow's tags): Fischer's
 * algorithm — wait until no live claim is there, write ours, wait `settleMs`, and hold the lock only if ours is
 * still the claim. Safe as long as a write takes less than `settleMs`.
 */
async function acquireClaimLock(store, what, options) {
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const now = options.now ?? Date.now;
    const settleMs = options.settleMs ?? 2000;
    const deadline = now() + (options.timeoutMs ?? 300_000);
    const id = `${now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    const readClaim = async () => {
        const text = await store.read();
        try {
            return text ? JSON.parse(text) : undefined;
        }
        catch {
            return undefined; // not a claim: treat as free
        }
    };
    for (;;) {
        const current = await readClaim();
        if (current && current.id !== id && now() - current.at < (options.staleMs ?? 600_000)) {
            if (now() >= deadline)
                throw new LockHeldError(`${what} is held by ${current.holder} (since ${new Date(current.at).toISOString()})`, current.holder, current.at);
            await sleep(Math.min(1000, settleMs));
            continue;
        }
        await store.write(JSON.stringify({ holder: options.holder, id, at: now() }));
        await sleep(settleMs);
        if ((await readClaim())?.id === id) {
            return {
                async release() {
                    if ((await readClaim())?.id === id)
                        await store.remove();
                },
            };
        }
    }
}

;// CONCATENATED MODULE: ./packages/common/src/configuration-error.ts
const configuration_error_BRAND = Symbol.for('mlops-actions.ConfigurationError');
/**
 * A mistake in what the user gave us (an input, a flag, a file). Its message says what is wrong and how
 * to fix it; the failure boundary prints it without a stack trace.
 */
class ConfigurationError extends Error {
    name = 'ConfigurationError';
    subject;
    inputs;
    [configuration_error_BRAND] = true;
    constructor(message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.subject = options.subject;
        this.inputs = options.inputs ?? [];
    }
}
/** A problem with one input, said as `input '<name>' <problem>` (the CLI says `--<name> <problem>`). */
function inputError(name, problem, options = {}) {
    return new ConfigurationError(`input '${name}'${/^[:,]/.test(problem) ? '' : ' '}${problem}`, {
        ...options,
        subject: name,
        inputs: [name, ...(options.inputs ?? [])],
    });
}
/** The message as a program whose inputs are flags says it: `--gpu` where an action says `input 'gpu'`. */
function messageForFlags(error) {
    return error.inputs.reduce((message, name) => message.split(`input '${name}'`).join(`--${name}`), error.message);
}
/** True for a ConfigurationError, also one thrown by another copy of this module (a second bundle). */
function isConfigurationError(error) {
    return typeof error === 'object' && error !== null && error[configuration_error_BRAND] === true;
}

;// CONCATENATED MODULE: ./packages/common/src/markdown.ts
/** How a line starts a block: a heading, a list item, a quote, a thematic break or a setext underline. */
const BLOCK_START = /^(\s*)(?:#{1,6}(?=\s|$)|[-+*](?=\s|$)|\d{1,9}(?=[.)](?:\s|$))|>|[=-]+\s*$)/;
const ZERO_WIDTH_SPACE = '\u200b';
/**
 * Text shown as itself in Markdown (a table cell, a heading, a sentence), however it was written: whoever named a
 * model or wrote a description must not get a link, an image, emphasis, code, a list or HTML out of it. The characters
 * that open inline Markdown are backslash-escaped (`[` `]` for links and images, `*` `_` `~` for emphasis, a backtick,
 * `|` for tables, `\`), `&` and `<` become entities, line breaks become spaces, and a start that would open a block is
 * escaped. GitHub's autolinks are broken too — a `scheme://`, a `www.` and an e-mail address become links even
 * with their punctuation escaped (the link is found in the text after parsing) — by an invisible zero-width space after
 * the `:` of `://` and every `@`, and before the `.` of `www.` (after it, the space would count as part of the
 * domain): the text reads the same, and no URL in it becomes a link.
 */
function escapeMarkdown(text) {
    const inline = text
        .replace(/\r\n?|\n/g, ' ')
        .replace(/[\\`*_[\]|~]/g, '\\$&')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/:(?=\/\/)|@/g, `$&${ZERO_WIDTH_SPACE}`)
        .replace(/(www)\./gi, `$1${ZERO_WIDTH_SPACE}.`);
    return inline
        .replace(BLOCK_START, (start, space) => {
        const marker = start.slice(space.length);
        // A list number is escaped at its period (1\. item); anything else before its first character.
        return /^\d/.test(marker) ? start : `${space}\\${marker}`;
    })
        .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}
/**
 * Text as a code span that shows it literally, whatever it holds: the fence is one backtick longer than any run of
 * backticks inside, and line breaks become spaces. (Inside a code span, escapes and entities would show as typed.)
 */
function markdownCode(text) {
    const flat = text.replace(/\r\n?|\n/g, ' ');
    const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((run) => run[0].length));
    const fence = '`'.repeat(longest + 1);
    const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '') ? ' ' : '';
    return `${fence}${pad}${flat}${pad}${fence}`;
}
/** A GitHub-flavoured Markdown table; cells are text, escaped. */
function markdownTable(headers, rows) {
    const line = (cells) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
    return [line(headers), `|${headers.map(() => ' --- |').join('')}`, ...rows.map(line)].join('\n');
}

;// CONCATENATED MODULE: ./packages/common/src/terminal.ts
/**
 * Text from anyone who can write to MLflow (a tag, a description, a model name), made safe to print on a terminal:
 * control characters — the escape that starts a colour, a cursor move or a hidden hyperlink, a carriage return that
 * overwrites the line, a newline that forges one — are shown as `\u001b`-style escapes instead of acting.
 */
function terminalText(text) {
    // eslint-disable-next-line no-control-regex -- the control characters are what is matched
    return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// EXTERNAL MODULE: ./node_modules/fastest-levenshtein/mod.js
var mod = __webpack_require__(21916);
;// CONCATENATED MODULE: ./packages/common/src/suggest.ts


/**
 * The candidates a typo away from `word`, closest first, at most `limit`: within max(2, a third of its length) edits,
 * fewer than it has characters, letter case aside (a case-only difference comes first). `word` itself is never one.
 */
function closeMatches(word, candidates, limit = 3) {
    const typed = word.toLowerCase();
    const allowed = Math.min(Math.max(2, Math.floor(word.length / 3)), word.length - 1);
    const scored = [];
    for (const name of new Set(candidates)) {
        if (name === word)
            continue;
        const edits = (0,mod/* distance */.Io)(typed, name.toLowerCase());
        if (edits <= allowed)
            scored.push({ name, edits });
    }
    scored.sort((a, b) => a.edits - b.edits || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return scored.slice(0, limit).map((match) => match.name);
}
/**
 * ` (did you mean 'a', 'b' or 'c'?)` to follow what was not found, or '' without matches. The names come from whoever
 * can write to the registry: each is quoted as plain text, its control characters shown as escapes, never acting.
 */
function didYouMean(matches) {
    if (matches.length === 0)
        return '';
    const quoted = matches.map((match) => `'${terminalText(match)}'`);
    const listed = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
    return ` (did you mean ${listed}?)`;
}

;// CONCATENATED MODULE: ./packages/common/src/like.ts
function tokenize(pattern, escape) {
    const tokens = [];
    for (let index = 0; index < pattern.length; index++) {
        const char = pattern[index];
        if (escape && char === '\\' && index + 1 < pattern.length)
            tokens.push({ kind: 'char', char: pattern[++index] });
        else if (char === '%')
            tokens.push({ kind: 'any' });
        else if (char === '_')
            tokens.push({ kind: 'one' });
        else
            tokens.push({ kind: 'char', char });
    }
    return tokens;
}
/**
 * Whether `text` matches a SQL LIKE pattern as a whole (`%` any run, `_` one character; with `escape`, `\` makes the
 * next character literal). No regular expression is built from the pattern, and the greedy match backtracks only to
 * the last `%`, so a hostile pattern such as `%%%…%Z` costs at most text length × pattern length steps.
 */
function likeMatches(text, pattern, options = {}) {
    const fold = (value) => (options.caseInsensitive ? value.toLowerCase() : value);
    const subject = fold(text);
    const tokens = tokenize(fold(pattern), options.escape ?? false);
    let t = 0;
    let p = 0;
    let star = -1;
    let resume = 0;
    while (t < subject.length) {
        const token = tokens[p];
        if (token && (token.kind === 'one' || (token.kind === 'char' && token.char === subject[t]))) {
            t++;
            p++;
        }
        else if (token?.kind === 'any') {
            star = p++;
            resume = t;
        }
        else if (star >= 0) {
            p = star + 1;
            t = ++resume;
        }
        else
            return false;
    }
    while (tokens[p]?.kind === 'any')
        p++;
    return p === tokens.length;
}

;// CONCATENATED MODULE: ./packages/common/src/external.ts
/**
 * A module the bundles leave outside — the native onnxruntime-node, sharp and better-sqlite3, and mnist's data —
 * loaded when first needed rather than when the importing module loads. Each costs megabytes and part of a second to
 * load, which a command that never uses it (`mlops --help`, `mlops gate`) should not pay.
 *
 * The bundler would otherwise turn even a dynamic import of a bundle's external module into a static import at the top
 * of the bundle (ncc's ES-module externals), loading it at start-up after all: `webpackIgnore` keeps this a real
 * `import()`, resolved at run time from the bundle's folder exactly as a static import would be.
 */
function importExternal(name) {
    return import(/* webpackIgnore: true */ name);
}

// EXTERNAL MODULE: ./node_modules/cli-progress/cli-progress.js
var cli_progress = __webpack_require__(98502);
var cli_progress_default = /*#__PURE__*/__webpack_require__.n(cli_progress);
// EXTERNAL MODULE: ./packages/common/node_modules/pretty-bytes/index.js
var pretty_bytes = __webpack_require__(9217);
;// CONCATENATED MODULE: ./packages/common/src/progress.ts


/** An operation shorter than this shows no bar at all. */
const BAR_DELAY_MS = 1000;
/** `82 MB of 163 MB (50%)`, `1,000 of 10,000 items (10%)`, `4.1 MB`. */
function progressAmount(done, options) {
    const count = (value) => (options.unit === 'bytes' ? (0,pretty_bytes/* default */.A)(value) : value.toLocaleString('en-US'));
    const items = options.unit === 'items' ? ' items' : '';
    if (options.total === undefined || options.total <= 0)
        return `${count(done)}${items}`;
    return `${count(done)} of ${count(options.total)}${items} (${Math.floor((Math.min(done, options.total) / options.total) * 100)}%)`;
}
/**
 * Starts showing an operation's progress the logger's way: a bar when it draws on a terminal (consoleLogger with
 * `terminal`), otherwise plain lines through `logger.info` (Actions logs, CI, a piped stderr).
 */
function startProgress(logger, options) {
    return logger.progress?.(options) ?? progressLines(logger, options);
}
/**
 * Progress as plain lines through `logger.info` — `downloading cifar-10-binary.tar.gz: 82 MB of 163 MB (50%)` — every 10%
 * or every 10 s, whichever is rarer, so a log gets a handful of lines however fast or slow the operation; an operation
 * shorter than that says nothing.
 */
function progressLines(logger, options, timing = {}) {
    const now = timing.now ?? (() => performance.now());
    const everyMs = timing.everyMs ?? 10_000;
    const everyFraction = timing.everyFraction ?? 0.1;
    const total = options.total !== undefined && options.total > 0 ? options.total : undefined;
    let saidAt = now();
    let saidFraction = 0;
    let said;
    let latest = 0;
    return {
        update(done) {
            latest = done;
            const at = now();
            if (at - saidAt < everyMs)
                return;
            const fraction = total === undefined ? 0 : done / total;
            // (The margin keeps 0.3 − 0.2 from falling short of 0.1 in floating point.)
            if (total !== undefined && fraction - saidFraction < everyFraction - 1e-9)
                return;
            logger.info(`${options.label}: ${progressAmount(done, options)}`);
            said = done;
            saidAt = at;
            saidFraction = fraction;
        },
        end() {
            // A log that showed the operation under way also shows where it stopped.
            if (said !== undefined && said !== latest)
                logger.info(`${options.label}: ${progressAmount(latest, options)}`);
            said = latest;
        },
    };
}
/**
 * Progress bars on a terminal (cli-progress): one bar per operation under way, shown once it has taken a second; a
 * line said meanwhile goes above the bars instead of through them. A bar is removed when its operation ends.
 */
function terminalBars(terminal, now = () => performance.now()) {
    let bars;
    let shown = 0;
    const show = (options, done) => {
        bars ??= new (cli_progress_default()).MultiBar({
            stream: terminal,
            hideCursor: true,
            clearOnComplete: true,
            gracefulExit: true,
            barsize: 30,
            format: '{label} {bar} {amount}',
        });
        shown++;
        const known = options.total !== undefined && options.total > 0;
        // Without a total there is nothing to fill: the label and the count alone.
        return bars.create(options.total ?? 0, done, { label: options.label, amount: progressAmount(done, options) }, known ? {} : { format: '{label} {amount}' });
    };
    const hide = (bar) => {
        if (--shown > 0) {
            bars?.remove(bar);
            return;
        }
        bars?.update();
        bars?.stop();
        bars = undefined;
    };
    return {
        start(options) {
            const startedAt = now();
            let bar;
            return {
                update(done) {
                    if (!bar && now() - startedAt >= BAR_DELAY_MS)
                        bar = show(options, done);
                    bar?.update(done, { amount: progressAmount(done, options) });
                },
                end() {
                    if (bar)
                        hide(bar);
                    bar = undefined;
                },
            };
        },
        print(line) {
            if (!bars)
                return false;
            bars.log(`${line}\n`);
            bars.update();
            return true;
        },
    };
}
/**
 * The stream to draw progress bars on, when there is one: a terminal, outside CI. In GitHub Actions (GITHUB_ACTIONS,
 * CI) or with output piped to a file, progress is said in plain lines instead, which a log keeps readable.
 */
function progressTerminal(stream, env) {
    const set = (value) => value !== undefined && value !== '' && value !== 'false' && value !== '0';
    if (!stream.isTTY || set(env.CI) || set(env.GITHUB_ACTIONS))
        return undefined;
    return stream;
}

;// CONCATENATED MODULE: ./packages/common/src/logger.ts

/** Logs for a terminal: warnings and errors prefixed, groups as headings. */
function consoleLogger(options = {}) {
    const write = options.out ?? ((line) => process.stderr.write(`${line}\n`));
    const bars = options.terminal ? terminalBars(options.terminal) : undefined;
    // While a bar is shown, a line goes above it rather than through it.
    const out = (line) => {
        if (!bars?.print(line))
            write(line);
    };
    return {
        debug: (message) => {
            if (options.verbose)
                out(`debug: ${message}`);
        },
        info: (message) => out(message),
        warning: (message) => out(`warning: ${message}`),
        error: (message) => out(`error: ${message}`),
        group: async (title, fn) => {
            out(`== ${title}`);
            return fn();
        },
        ...(bars ? { progress: (progress) => bars.start(progress) } : {}),
    };
}
/** Discards everything; for callers that want no progress output. */
const silentLogger = {
    debug: () => undefined,
    info: () => undefined,
    warning: () => undefined,
    error: () => undefined,
    group: (_title, fn) => fn(),
};

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./packages/common/src/inputs.ts


const YAML_TRUE = ['true', 'True', 'TRUE'];
const YAML_FALSE = ['false', 'False', 'FALSE'];
const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
function createInputReader(options) {
    const describe = options.describe ?? ((name) => `input '${name}'`);
    const raw = (name) => {
        const value = options.get(name).trim();
        return value === '' ? undefined : value;
    };
    const fail = (name, message) => {
        throw new ConfigurationError(`${describe(name)} ${message}`, { subject: describe(name) });
    };
    const parseNumber = (name, text, limits) => {
        const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
        if (!Number.isFinite(value))
            fail(name, `must be a number, got '${text}'`);
        if (limits.integer && !Number.isInteger(value))
            fail(name, `must be a whole number, got '${text}'`);
        const range = describeRange(limits);
        const outside = (limits.min !== undefined && value < limits.min) ||
            (limits.max !== undefined && value > limits.max) ||
            (limits.above !== undefined && value <= limits.above) ||
            (limits.below !== undefined && value >= limits.below);
        if (outside)
            fail(name, `must be ${range}, got ${text}`);
        return value;
    };
    const parseEnum = (name, text, allowed) => {
        if (allowed.includes(text))
            return text;
        return fail(name, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${text}'`);
    };
    return {
        describe,
        requiredString(name) {
            return raw(name) ?? fail(name, 'is required but was not given');
        },
        optionalString: raw,
        boolean(name, defaultValue) {
            const text = raw(name);
            if (text === undefined)
                return defaultValue;
            if (YAML_TRUE.includes(text))
                return true;
            if (YAML_FALSE.includes(text))
                return false;
            return fail(name, `must be a YAML boolean (true or false), got '${text}'`);
        },
        number(name, defaultValue, limits = {}) {
            const text = raw(name);
            return text === undefined ? defaultValue : parseNumber(name, text, limits);
        },
        optionalNumber(name, limits = {}) {
            const text = raw(name);
            return text === undefined ? undefined : parseNumber(name, text, limits);
        },
        enumeration(name, allowed, defaultValue) {
            const text = raw(name);
            return text === undefined ? defaultValue : parseEnum(name, text, allowed);
        },
        optionalEnumeration(name, allowed) {
            const text = raw(name);
            return text === undefined ? undefined : parseEnum(name, text, allowed);
        },
        duration(name, defaultMs) {
            const text = raw(name);
            if (text === undefined)
                return defaultMs;
            const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
            const consumed = parts.map((p) => p[0]).join('');
            if (parts.length === 0 || consumed !== text.replace(/\s+/g, '')) {
                return fail(name, `must be a duration such as 30s, 5m, 1h30m or 500ms, got '${text}'`);
            }
            return parts.reduce((total, p) => total + Number(p[1]) * (DURATION_UNITS_MS[p[2] ?? 's'] ?? 0), 0);
        },
        list(name) {
            return (raw(name) ?? '')
                .split(/\r?\n/)
                .map((line) => line.trim())
                .filter((line) => line !== '');
        },
        map(name) {
            const text = raw(name);
            if (text === undefined)
                return {};
            let parsed;
            try {
                parsed = (0,dist/* parse */.qg)(text);
            }
            catch (error) {
                const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
                return fail(name, `must be a YAML or JSON mapping (key: value per line): ${detail}`);
            }
            if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
                return fail(name, 'must be a YAML or JSON mapping (key: value per line), not a single value or a list');
            }
            const result = {};
            for (const [key, value] of Object.entries(parsed)) {
                if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
                    return fail(name, `must map each key to a string, number or boolean; '${key}' holds ${describeValue(value)}`);
                }
                result[key] = value;
            }
            return result;
        },
    };
}
function describeRange(limits) {
    const parts = [];
    if (limits.integer)
        parts.push('a whole number');
    else
        parts.push('a number');
    if (limits.min !== undefined)
        parts.push(`>= ${limits.min}`);
    if (limits.above !== undefined)
        parts.push(`> ${limits.above}`);
    if (limits.max !== undefined)
        parts.push(`<= ${limits.max}`);
    if (limits.below !== undefined)
        parts.push(`< ${limits.below}`);
    return parts.length === 1 ? parts[0] : `${parts[0]} ${parts.slice(1).join(' and ')}`;
}
function describeValue(value) {
    if (value === null)
        return 'nothing (null)';
    if (Array.isArray(value))
        return 'a list';
    return `a ${typeof value}`;
}

;// CONCATENATED MODULE: ./packages/common/src/version-tags.ts
/**
 * The tags evaluate-promote and deploy-hf set on a registered model version — the contract between the steps, and
 * what a person reads in MLflow's UI.
 */
const VERSION_TAGS = {
    /** The gate's decision: `promote`, `reject`, … */
    decision: 'mlops.gate.decision',
    passed: 'mlops.gate.passed',
    reason: 'mlops.gate.reason',
    condition: 'mlops.gate.condition',
    /** `<dataset> <fingerprint>` */
    testset: 'mlops.gate.testset',
    /** The MLflow run holding the evaluation (its gate-result.json and predictions.csv). */
    evaluationRun: 'mlops.gate.evaluation_run',
    championVersion: 'mlops.gate.champion_version',
    accuracy: 'mlops.gate.accuracy',
    /** The Space the version was deployed to, and the Hub commit. */
    space: 'mlops.space',
    spaceCommit: 'mlops.space.commit',
};

// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(46193);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
;// CONCATENATED MODULE: ./packages/common/src/secrets.ts


/** Names of variables that hold secrets by convention: tokens, passwords, secrets, keys, credentials. */
const SECRET_NAME = /TOKEN|PASSWORD|SECRET|KEY|CREDENTIAL/i;
/** A password written into a URL: scheme://user:password@host. */
const URL_CREDENTIALS = /\b[a-z][\w+.-]*:\/\/[^/\s:@]+:([^/\s@]+)@/gi;
/** Shorter values are not treated as secrets: masking "1" or "true" everywhere would hide the log, not a secret. */
const MIN_SECRET_LENGTH = 4;
/** The secret values an environment holds: those of secret-named variables, and passwords inside URLs. */
function secretValues(env) {
    const found = new Set();
    for (const [name, value] of Object.entries(env)) {
        if (!value)
            continue;
        if (SECRET_NAME.test(name) && value.length >= MIN_SECRET_LENGTH)
            found.add(value);
        for (const match of value.matchAll(URL_CREDENTIALS)) {
            const password = match[1];
            for (const form of [password, safeDecode(password)])
                if (form.length >= MIN_SECRET_LENGTH)
                    found.add(form);
        }
    }
    return [...found];
}
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
/**
 * Credentials a command run on the user's behalf (a trainer, a relay's --run command) never inherits unless named:
 * the GitHub and Hugging Face tokens, the webhook secret, and the runner's own tokens, with which a command could
 * write the Actions cache or ask for an OIDC token. MLflow's own credentials stay: the command logs into the run.
 */
const WITHHELD_VARIABLES = [
    'GITHUB_TOKEN',
    'GH_TOKEN',
    'HF_TOKEN',
    'HUGGING_FACE_HUB_TOKEN',
    'MLFLOW_WEBHOOK_SECRET',
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_RUNTIME_URL',
    'ACTIONS_RESULTS_URL',
    'ACTIONS_CACHE_URL',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
];
/** `env` without the withheld credentials, except those named in `keep`. */
function withoutWithheldCredentials(env, keep = []) {
    const withheld = new Set(WITHHELD_VARIABLES.filter((name) => !keep.includes(name)));
    return Object.fromEntries(Object.entries(env).filter(([name]) => !withheld.has(name)));
}
/**
 * A stream that replaces every occurrence of each secret with `***`, also one split between chunks: it holds back the
 * last (longest secret − 1) characters until the next chunk or the end. Where secrets overlap, the longest one that
 * starts first is masked. Give each source (stdout, stderr) a stream of its own: interleaved chunks would split secrets.
 */
function createMaskingStream(secrets) {
    const sorted = [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
    const holdBack = Math.max(0, ...sorted.map((secret) => secret.length - 1));
    const decoder = new external_node_string_decoder_.StringDecoder('utf8');
    let pending = '';
    /** Masks `text` up to `limit` (no secret starting before it is cut off there); returns the masked part and the rest. */
    const maskUpTo = (text, limit) => {
        let out = '';
        let at = 0;
        for (;;) {
            let next = -1;
            let length = 0;
            for (const secret of sorted) {
                const found = text.indexOf(secret, at);
                if (found !== -1 && found < limit && (next === -1 || found < next))
                    [next, length] = [found, secret.length];
            }
            if (next === -1)
                break;
            out += `${text.slice(at, next)}***`;
            at = next + length;
        }
        const end = Math.max(at, limit);
        return [out + text.slice(at, end), text.slice(end)];
    };
    return new external_node_stream_.Transform({
        transform(chunk, _encoding, done) {
            const text = pending + decoder.write(chunk);
            let limit = Math.max(0, text.length - holdBack);
            // Never split a character written as two UTF-16 units.
            if (limit > 0 && limit < text.length && /[\uD800-\uDBFF]/.test(text[limit - 1]))
                limit--;
            const [masked, rest] = maskUpTo(text, limit);
            pending = rest;
            done(null, masked);
        },
        flush(done) {
            const text = pending + decoder.end();
            done(null, maskUpTo(text, text.length)[0]);
        },
    });
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./packages/common/src/paths.ts



/** Whether a `/`-separated path is plain and relative: no empty, `.` or `..` segment, no backslash or NUL. */
function isPlainRelativePath(path) {
    return !/[\\\0]/.test(path) && path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}
/**
 * Whether `target` really lies inside `root` (or is `root`): symbolic links are followed from the nearest part of
 * `target` that exists. Errors other than a missing part (a name too long, a link loop) are thrown.
 */
async function realPathInside(root, target) {
    const realRoot = await (0,promises_.realpath)(root);
    for (let probe = (0,external_node_path_.resolve)(target);; probe = (0,external_node_path_.dirname)(probe)) {
        try {
            const real = await (0,promises_.realpath)(probe);
            return real === realRoot || real.startsWith(realRoot + external_node_path_.sep);
        }
        catch (error) {
            const code = error.code ?? '';
            if (probe === (0,external_node_path_.dirname)(probe) || !['ENOENT', 'ENOTDIR'].includes(code))
                throw error;
        }
    }
}
/**
 * `root` joined with a plain relative path, refused when the path is not plain or when the result — symbolic links
 * followed — would lie outside `root`. For paths that come from elsewhere: a listing, a manifest, a tag.
 */
async function resolveInside(root, path, what = 'the path') {
    const target = (0,external_node_path_.resolve)(root, ...path.split('/'));
    if (!isPlainRelativePath(path) || !target.startsWith((0,external_node_path_.resolve)(root) + external_node_path_.sep) || !(await realPathInside(root, target)))
        throw new ConfigurationError(`${what} '${JSON.stringify(path).slice(1, -1)}' would lie outside ${root}: refused`);
    return target;
}

;// CONCATENATED MODULE: ./packages/common/src/process-group.ts
/** Sends a signal to a whole process group (what a child spawned `detached` leads); a group already gone is fine. */
function signalGroup(pid, signal) {
    try {
        process.kill(-pid, signal);
    }
    catch {
        // the group has exited already
    }
}
/**
 * Stops a process group: SIGTERM now, SIGKILL after `graceMs` to whatever is still there. Returns the function that
 * calls the SIGKILL off, for when the group has exited in time.
 */
function terminateGroup(pid, graceMs) {
    signalGroup(pid, 'SIGTERM');
    const killer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    return () => clearTimeout(killer);
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./packages/common/src/github-run.ts

/** This machine and process, as a lock holder's name outside a GitHub run. */
const localHolder = () => `${(0,external_node_os_.hostname)()} pid ${process.pid}`;
/** This machine's user, as who made a move outside a GitHub run. */
function localActor() {
    let user;
    try {
        user = (0,external_node_os_.userInfo)().username;
    }
    catch {
        user = 'someone';
    }
    return `${user} on ${(0,external_node_os_.hostname)()}`;
}
/** The run context from the GITHUB_* variables, worked out in one place for every action and command. */
function githubRunContext(env) {
    const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com';
    const runUrl = env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${serverUrl}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
    return {
        runUrl,
        attemptUrl: runUrl && env.GITHUB_RUN_ATTEMPT ? `${runUrl}/attempts/${env.GITHUB_RUN_ATTEMPT}` : runUrl,
        holder: runUrl ?? localHolder(),
        actor: env.GITHUB_ACTOR ? `@${env.GITHUB_ACTOR}` : localActor(),
        repository: env.GITHUB_REPOSITORY,
        ref: env.GITHUB_REF,
        refName: env.GITHUB_REF_NAME,
        sha: env.GITHUB_SHA,
        serverUrl,
        apiUrl: env.GITHUB_API_URL,
    };
}

;// CONCATENATED MODULE: ./packages/common/src/hosts.ts
/** Names that reach only this machine: localhost, 127.0.0.0/8 and ::1 (bare or bracketed). */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;
/** Whether an address only this machine can reach: 127.0.0.0/8, ::1 or localhost. */
const isLoopback = (host) => LOOPBACK.test(host);
/**
 * Whether a request's Host header names the address a server listens on. A page of another site whose name is made
 * to resolve to this address (DNS rebinding) sends its own name, and is refused. A server on loopback takes every
 * loopback name; one on a wildcard address (0.0.0.0, ::) takes any name — whoever reaches it may use it.
 */
function addressedHere(hostHeader, listening) {
    if (listening === '0.0.0.0' || listening === '::')
        return true;
    if (!hostHeader)
        return false;
    const name = hostHeader.replace(/:\d+$/, '').toLowerCase();
    const bound = (listening.includes(':') && !listening.startsWith('[') ? `[${listening}]` : listening).toLowerCase();
    return name === bound || (isLoopback(bound) && isLoopback(name));
}

;// CONCATENATED MODULE: ./packages/common/src/network.ts

/**
 * Codes of failures to resolve, connect or agree on TLS: the system's (not ENOENT and the like, which a local file
 * gives), undici's own, OpenSSL's certificate verdicts.
 */
const NETWORK_CODE = /^(ECONNREFUSED|ECONNRESET|ECONNABORTED|ENOTFOUND|EAI_AGAIN|EAI_FAIL|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENETDOWN|EHOSTDOWN|EPIPE|EPROTO|EADDRNOTAVAIL|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT|CERT_\w+|ERR_TLS_\w+|ERR_SSL_\w+|UNABLE_TO_\w+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/;
const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/;
/** Credentials a message might carry in a URL (`https://user:token@host`), taken out. */
const withoutUserinfo = (text) => text.replace(/\/\/[^/\s@]*@/g, '//');
function describe(error, code) {
    // Node's dual-stack connect fails with an AggregateError whose own message is empty: its parts say what happened.
    const parts = Array.isArray(error.errors)
        ? error.errors.map((part) => part?.message).filter((m) => typeof m === 'string')
        : [];
    const said = (typeof error.message === 'string' && error.message) || parts.join('; ') || code;
    return withoutUserinfo(said.includes(code) ? said : `${said} (${code})`);
}
/** The network failure under `error` (a fetch's TypeError, a client's wrapper of it), or undefined when it is something else. */
function networkFailure(error) {
    // Not `instanceof Error`: undici's errors may come from another realm (a test's VM context, a second bundle).
    let current = error;
    for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
        const failure = current;
        if (typeof failure.code === 'string' && NETWORK_CODE.test(failure.code))
            return { code: failure.code, detail: describe(failure, failure.code) };
        current = failure.cause;
    }
    return undefined;
}
/** Where a URL points, `host[:port]`, for messages: no credentials, no path. */
function hostOf(url) {
    try {
        return new URL(url).host;
    }
    catch {
        return 'an address that is not a URL';
    }
}
/**
 * A request that never reached its server as an OperationalError naming the service, the host and the system's cause —
 * `could not reach the Hugging Face Hub at huggingface.co (getaddrinfo ENOTFOUND huggingface.co)` — instead of undici's
 * bare `fetch failed`; undefined when `error` is not such a failure (an answer, a bug), for the caller to handle.
 */
function unreachableError(error, options) {
    const failure = networkFailure(error);
    if (!failure)
        return undefined;
    const check = TLS_CODE.test(failure.code)
        ? 'its TLS certificate was not accepted: check the address, the clock, and NODE_EXTRA_CA_CERTS for a private certificate authority'
        : 'check the network and the proxy settings (HTTPS_PROXY, NO_PROXY)';
    const purpose = options.purpose ? ` for ${options.purpose}` : '';
    return new OperationalError(`could not reach ${options.service} at ${hostOf(options.url)}${purpose} (${failure.detail})`, {
        service: options.service,
        hint: options.hint ? `${check}, ${options.hint}` : check,
        cause: error,
    });
}
/** The line every retry loop says before it waits: `retrying in 1.5 s (attempt 2 of 6): HTTP 503 TEMPORARILY_UNAVAILABLE`. */
function retryLine(reason, step) {
    const when = step.delayMs <= 0 ? 'now' : `in ${(step.delayMs / 1000).toFixed(1)} s`;
    return `retrying ${when} (attempt ${step.attempt} of ${step.attempts}): ${reason}`;
}

;// CONCATENATED MODULE: ./packages/common/src/index.ts





















/***/ })

};
