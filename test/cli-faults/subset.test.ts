// A fast subset of the fault table for `npm test` (about a minute): one row of each kind the other
// real-CLI suites do not run: a create's POST held while the run is killed, a destroy killed between
// its withdraw and its delete, the token endpoint failing during an update, and a delete's POST
// whose outcome is unknown. The whole table runs with `npm run test:cli-faults`.
import { rowKey, type Row } from "./rows";
import { describeFaultRows } from "./suite";

const SUBSET: readonly Row[] = [
  { kind: "kill", operation: "create", moment: "before the POST is answered" },
  { kind: "kill", operation: "delete", moment: "between withdraw and delete" },
  { kind: "token", operation: "update", fault: "503" },
  { kind: "api", operation: "delete", step: 1, fault: "500" },
];

describeFaultRows(`the fault table through the real Pulumi CLI, fast subset (${SUBSET.map(rowKey).join("; ")})`, SUBSET);
