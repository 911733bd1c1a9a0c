// Turns zod issues into problems: one per offending property, unknown properties one by one.

import type { z } from "zod";
import type { ProblemSink } from "./problems";

export function addZodIssues(issues: readonly z.core.$ZodIssue[], sink: ProblemSink): void {
  for (const issue of issues) {
    const path = issue.path.filter((segment): segment is string | number => typeof segment !== "symbol");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) sink.add([...path, key], issue.message, "unknownProperty");
    } else {
      sink.add(path, issue.message);
    }
  }
}
