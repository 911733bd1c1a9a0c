// The body of `POST /configure`: an envelope of resources, each named by its `$schema`. Built whole
// by the lifecycle (or a caller of the client) and sent as it is.
import { CONFIGURE_SCHEMA } from "./versions";

/** A resource of a configure request: any object with its `$schema`. */
export type ConfigureResource = { $schema: string } & Record<string, unknown>;

/** The body of `POST /configure`. */
export interface ConfigureEnvelope {
  $schema: string;
  resources: ConfigureResource[];
}

/** The envelope of these resources, at the configure schema this package speaks. */
export function configureEnvelope(resources: ConfigureResource[]): ConfigureEnvelope {
  return { $schema: CONFIGURE_SCHEMA, resources };
}
