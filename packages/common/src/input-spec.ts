/**
 * One input of an action, which is also a flag of the `mlops` command that does the same on a machine: the one place
 * its name, description, default and secrecy are written. action.yml states the same (a test compares them), the CLI's
 * flags and help are made from it, and an action masks the secret ones before anything is logged.
 */
export interface InputSpec {
  /** action.yml's description, and the flag's help. */
  readonly description: string;
  readonly required?: boolean;
  /** The default action.yml declares (the code applies the same one when the input is empty). */
  readonly default?: string;
  /** A credential: masked in the log of an action. */
  readonly secret?: boolean;
  /** The flag's value in the CLI's help, e.g. `<name>` (default `<value>`). */
  readonly placeholder?: string;
}

/** An action's inputs by name. */
export type InputSpecs = Readonly<Record<string, InputSpec>>;

/** The names of the secret inputs. */
export function secretInputs(specs: InputSpecs): string[] {
  return Object.entries(specs)
    .filter(([, spec]) => spec.secret)
    .map(([name]) => name);
}

/** How the user names an input in messages: an action's input, or the CLI's flag. */
export type InputStyle = 'input' | 'flag';

/** `input 'model-name'` in an action, `--model-name` on the command line. */
export function describeInput(name: string, style: InputStyle): string {
  return style === 'flag' ? `--${name}` : `input '${name}'`;
}
