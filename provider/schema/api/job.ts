import { z } from "zod";
import { apiErrorDetailSchema } from "./error-envelope";
import { caseInsensitiveEnum } from "./enum";

export const jobStatusValues = ["notStarted", "running", "completed"] as const;
export const jobResultValues = ["pending", "succeeded", "failed", "cancelled"] as const;

/** A configure job as returned by `POST /configure` and `GET /configure/{jobId}/status`. */
export const jobSchema = z.looseObject({
  jobId: z.string().min(1),
  jobStatus: caseInsensitiveEnum(jobStatusValues),
  jobResult: caseInsensitiveEnum(jobResultValues),
  jobStart: z.string().optional(),
  jobEnd: z.string().optional(),
  resourceUri: z.string().nullish(),
  errors: z.array(apiErrorDetailSchema).nullish().transform((errors) => errors ?? []),
});

export type Job = z.infer<typeof jobSchema>;
export type JobStatus = Job["jobStatus"];
export type JobResult = Job["jobResult"];

/** A job that has finished successfully: the only kind `waitForJob` returns. */
export type SucceededJob = Job & { jobStatus: "completed"; jobResult: "succeeded" };

/** A resource the job wrote; at least its durable id. */
export const jobResourceSchema = z.looseObject({
  $schema: z.string().optional(),
  id: z.string().optional(),
  resourceName: z.string().optional(),
});

/**
 * `GET /configure/{jobId}`: normally `{resources: [...]}`; one documented sample is a bare resource.
 * Both are read as a list of resources.
 */
export const jobDetailSchema = z.union([
  z.looseObject({ $schema: z.string().optional(), resources: z.array(jobResourceSchema) }),
  jobResourceSchema.refine((resource) => resource.id !== undefined, "expected `resources` or a resource with an `id`")
    .transform((resource) => ({ resources: [resource] })),
]);

export type JobDetail = { resources: Array<z.infer<typeof jobResourceSchema>> };
