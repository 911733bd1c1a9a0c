import type * as pulumi from "@pulumi/pulumi";

/** Each property may be a value or an output of another resource; documentation is carried over. */
export type Inputs<T> = T extends unknown ? { [K in keyof T]: pulumi.Input<T[K]> } : never;

/** Inputs every resource of this package accepts besides its own. */
export interface AccountInput {
  /**
   * The credential profile to use: a key of the stack config `partnercenter:accounts` (a secret
   * JSON object of profile name -> the same settings as the top level, e.g. `clientId`,
   * `clientSecret`, `tenantId`). Leave out to use the top-level `partnercenter:*` settings. Lets one
   * stack manage both the software company's and the channel partner's side of a multiparty offer.
   */
  account?: pulumi.Input<string>;
}
