// What the repository `export --init` writes depends on: this package's own version, and the
// releases of @pulumi/pulumi, TypeScript and Node.js's types it is built and tested with, read from
// this package's package.json (in the checkout or where npm installed it).
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { PACKAGE_NAME } from "../render";

const ownManifestSchema = z.object({
  name: z.literal(PACKAGE_NAME),
  version: z.string().min(1),
  peerDependencies: z.object({ "@pulumi/pulumi": z.string().min(1) }),
  devDependencies: z.record(z.string(), z.string()).optional(),
  engines: z.object({ node: z.string().min(1) }).optional(),
});

export interface DependencyPins {
  packageVersion: string;
  /** A caret range at the oldest @pulumi/pulumi this package supports, e.g. `^3.276.0`. */
  pulumi: string;
  typescript: string;
  nodeTypes: string;
  node: string;
}

/** The lowest version a range like `>=3.276.0 <4` or `^3.276.0` allows. */
export function lowestVersion(range: string): string {
  const found = /(\d+\.\d+\.\d+)/.exec(range)?.[1];
  if (!found) throw new Error(`cannot read a version from the range "${range}" in ${PACKAGE_NAME}'s package.json`);
  return found;
}

function findOwnManifest(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "package.json");
    try {
      const parsed = JSON.parse(readFileSync(candidate, "utf8")) as { name?: unknown };
      if (parsed.name === PACKAGE_NAME) return candidate;
    } catch {
      // not here (or not JSON): look further up
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find ${PACKAGE_NAME}'s package.json above ${from}`);
  }
}

export function dependencyPins(from: string = __dirname): DependencyPins {
  const file = findOwnManifest(from);
  const manifest = ownManifestSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  const dev = manifest.devDependencies ?? {};
  return {
    packageVersion: manifest.version,
    pulumi: `^${lowestVersion(manifest.peerDependencies["@pulumi/pulumi"])}`,
    typescript: dev["typescript"] ?? "^5.9.3",
    nodeTypes: dev["@types/node"] ?? "^22.0.0",
    node: manifest.engines?.node ?? ">=22",
  };
}
