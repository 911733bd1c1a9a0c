// Offers files in YAML: read with the `yaml` package, which keeps every node's position.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { PropertyPath } from "../schema/unknowns";
import { pathText, type Position, type Problem, type SourceFile, type SourceOffer } from "./sources";

function child(node: unknown, key: PropertyKey): { node: Node | null; keyNode?: Node } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
    if (!pair) return undefined;
    return { node: (pair.value as Node | null) ?? null, keyNode: pair.key as Node };
  }
  if (isSeq(node) && typeof key === "number") {
    const item = node.items[key];
    return item === undefined ? undefined : { node: item as Node };
  }
  return undefined;
}

/**
 * Where `path` was written: its value (or, with `atKey`, its key), or the key of the deepest part of
 * it that exists.
 */
function yamlPosition(doc: Document, counter: LineCounter, path: PropertyPath, atKey = false): { position: Position; found: boolean } {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  // A missing property is shown at the key of the mapping that lacks it.
  let parentKey = offset;
  for (const [i, key] of path.entries()) {
    const next = child(node, key);
    if (!next) return { position: toPosition(counter, parentKey), found: false };
    const last = i === path.length - 1;
    const keyOffset = next.keyNode?.range?.[0];
    offset = (last && atKey) || next.node === null ? (keyOffset ?? offset) : (next.node?.range?.[0] ?? keyOffset ?? offset);
    parentKey = keyOffset ?? offset;
    node = next.node;
  }
  return { position: toPosition(counter, offset), found: true };
}

function toPosition(counter: LineCounter, offset: number): Position {
  const { line, col } = counter.linePos(offset);
  return { line, column: col };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function readYaml(text: string): SourceFile {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [...doc.errors, ...doc.warnings].map((error) => ({
    ...toPosition(counter, error.pos[0]),
    property: "(file)",
    message: error.message.split("\n")[0] ?? error.message,
  }));
  if (doc.errors.length) return { offers: [], problems };
  const document: unknown = doc.toJS({ maxAliasCount: 100 });
  const locateInDocument = (path: PropertyPath, atKey = false) => yamlPosition(doc, counter, path, atKey).position;
  const offers: SourceOffer[] = [];
  if (isRecord(document) && isRecord(document["offers"])) {
    const defaults = isRecord(document["defaults"]) ? document["defaults"] : {};
    for (const [resource, entry] of Object.entries(document["offers"])) {
      const own = isRecord(entry) ? entry : {};
      offers.push({
        resource,
        // An offer's own value wins; its `null` drops the default.
        raw: Object.fromEntries(Object.entries({ ...defaults, ...own }).filter(([, value]) => value !== null)),
        describe: (path) => pathText(["offers", resource, ...path]),
        locate(path) {
          // The offer's own value, else the default it inherited, else the offer's key.
          const mine = yamlPosition(doc, counter, ["offers", resource, ...path]);
          if (mine.found || path.length === 0 || !(String(path[0]) in defaults) || String(path[0]) in own) return mine.position;
          return yamlPosition(doc, counter, ["defaults", ...path]).position;
        },
      });
    }
  }
  return { offers, problems, document, locateInDocument };
}
