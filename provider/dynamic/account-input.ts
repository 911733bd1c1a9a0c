// The `account` input names a credential profile of `partnercenter:accounts`, so one stack can
// manage both sides of a multiparty offer. It steers the provider only: it is checked here, kept in
// the outputs (delete and refresh see only those) and never sent to the API.

export const ACCOUNT_INPUT = "account";

export interface SplitAccount {
  account?: string;
  rest: Record<string, unknown>;
  failure?: { property: string; reason: string };
}

/** Separates `account` from the other inputs or outputs. */
export function splitAccount(props: Record<string, unknown>): SplitAccount {
  const { [ACCOUNT_INPUT]: account, ...rest } = props;
  if (account === undefined || account === null) return { rest };
  if (typeof account !== "string" || account.trim() === "") {
    return {
      rest,
      failure: { property: ACCOUNT_INPUT, reason: "must be the name of a profile in the stack config partnercenter:accounts" },
    };
  }
  return { account, rest };
}

/** Adds the account back to outputs, when one was named. */
export function withAccount<T extends object>(outputs: T, account: string | undefined): T {
  return account === undefined ? outputs : { ...outputs, [ACCOUNT_INPUT]: account };
}
