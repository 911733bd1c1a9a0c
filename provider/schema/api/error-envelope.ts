import { z } from "zod";

export interface ApiErrorDetail {
  code: string;
  message: string;
  target?: string | undefined;
  resourceId?: string | undefined;
  resourceName?: string | undefined;
  details?: ApiErrorDetail[] | undefined;
}

/** One error item: in an envelope's `details` and in a job's `errors`; items may nest. */
export const apiErrorDetailSchema: z.ZodType<ApiErrorDetail> = z.lazy(() =>
  z.looseObject({
    code: z.string().default("unknown"),
    message: z.string().default(""),
    target: z.string().optional(),
    resourceId: z.string().optional(),
    resourceName: z.string().optional(),
    details: z.array(apiErrorDetailSchema).optional(),
  }),
);

/** The body of a failed request: `{"error":{"code","message","details":[...]}}`. */
export const errorEnvelopeSchema = z.object({
  error: z.looseObject({
    code: z.string(),
    message: z.string().default(""),
    target: z.string().optional(),
    details: z.array(apiErrorDetailSchema).default([]),
  }),
});

export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
