/**
 * Text from anyone who can write to MLflow (a tag, a description, a model name), made safe to print on a terminal:
 * control characters — the escape that starts a colour, a cursor move or a hidden hyperlink, a carriage return that
 * overwrites the line, a newline that forges one — are shown as `\u001b`-style escapes instead of acting.
 */
export function terminalText(text: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters are what is matched
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
