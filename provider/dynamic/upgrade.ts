// `upgradedFrom` written as the accepted offer's id alone: the API takes `{ id, name }`, so the name is
// read from Partner Center before the create is sent (one GET), or taken from the state when the
// offer already holds it. Every other rule of an upgrade (accepted, same customer, dates, the
// original's plans) is Partner Center's to judge: its job errors say which property is wrong.
import { isUpgradeReference } from "../schema/offer-fields";
import type { PrivateOfferInputs } from "../schema/private-offer";
import { RefusedError } from "./errors";
import type { RunContext } from "./run-context";

type Props = Readonly<Record<string, unknown>>;

/** The inputs with `upgradedFrom` as `{ id, name }`; `previous`: the outputs in state, for an update. */
export async function withUpgradeResolved<T extends PrivateOfferInputs>(ctx: Pick<RunContext, "client" | "runtime" | "subject">, inputs: T, previous?: Props): Promise<T> {
  const given = "upgradedFrom" in inputs ? inputs.upgradedFrom : undefined;
  if (typeof given !== "string") return inputs;
  const held = previous?.["upgradedFrom"];
  if (isUpgradeReference(held) && held.id.toLowerCase() === given.toLowerCase()) return { ...inputs, upgradedFrom: held };
  const original = await ctx.client.getPrivateOffer(given);
  if (!original || original.state === "deleted") {
    throw new RefusedError(
      `upgradedFrom names ${given}, which ${original ? "has been deleted" : "does not exist or is not visible to this account"}: ` +
        "give the id of the accepted offer this one renews (or its PrivateOffer resource)",
    );
  }
  ctx.runtime.say(ctx.subject, `upgrades the accepted offer "${original.name}" (${original.id})`);
  return { ...inputs, upgradedFrom: { id: original.id, name: original.name } };
}
