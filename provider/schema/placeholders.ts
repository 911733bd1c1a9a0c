// Ids left as they were written in an example or the README (`<guid>`, `<billing account id>`,
// `product/<guid>`, an all-zero GUID) pass for text, so without this they would reach Partner Center
// and fail there, at `pulumi up`, in the middle of a merge. They are refused in check instead, with a
// message that says the value is a placeholder and what to put in its place.
import type { z } from "zod";

/** Marks of a placeholder, each with the part of the value it found. */
const PLACEHOLDER_MARKS: readonly RegExp[] = [
  // `<guid>`, `<billing account id>`, `plan/<guid>/<guid>`
  /<[^<>]*>/,
  // `{productId}`, `${guid}`
  /\{[^{}]*\}/,
  // `[guid]`
  /\[[^[\]]*\]/,
  // An all-zero or x-ed out GUID: `00000000-0000-0000-0000-000000000000`, `xxxxxxxx-xxxx-...`
  /\b(?:0{8}|x{8})-(?:0{4}|x{4})-(?:0{4}|x{4})-(?:0{4}|x{4})-(?:0{12}|x{12})\b/i,
  // Words examples use for "fill in here"
  /\b(?:replace[-_ ]?me|change[-_ ]?me|todo|tbd|placeholder|your[-_ ][a-z]+(?:[-_ ][a-z]+)*)\b/i,
  // An ellipsis
  /\.\.\.|…/,
];

/** The placeholder in an id, as written (`<guid>`), or undefined when the value does not look like one. */
export function placeholderIn(value: string): string | undefined {
  for (const mark of PLACEHOLDER_MARKS) {
    const found = mark.exec(value);
    if (found) return found[0];
  }
  return undefined;
}

/** The message of a placeholder id: what it is, and what to write instead. */
export function placeholderMessage(found: string, replaceWith: string): string {
  return `is a placeholder ("${found}") left from an example or the README: replace it with ${replaceWith}`;
}

/**
 * A zod check refusing placeholders, added before a format rule so that `product/<guid>` reads as a
 * placeholder to replace, not as a malformed id. It stops the checks after it.
 */
export function noPlaceholder(replaceWith: string): z.core.CheckFn<string> {
  return (ctx) => {
    const found = placeholderIn(ctx.value);
    if (found !== undefined) {
      ctx.issues.push({ code: "custom", message: placeholderMessage(found, replaceWith), input: ctx.value, continue: false });
    }
  };
}
