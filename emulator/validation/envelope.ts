// The HTTP 400 body for a request that fails validation: every problem as one detail.

import type { ErrorDetail, ErrorEnvelope } from "../contracts";
import { formatPath, type Path, type Problem } from "./problems";

/** How a problem's subject is named at the start of its message: `discountPercentage`, `pricing[10]`. */
function subject(path: Path): string {
  let last = path.length - 1;
  while (last >= 0 && typeof path[last] === "number") last -= 1;
  if (last < 0) return path.length === 0 ? "The request body" : formatPath(path);
  return formatPath(path.slice(last));
}

export function toDetail(problem: Problem): ErrorDetail {
  const detail: ErrorDetail = {
    code: problem.code ?? "schemaValidationError",
    message: `${subject(problem.path)} ${problem.message}`,
  };
  if (problem.path.length > 0) detail.target = formatPath(problem.path);
  return detail;
}

export function validationEnvelope(problems: readonly Problem[]): ErrorEnvelope {
  const details = problems.map(toDetail);
  const first = details[0];
  const count = details.length === 1 ? "1 problem" : `${details.length} problems`;
  const lead = first ? `: ${first.target ? `${first.target}: ` : ""}${first.message}` : "";
  return {
    error: {
      code: "badRequest",
      message: `The configure request does not match its schema (${count})${lead}${details.length > 1 ? "; see details" : ""}`,
      details,
    },
  };
}
