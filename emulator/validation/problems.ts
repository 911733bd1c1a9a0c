// A validation problem before it becomes an envelope detail: where it is (a property path relative
// to the thing being checked) and what rule it breaks, in words a person can act on.

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export interface Problem {
  path: Path;
  message: string;
  /** Defaults to `schemaValidationError` when the envelope is built. */
  code?: ProblemCode;
}

export type ProblemCode =
  | "schemaValidationError"
  | "unknownProperty"
  | "unsupportedSchema"
  | "invalidReference"
  | "invalidBody";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `["resources", 0, "pricing", 2, "x"]` -> `resources[0].pricing[2].x`; odd keys are quoted: `vmPrices["36Core"]`. */
export function formatPath(path: Path): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Collects problems under a path prefix, so nested checks can speak in local paths. */
export class ProblemSink {
  constructor(
    private readonly problems: Problem[],
    private readonly prefix: Path = [],
  ) {}

  add(path: Path, message: string, code?: ProblemCode): void {
    const problem: Problem = { path: [...this.prefix, ...path], message };
    if (code !== undefined) problem.code = code;
    this.problems.push(problem);
  }

  at(...path: PathSegment[]): ProblemSink {
    return new ProblemSink(this.problems, [...this.prefix, ...path]);
  }
}
