import type * as pulumi from "@pulumi/pulumi";

/** Each property may be a value or an output of another resource; documentation is carried over. */
export type Inputs<T> = T extends unknown ? { [K in keyof T]: pulumi.Input<T[K]> } : never;
