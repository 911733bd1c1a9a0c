// Request bodies: read with a size limit, parsed strictly. JSON.parse in Node 20 does not always say
// where a document went wrong, so on failure a small scanner finds the first offending character;
// the documented samples are full of typos and a position is what lets a person fix theirs.

import type { IncomingMessage } from "node:http";

export type BodyRead = { ok: true; text: string } | { ok: false; reason: "tooLarge"; limit: number };

/** Reads the whole body, giving up (without buffering the rest) once it exceeds `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      resolve({ ok: false, reason: "tooLarge", limit });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve({ ok: false, reason: "tooLarge", limit });
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (done) return;
      done = true;
      resolve({ ok: true, text: Buffer.concat(chunks).toString("utf8") });
    });
    req.on("error", (error) => {
      if (done) return;
      done = true;
      reject(error);
    });
  });
}

export type JsonParse =
  | { ok: true; value: unknown }
  | { ok: false; position: number; line: number; column: number; problem: string };

export function parseStrictJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    const failure = locateJsonError(text);
    const { line, column } = lineAndColumn(text, failure.position);
    return { ok: false, position: failure.position, line, column, problem: failure.problem };
  }
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

class JsonSyntaxError extends Error {
  constructor(readonly position: number, readonly problem: string) {
    super(problem);
  }
}

/** A recursive-descent JSON recogniser (RFC 8259) that reports the first error's offset. */
export function locateJsonError(text: string): { position: number; problem: string } {
  let i = 0;
  const describe = (at: number): string =>
    at >= text.length ? "end of input" : `'${text[at]}'`;
  const fail = (expected: string): never => {
    throw new JsonSyntaxError(i, `expected ${expected} but found ${describe(i)}`);
  };
  const skipWhitespace = (): void => {
    while (i < text.length && " \t\n\r".includes(text[i] as string)) i++;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail("a JSON value");
  };
  const string = (): void => {
    if (text[i] !== '"') fail("'\"'");
    i++;
    for (;;) {
      if (i >= text.length) fail("the closing '\"' of a string");
      const code = text.charCodeAt(i);
      if (code === 0x22) { i++; return; }
      if (code < 0x20) fail("no control character inside a string");
      if (code === 0x5c) {
        const next = text[i + 1];
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) { i += 2; fail("four hex digits after \\u"); }
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          i += 2;
        } else {
          i++;
          fail("a valid escape after '\\'");
        }
        continue;
      }
      i++;
    }
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail("a JSON value");
    i += (match as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    skipWhitespace();
    const c = text[i];
    if (c === "{") object();
    else if (c === "[") array();
    else if (c === '"') string();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) number();
    else fail("a JSON value");
  };
  const object = (): void => {
    i++;
    skipWhitespace();
    if (text[i] === "}") { i++; return; }
    for (;;) {
      skipWhitespace();
      if (text[i] !== '"') fail("a double-quoted property name");
      string();
      skipWhitespace();
      if (text[i] !== ":") fail("':' after a property name");
      i++;
      value();
      skipWhitespace();
      if (text[i] === ",") { i++; continue; }
      if (text[i] === "}") { i++; return; }
      fail("',' or '}' in an object");
    }
  };
  const array = (): void => {
    i++;
    skipWhitespace();
    if (text[i] === "]") { i++; return; }
    for (;;) {
      value();
      skipWhitespace();
      if (text[i] === ",") { i++; continue; }
      if (text[i] === "]") { i++; return; }
      fail("',' or ']' in an array");
    }
  };
  try {
    value();
    skipWhitespace();
    if (i < text.length) fail("end of input after the JSON value");
    // JSON.parse rejected something the recogniser accepts (should not happen): point at the start.
    return { position: 0, problem: "the body is not valid JSON" };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { position: error.position, problem: error.problem };
    if (error instanceof RangeError) return { position: i, problem: "the body nests too deeply" };
    throw error;
  }
}
