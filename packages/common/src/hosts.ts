/** Names that reach only this machine: localhost, 127.0.0.0/8 and ::1 (bare or bracketed). */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/** Whether an address only this machine can reach: 127.0.0.0/8, ::1 or localhost. */
export const isLoopback = (host: string): boolean => LOOPBACK.test(host);

/**
 * Whether a request's Host header names the address a server listens on. A page of another site whose name is made
 * to resolve to this address (DNS rebinding) sends its own name, and is refused. A server on loopback takes every
 * loopback name; one on a wildcard address (0.0.0.0, ::) takes any name — whoever reaches it may use it.
 */
export function addressedHere(hostHeader: string | undefined, listening: string): boolean {
  if (listening === '0.0.0.0' || listening === '::') return true;
  if (!hostHeader) return false;
  const name = hostHeader.replace(/:\d+$/, '').toLowerCase();
  const bound = (listening.includes(':') && !listening.startsWith('[') ? `[${listening}]` : listening).toLowerCase();
  return name === bound || (isLoopback(bound) && isLoopback(name));
}
