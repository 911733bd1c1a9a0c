// Secrets can reach an error message by many routes (an echoed request, a server message quoting a
// header, a stack trace of a failed token call). Every message, log line and rendering of our errors
// passes through here, so a new route cannot leak one.

const REDACTED = "[redacted]";

const patterns: ReadonlyArray<[RegExp, string]> = [
  // PEM blocks: certificates and private keys of any kind.
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g, `[redacted PEM]`],
  // Authorization header values and bare bearer tokens.
  [/(authorization["']?\s*[:=]\s*["']?)[^"',\r\n}]+/gi, `$1${REDACTED}`],
  [/\bbearer\s+[A-Za-z0-9\-._~+/]+=*/gi, `Bearer ${REDACTED}`],
  // JWTs anywhere (access tokens, client assertions, federated tokens).
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, `[redacted JWT]`],
  // Form-encoded or JSON secrets of the token endpoint.
  [
    /((?:client_secret|clientSecret|client_assertion|clientAssertion|access_token|accessToken|refresh_token|id_token|password)["']?\s*[:=]\s*["']?)[^"'&\s,}]+/gi,
    `$1${REDACTED}`,
  ],
  // Azure storage SAS query strings: the signature, and any query that carries one.
  [/\?(?=[^\s"']*\bsig=)[^\s"'#]*/gi, `?${REDACTED}`],
  [/\bsig=[^&\s"']+/gi, `sig=${REDACTED}`],
];

/** Exact values known to be secret in this process (client secrets, tokens), removed wherever they appear. */
const knownSecrets = new Set<string>();

/** Registers a value that must never be printed; short values are ignored to avoid mangling text. */
export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= 8) knownSecrets.add(value);
}

/**
 * The most text redaction reads. Nothing meant for people is longer; a longer text (a huge answer
 * quoted whole) is cut first, so the patterns never scan megabytes.
 */
export const MAX_REDACTED_CHARS = 64 * 1024;

/** Characters tokens, client secrets and signatures are made of. */
function isSecretCharacter(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ||
    code === 46 || code === 95 || code === 126 || code === 43 || code === 47 || code === 61 || code === 45
  );
}

/**
 * Cuts at the last character no secret contains, so a secret that straddles the limit is dropped
 * whole instead of leaving a fragment the patterns can no longer recognise.
 */
function bound(text: string): string {
  let cut = MAX_REDACTED_CHARS;
  while (cut > 0 && isSecretCharacter(text.charCodeAt(cut - 1))) cut--;
  return `${text.slice(0, cut)}… [${text.length - cut} more characters not shown]`;
}

/** Removes tokens, secrets, key material and SAS signatures from text meant for people. */
export function redact(text: string): string {
  let out = text.length > MAX_REDACTED_CHARS ? bound(text) : text;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  return out;
}

/** `redact` applied to every string inside a JSON-like value, for data kept on error objects. */
export function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item)])) as T;
  }
  return value;
}
