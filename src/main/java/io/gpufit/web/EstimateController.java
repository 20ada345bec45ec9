package io.gpufit.web;

import io.gpufit.application.Estimation;
import io.gpufit.application.Estimations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "estimate", description = "GPU memory for a model and workload, and the GPU to serve it on")
class EstimateController {

    /**
     * The worked example of the reference data: Llama 3.2 1B taken as a nominal 1B in FP16, weighed
     * against the GPUs it compares (P100, A40, A100). Over the whole catalog the T4 would win: it
     * exposes slightly less memory than the P100.
     */
    static final String SEED_EXAMPLE = """
            {
              "parametersBillions": 1,
              "weightDtype": "fp16",
              "numLayers": 16,
              "numAttentionHeads": 32,
              "numKeyValueHeads": 8,
              "headDim": 64,
              "batchSize": 4,
              "sequenceLength": 256,
              "gpus": ["p100-pcie-16gb", "a40", "a100-pcie-40gb", "a100-sxm4-80gb"]
            }""";

    static final String MODEL_EXAMPLE = """
            {
              "model": "meta-llama/Llama-3.1-8B",
              "batchSize": 32,
              "sequenceLength": 8192,
              "engine": {"name": "vllm"}
            }""";

    /** The seed on an A100 80GB with MIG slices allowed: its smallest slice, 1g.10gb, holds it. */
    static final String MIG_EXAMPLE = """
            {
              "parametersBillions": 1,
              "weightDtype": "fp16",
              "numLayers": 16,
              "numAttentionHeads": 32,
              "numKeyValueHeads": 8,
              "headDim": 64,
              "batchSize": 4,
              "sequenceLength": 256,
              "gpus": ["a100-sxm4-80gb"],
              "allowMig": true
            }""";

    /** Llama 3.1 70B on what is free: one H100 and four L40S. */
    static final String INVENTORY_EXAMPLE = """
            {
              "model": "meta-llama/Llama-3.1-70B",
              "batchSize": 1,
              "sequenceLength": 4096,
              "gpus": ["h100-sxm5-80gb", "l40s"],
              "inventory": {"h100-sxm5-80gb": 1, "l40s": 4}
            }""";

    private final Estimations estimations;

    EstimateController(Estimations estimations) {
        this.estimations = estimations;
    }

    @PostMapping(
            path = "/estimate",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "estimate",
            summary = "Estimate GPU memory and recommend a GPU",
            description = "Weights + pre-allocated KV cache in exact bytes, the derivation, every candidate GPU "
                    + "with its headroom, and the smallest compatible GPU that fits.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            schema = @Schema(implementation = EstimateRequest.class),
                                            examples = {
                                                @ExampleObject(
                                                        name = "seed",
                                                        summary =
                                                                "Llama 3.2 1B as a nominal 1B, FP16, batch 4 x 256 tokens, on P100 / A40 / A100",
                                                        description =
                                                                "The worked example: weights 2,000,000,000 B, KV cache per token "
                                                                        + "32,768 B, KV cache 33,554,432 B, total 2,033,554,432 B; the P100 16GB "
                                                                        + "is recommended.",
                                                        value = SEED_EXAMPLE),
                                                @ExampleObject(
                                                        name = "model on vLLM",
                                                        summary =
                                                                "Llama 3.1 8B from the catalog, 32 x 8k tokens, vLLM's startup budget",
                                                        value = MODEL_EXAMPLE),
                                                @ExampleObject(
                                                        name = "MIG slices",
                                                        summary = "The seed on an A100 80GB, MIG slices allowed",
                                                        description =
                                                                "The recommendation is the 1g.10gb slice, with the Kubernetes "
                                                                        + "limit nvidia.com/mig-1g.10gb: 1.",
                                                        value = MIG_EXAMPLE),
                                                @ExampleObject(
                                                        name = "inventory",
                                                        summary = "Llama 3.1 70B on one free H100 and four free L40S",
                                                        description =
                                                                "The best placement, 2 x H100, is not free (one is): the "
                                                                        + "recommendation is 4 x L40S, and inventory names the "
                                                                        + "placement that would be best were every GPU free.",
                                                        value = INVENTORY_EXAMPLE)
                                            })))
    @ApiResponse(
            responseCode = "200",
            description = "The estimate; recommendation is null when nothing fits",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = EstimateResponse.class),
                            examples =
                                    @ExampleObject(
                                            name = "seed",
                                            summary = "The answer to the seed request",
                                            description = "What the service answers to the seed request example above.",
                                            value = ApiExamples.ESTIMATE_200_SEED)))
    @ApiResponse(
            responseCode = "400",
            description = "Invalid input: each offending field with the rejected value",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class),
                            examples = {
                                @ExampleObject(
                                        name = "out of range",
                                        summary = "batchSize 0 and memoryUtilization 1.5",
                                        description =
                                                "The answer to {\"model\": \"meta-llama/Llama-3.1-8B\", \"batchSize\": 0, "
                                                        + "\"sequenceLength\": 8192, \"memoryUtilization\": 1.5}: every field out of range is "
                                                        + "listed at once.",
                                        value = ApiExamples.ESTIMATE_400_OUT_OF_RANGE),
                                @ExampleObject(
                                        name = "unknown model",
                                        summary = "A model neither in the catalog nor fetched (Hub fetch off)",
                                        description =
                                                "The answer to {\"model\": \"meta-llama/Llama-4-Scout-17B-16E-Instruct\", \"batchSize\": 8, "
                                                        + "\"sequenceLength\": 4096} on a server with the Hub fetch off (the default).",
                                        value = ApiExamples.ESTIMATE_400_UNKNOWN_MODEL)
                            }))
    @ApiResponse(
            responseCode = "408",
            description = "The body did not arrive in full within gpufit.limits.body-read-timeout (10 s), or "
                    + "paused longer than server.tomcat.connection-timeout (10 s); the connection is closed",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class),
                            examples =
                                    @ExampleObject(
                                            name = "stalled body",
                                            summary = "A body that stopped arriving",
                                            description = "The answer to a body that stopped arriving halfway.",
                                            value = ApiExamples.ESTIMATE_408)))
    @ApiResponse(
            responseCode = "413",
            description = "The body is larger than gpufit.limits.max-body-size (1 MiB): refused "
                    + "before it is parsed, at once when Content-Length says so",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class),
                            examples =
                                    @ExampleObject(
                                            name = "too large",
                                            summary = "A body declared 2,000,000 bytes long",
                                            description = "The answer to Content-Length: 2000000, sent before the "
                                                    + "body, which was never read.",
                                            value = ApiExamples.ESTIMATE_413)))
    @ApiResponse(
            responseCode = "415",
            description = "The body was not sent as Content-Type: application/json",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class),
                            examples =
                                    @ExampleObject(
                                            name = "text/plain",
                                            summary = "A form-style body sent as text/plain",
                                            description =
                                                    "The answer to curl -d 'batchSize=4' -H 'Content-Type: text/plain'.",
                                            value = ApiExamples.ESTIMATE_415)))
    @ApiResponse(
            responseCode = "502",
            description = "The Hugging Face Hub fetch failed (only with gpufit.hub.enabled); "
                    + "paste the config.json as modelConfig instead",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class),
                            examples =
                                    @ExampleObject(
                                            name = "gated model",
                                            summary = "A gated model without HF_TOKEN on the server",
                                            description =
                                                    "The Hub answers 401 for a gated model when the server has no HF_TOKEN, and "
                                                            + "for a model id that does not exist.",
                                            value = ApiExamples.ESTIMATE_502)))
    @ApiResponse(
            responseCode = "504",
            description = "The Hugging Face Hub did not answer in time",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class),
                            examples =
                                    @ExampleObject(
                                            name = "timeout",
                                            summary = "No config.json within the read timeout",
                                            description =
                                                    "The Hub did not answer within the read timeout (default 5 s).",
                                            value = ApiExamples.ESTIMATE_504)))
    EstimateResponse estimate(
            @Valid @RequestBody EstimateRequest request,
            @Parameter(
                            description = "full (default), or summary: the same recommendation and candidate rows "
                                    + "without each candidate's tried placements and engine derivation, for schedulers",
                            schema =
                                    @Schema(
                                            allowableValues = {"full", "summary"},
                                            defaultValue = "full"))
                    @RequestParam(name = "view", required = false)
                    String view) {
        ResponseView chosen = ResponseView.of(view);
        return response(estimations.estimate(request.toInput()), chosen);
    }

    static EstimateResponse response(Estimation result, ResponseView view) {
        return EstimateResponse.of(result, view);
    }
}
